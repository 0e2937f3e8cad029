package ai.elevare.http.auth;

import ai.elevare.account.UserDirectory;
import ai.elevare.account.User;
import java.util.Optional;

/** Verifies bearer tokens, and in local mode issues them. */
public interface TokenService {
  /** The user the token names, when its signature, issuer, audience and lifetime check out. */
  Optional<User> verify(String token);

  /** Issues a token (local issuer only). */
  Issued issue(User user);

  boolean issues();

  record Issued(String token, long expiresInSeconds) {}
}
