package ai.elevare.http;

import ai.elevare.core.Jdbc;
import ai.elevare.http.auth.Access;
import ai.elevare.account.User;
import ai.elevare.account.UserDirectory;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Admins only: POST /admin/users, PATCH /admin/users/{id} (role, disabled), POST /admin/links and
 * DELETE /admin/links/{kind}/{from_user_id}/{student_id}. Changes reach every node's caches through
 * the user directory's announcements.
 */
public final class AdminRoutes extends ApiSupport {
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Set<String> LINK_KINDS = Set.of("tutor", "parent");
  private final UserDirectory users;
  private final java.time.Clock clock;

  public AdminRoutes(ApiContext ctx, UserDirectory users, java.time.Clock clock) {
    super(ctx);
    this.users = users;
    this.clock = clock;
  }

  /** A user as admins see it: with the standing. */
  public record AdminUserJson(String id, String email, String name, String role, String timeZone, boolean disabled) {}

  public record UserJson(String id, String email, String name, String role, String timeZone) {
    static UserJson of(User u) {
      return new UserJson(u.id(), u.email(), u.name(), u.role(), u.timeZone());
    }
  }

  public Route route() {
    // Built once: the Java DSL would rebuild whatever its supplier builds on every request.
    Route inner =
            concat(
                path("users", () -> post(() -> user(u -> jsonBody(f -> createUser(u, f))))),
                path(
                    PathMatchers.segment("users").slash(PathMatchers.segment()),
                    id -> patch(() -> user(u -> jsonBody(f -> changeUser(u, id, f))))),
                path("links", () -> post(() -> user(u -> jsonBody(f -> link(u, f))))),
                pathPrefix(
                    PathMatchers.segment("links").slash(PathMatchers.segment()),
                    kind ->
                        path(
                            PathMatchers.segment().slash(PathMatchers.segment()),
                            (from, student) -> delete(() -> user(u -> unlink(u, kind, from, student))))));
    return pathPrefix("admin", () -> inner);
  }

  private Route createUser(User admin, Fields f) {
    Access.requireRole(admin, "admin");
    String email = f.string("email", true, 320);
    String name = f.string("name", true, 200);
    String role = f.oneOf("role", true, User.ROLES);
    String password = f.password("password", false, 10);
    String zone = f.string("time_zone", false, 64);
    if (zone != null) {
      try {
        zone = java.time.ZoneId.of(zone).getId();
      } catch (java.time.DateTimeException e) {
        f.error("time_zone", "must be an IANA time zone such as Europe/Berlin");
      }
    }
    String timeZone = zone == null ? "UTC" : zone;
    if (email != null && !EMAIL.matcher(email).matches()) f.error("email", "must be an email address");
    f.validate();
    return onSuccess(
        offload(
            () -> {
              try {
                return users.create(email, name.trim(), role, password, null, timeZone);
              } catch (Jdbc.DataAccessException e) {
                if (e.isUniqueViolation()) throw ApiException.conflict("A user with this email exists.");
                throw e;
              }
            }),
        created -> json(StatusCodes.CREATED, UserJson.of(created)));
  }

  /**
   * {"role"?, "disabled"?}: at least one. Disabling refuses the user's sign-in and every token they
   * hold; an admin may not change or disable themselves (the last admin would lock everyone out);
   * the role of a user from the identity provider follows its groups and is refused here.
   */
  private Route changeUser(User admin, String rawId, Fields f) {
    Access.requireRole(admin, "admin");
    String id = Ids.uuid("user_id", rawId);
    String role = f.oneOf("role", false, User.ROLES);
    Boolean disabled = f.has("disabled") ? f.bool("disabled", false) : null;
    if (!f.has("role") && !f.has("disabled")) f.error("role", "give role, disabled or both");
    f.validate();
    if (id.equals(admin.id())) throw ApiException.conflict("Admins may not change or disable themselves.");
    return onSuccess(
        offload(
            () -> {
              users.account(id).orElseThrow(() -> ApiException.notFound("No such user."));
              if (role != null) {
                if (users.external(id)) {
                  throw ApiException.conflict("This user's role comes from the identity provider's groups.");
                }
                users.setRole(id, role);
              }
              if (disabled != null) users.setDisabled(id, disabled, clock.instant());
              UserDirectory.Account a = users.account(id).orElseThrow(() -> ApiException.notFound("No such user."));
              User u = a.user();
              return new AdminUserJson(u.id(), u.email(), u.name(), u.role(), u.timeZone(), a.standing().disabled());
            }),
        this::json);
  }

  /** Removes a tutor or parent link: 204, or 404 when there is none. */
  private Route unlink(User admin, String rawKind, String rawFrom, String rawStudent) {
    Access.requireRole(admin, "admin");
    if (!LINK_KINDS.contains(rawKind)) throw ApiException.badRequest("kind", "must be one of [parent, tutor]");
    String from = Ids.uuid("from_user_id", rawFrom);
    String student = Ids.uuid("student_id", rawStudent);
    return onSuccess(
        offload(() -> users.unlink(rawKind, from, student)),
        removed -> {
          if (!removed) throw ApiException.notFound("No such link.");
          return complete(StatusCodes.NO_CONTENT);
        });
  }

  private Route link(User admin, Fields f) {
    Access.requireRole(admin, "admin");
    String kind = f.oneOf("kind", true, LINK_KINDS);
    String from = f.uuid("from_user_id", true);
    String student = f.uuid("student_id", true);
    f.validate();
    return onSuccess(
        offload(
            () -> {
              User fromUser =
                  users.byId(from).orElseThrow(() -> ApiException.badRequest("from_user_id", "no such user"));
              if (!fromUser.is(kind)) {
                throw ApiException.badRequest("from_user_id", "is not a " + kind);
              }
              User s =
                  users.byId(student).orElseThrow(() -> ApiException.badRequest("student_id", "no such user"));
              if (!s.is("student")) throw ApiException.badRequest("student_id", "is not a student");
              users.link(kind, from, student);
              return Map.of("kind", kind, "from_user_id", from, "student_id", student);
            }),
        body -> json(StatusCodes.CREATED, body));
  }
}
