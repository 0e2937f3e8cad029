package ai.elevare.http;

import ai.elevare.core.Jdbc;
import ai.elevare.http.auth.Access;
import ai.elevare.account.User;
import ai.elevare.account.UserDirectory;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** POST /admin/users and POST /admin/links: admins only. */
public final class AdminRoutes extends ApiSupport {
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private final UserDirectory users;

  public AdminRoutes(ApiContext ctx, UserDirectory users) {
    super(ctx);
    this.users = users;
  }

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
                path("links", () -> post(() -> user(u -> jsonBody(f -> link(u, f))))));
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

  private Route link(User admin, Fields f) {
    Access.requireRole(admin, "admin");
    String kind = f.oneOf("kind", true, Set.of("tutor", "parent"));
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
