package ai.elevare.http.auth;

import ai.elevare.account.UserDirectory;
import ai.elevare.account.User;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
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

  /** Our tokens carry their issue time in milliseconds, so a sign-in right after a logout counts. */
  String ISSUED_AT_MS = "iat_ms";

  /** When the token was issued, as precisely as it tells. */
  static Instant issuedAt(JWTClaimsSet claims) {
    Object ms = claims.getClaim(ISSUED_AT_MS);
    if (ms instanceof Number n) return Instant.ofEpochMilli(n.longValue());
    return claims.getIssueTime().toInstant();
  }

  /** The user if their standing accepts a token issued at {@code issuedAt}. */
  static Optional<User> accepted(Optional<UserDirectory.Account> account, Instant issuedAt) {
    return account.filter(a -> a.standing().accepts(issuedAt)).map(UserDirectory.Account::user);
  }
}
