package ai.elevare.practice.math;

/**
 * A refused or failed CAS call. {@link Kind#INVALID_INPUT} and {@link Kind#TOO_LARGE} carry a message written for
 * the student (shown as answer feedback); the other kinds are operational and should map to "try again".
 */
public final class CasException extends Exception {

  private static final long serialVersionUID = 1L;

  public enum Kind {
    /** The input is not math this product reads (syntax, unknown names, disallowed symbols). */
    INVALID_INPUT,
    /** The input or its result would be too large (digits, exponents, nesting, length). */
    TOO_LARGE,
    /** The evaluation did not finish within its time bound and was stopped. */
    TIMEOUT,
    /** All CAS threads are busy or stuck and the queue is full. */
    OVERLOADED,
    /** The CAS failed on the input (an internal error of the CAS). */
    FAILED,
    /** The gateway is closed. */
    CLOSED
  }

  private final Kind kind;

  public CasException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public CasException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether the input itself was at fault (as opposed to load or an internal failure). */
  public boolean isInputProblem() {
    return kind == Kind.INVALID_INPUT || kind == Kind.TOO_LARGE;
  }

  static CasException invalid(String message) {
    return new CasException(Kind.INVALID_INPUT, message);
  }

  static CasException tooLarge(String message) {
    return new CasException(Kind.TOO_LARGE, message);
  }
}
