package ai.elevare.http;

import java.util.List;

/** A refusal that becomes an RFC 9457 problem response; thrown before anything changes. */
public final class ApiException extends RuntimeException {
  public record FieldError(String field, String message) {}

  private final int status;
  private final String title;
  private final List<FieldError> errors;
  private final long retryAfterSeconds;

  public ApiException(int status, String title, String detail, List<FieldError> errors) {
    this(status, title, detail, errors, 0);
  }

  private ApiException(int status, String title, String detail, List<FieldError> errors, long retryAfterSeconds) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 429 with a Retry-After of {@code retryAfterSeconds} (at least 1). */
  public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
    return new ApiException(429, "Too many requests", detail, null, Math.max(1, retryAfterSeconds));
  }

  public static ApiException badRequest(String field, String message) {
    return new ApiException(
        400, "Invalid request", field + ": " + message, List.of(new FieldError(field, message)));
  }

  public static ApiException invalid(List<FieldError> errors) {
    String detail =
        errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("");
    return new ApiException(400, "Invalid request", detail, errors);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "Not found", detail, null);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, "Conflict", detail, null);
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, "Forbidden", detail, null);
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(401, "Unauthorized", detail, null);
  }

  public static ApiException unavailable(String detail) {
    return new ApiException(503, "Service unavailable", detail, null);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** Seconds for a Retry-After header; 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
