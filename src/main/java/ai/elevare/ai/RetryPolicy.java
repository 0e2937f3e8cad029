package ai.elevare.ai;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded retries with exponential backoff and jitter. Only failures that another attempt can fix
 * (429, 5xx, I/O) are retried; a provider's Retry-After replaces the computed backoff.
 *
 * @param maxRetries attempts after the first one
 * @param minBackoff the delay before the first retry
 * @param maxBackoff the cap of the exponential growth
 * @param jitter the random part, 0..1: the delay is drawn from [d·(1−jitter), d]
 */
public record RetryPolicy(int maxRetries, Duration minBackoff, Duration maxBackoff, double jitter) {

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0");
    }
    if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= minBackoff <= maxBackoff");
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be in 0..1");
    }
  }

  /** Two retries, 200 ms then 400 ms (up to 2 s), 20 % jitter. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(2), 0.2);
  }

  public static RetryPolicy none() {
    return new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 0);
  }

  /** Whether a failure after {@code attemptsMade} attempts may be retried at all. */
  public boolean mayRetry(Throwable failure, int attemptsMade) {
    return attemptsMade <= maxRetries
        && AiFailure.rootOf(failure) instanceof AiFailure f
        && f.retryable();
  }

  /**
   * The wait before attempt number {@code attemptsMade + 1}: the provider's Retry-After when given,
   * otherwise minBackoff·2^(attemptsMade−1), capped, minus up to {@code jitter} of it so that many
   * callers hit by one outage do not retry in lockstep.
   */
  public Duration delayBefore(int attemptsMade, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      return retryAfter.get();
    }
    long base = minBackoff.toNanos();
    int shift = Math.min(Math.max(attemptsMade - 1, 0), 30);
    long grown = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
    long capped = Math.min(grown, maxBackoff.toNanos());
    long cut = (long) (capped * jitter * ThreadLocalRandom.current().nextDouble());
    return Duration.ofNanos(capped - cut);
  }
}
