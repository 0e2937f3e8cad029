package ai.elevare.http.auth;

/**
 * A refusal of the role rules: 403 when the caller may not touch the student, 404 when the id is
 * no student at all. The HTTP layer turns it into a problem response; auth knows nothing of HTTP.
 */
public final class AccessDenied extends RuntimeException {
  private final boolean notFound;

  private AccessDenied(String detail, boolean notFound) {
    super(detail, null, false, false);
    this.notFound = notFound;
  }

  public static AccessDenied forbidden(String detail) {
    return new AccessDenied(detail, false);
  }

  public static AccessDenied notFound(String detail) {
    return new AccessDenied(detail, true);
  }

  public boolean notFound() {
    return notFound;
  }
}
