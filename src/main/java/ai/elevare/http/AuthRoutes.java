package ai.elevare.http;

import ai.elevare.http.auth.TokenService;
import ai.elevare.account.User;
import ai.elevare.account.UserDirectory;
import org.apache.pekko.http.javadsl.server.Route;

/** POST /auth/login (local issuer only) and GET /me. */
public final class AuthRoutes extends ApiSupport {
  private final UserDirectory users;

  public AuthRoutes(ApiContext ctx, UserDirectory users) {
    super(ctx);
    this.users = users;
  }

  public record LoginJson(String accessToken, String tokenType, long expiresIn, AdminRoutes.UserJson user) {}

  /** Routes open to anyone; charged to the client address. */
  public Route publicRoute() {
    return path(
        pathSegments("auth", "login"),
        () -> post(() -> limitedByAddress(() -> jsonBody(this::login))));
  }

  private static org.apache.pekko.http.javadsl.server.PathMatcher0 pathSegments(String a, String b) {
    return org.apache.pekko.http.javadsl.server.PathMatchers.segment(a).slash(b);
  }

  public Route route() {
    return path("me", () -> get(() -> user(u -> json(AdminRoutes.UserJson.of(u)))));
  }

  private Route login(Fields f) {
    String email = f.string("email", true, 320);
    String password = f.password("password", true, 1);
    f.validate();
    if (!tokens.issues()) {
      throw ApiException.notFound("Sign in through the identity provider.");
    }
    return onSuccess(
        offload(
            () -> {
              User user =
                  users
                      .authenticate(email, password)
                      .orElseThrow(() -> ApiException.unauthorized("Invalid email or password."));
              TokenService.Issued t = tokens.issue(user);
              return new LoginJson(t.token(), "Bearer", t.expiresInSeconds(), AdminRoutes.UserJson.of(user));
            }),
        this::json);
  }
}
