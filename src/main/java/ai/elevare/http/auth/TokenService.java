package ai.elevare.http.auth;

import ai.elevare.account.UserDirectory;
import ai.elevare.account.User;
import java.util.Optional;

/** Verifies bearer tokens, and in local mode issues them. */
public interface TokenService {
  /** The user the token names, when its signature, issuer, audience and lifetime check out. */
  Optional<User> verify(String token);

  /**
   * The user of a token verified before, answered from memory with no I/O; empty when the token
   * is new, expired or its user not cached, and the caller then runs {@link #verify} off the HTTP
   * threads.
   */
  default Optional<User> cached(String token) {
    return Optional.empty();
  }

  /** Issues a token (local issuer only). */
  Issued issue(User user);

  boolean issues();

  record Issued(String token, long expiresInSeconds) {}
}
