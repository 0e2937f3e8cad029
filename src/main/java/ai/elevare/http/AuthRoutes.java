package ai.elevare.http;

import ai.elevare.account.UserDirectory;
import ai.elevare.http.auth.TokenService;
import java.time.Clock;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * POST /auth/login (local issuer only), POST /auth/logout and GET /me. Sign-in attempts are
 * charged to the client address and, whatever the address, to the account name.
 */
public final class AuthRoutes extends ApiSupport {
  private final UserDirectory users;
  private final AccountLimits limits;
  private final Clock clock;

  public AuthRoutes(ApiContext ctx, UserDirectory users, AccountLimits limits, Clock clock) {
    super(ctx);
    this.users = users;
    this.limits = limits;
    this.clock = clock;
  }

  public record LoginJson(String accessToken, String tokenType, long expiresIn, AdminRoutes.UserJson user) {}

  /** Routes open to anyone; charged to the client address. */
  public Route publicRoute() {
    return path(
        PathMatchers.segment("auth").slash("login"),
        () -> post(() -> limitedByAddress(() -> jsonBody(this::login))));
  }

  public Route route() {
    return concat(
        path("me", () -> get(() -> user(u -> json(AdminRoutes.UserJson.of(u))))),
        path(PathMatchers.segment("auth").slash("logout"), () -> post(() -> user(u -> logout(u.id())))));
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
              // Charged before the password is checked, so a throttled account costs no bcrypt.
              limits.chargeSignIn(email);
              UserDirectory.Account account =
                  users
                      .authenticate(email, password)
                      .orElseThrow(() -> ApiException.unauthorized("Invalid email or password."));
              limits.refundSignIn(email);
              if (account.standing().disabled()) throw ApiException.forbidden("This account is disabled.");
              TokenService.Issued t = tokens.issue(account.user());
              return new LoginJson(t.token(), "Bearer", t.expiresInSeconds(), AdminRoutes.UserJson.of(account.user()));
            }),
        body -> respondWithHeader(CacheControl.create(CacheDirectives.NO_STORE), () -> json(body)));
  }

  /** Every token of the user issued until now is refused from now on, on every node. */
  private Route logout(String userId) {
    return onSuccess(
        offload(
            () -> {
              users.revokeTokens(userId, clock.instant());
              return userId;
            }),
        id -> complete(StatusCodes.NO_CONTENT));
  }
}
