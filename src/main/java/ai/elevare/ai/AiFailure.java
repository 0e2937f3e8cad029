package ai.elevare.ai;

import java.time.Duration;
import java.util.Optional;

/**
 * Why an AI call failed, in the terms the retry logic needs: whether another attempt may help and
 * how long the provider asked us to wait.
 */
public final class AiFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The kinds of failure; only the retryable ones are retried. */
  public enum Kind {
    /** HTTP 429. */
    RATE_LIMITED(true),
    /** HTTP 5xx. */
    SERVER_ERROR(true),
    /** Connection refused or cut, read timeout. */
    IO(true),
    /** Any other HTTP status (400, 401, 404, ...): retrying the same request cannot help. */
    CLIENT_ERROR(false),
    /** The provider answered, but not with the JSON we asked for. */
    MALFORMED(false),
    /** The provider cannot do this task at all (the local model writes no nudge texts). */
    UNSUPPORTED(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;

  public AiFailure(Kind kind, int status, Duration retryAfter, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public AiFailure(Kind kind, String message) {
    this(kind, 0, null, message, null);
  }

  /**
   * Whether a failure says the provider is unwell, and so counts against its circuit breaker:
   * transport errors, timeouts, 5xx and 429. An answer we could not parse or a 4xx says nothing
   * about the provider's health; counting it would let a few prompt-injected questions open the
   * breaker for every student on the node.
   */
  public static boolean isProviderFault(Throwable error) {
    Throwable cause = rootOf(error);
    if (cause instanceof AiFailure f) return f.kind().retryable();
    return cause instanceof java.util.concurrent.TimeoutException || cause instanceof java.io.IOException;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when there was none. */
  public int status() {
    return status;
  }

  /** The provider's Retry-After, when it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public boolean retryable() {
    return kind.retryable();
  }

  /** Unwraps completion wrappers to the failure that matters. */
  public static Throwable rootOf(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof java.util.concurrent.CompletionException
            || cur instanceof java.util.concurrent.ExecutionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }
}
