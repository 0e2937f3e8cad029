package ai.elevare.http.auth;

import ai.elevare.account.UserDirectory;
import ai.elevare.account.User;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies Cognito access tokens against the pool's JWKS (RS256 only, keys only from the configured
 * URL, cached with refresh-ahead and outage tolerance). Access tokens carry client_id instead of
 * aud, so the app client id is matched exactly and token_use must be "access". The user is keyed
 * by sub; a user record is created on first sight, and the role follows cognito:groups of every
 * token (removing someone from the admin group takes effect with their next token). A disabled
 * user's tokens and tokens issued before their cut-off are refused.
 */
public final class CognitoVerifier implements TokenService {
  private final UserDirectory users;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /** What a checked token said, so that a repeated token costs no RSA check and no database call. */
  private record Verified(String userId, String role, Instant issuedAt, Date expires) {}

  private final Cache<String, Verified> verified =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  public CognitoVerifier(UserDirectory users, String jwksUrl, String issuer, String clientId) {
    this.users = users;
    try {
      JWKSource<SecurityContext> keys =
          JWKSourceBuilder.create(new URL(jwksUrl)).retrying(true).outageTolerant(true).build();
      processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException("ELEVARE_JWT_JWKS_URL is not a URL", e);
    }
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            null,
            new JWTClaimsSet.Builder()
                .issuer(issuer)
                .claim("token_use", "access")
                .claim("client_id", clientId)
                .build(),
            Set.of("sub", "exp", "iat", "token_use", "client_id"),
            Set.of()));
  }

  @Override
  public Optional<User> verify(String token) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (Exception e) {
      return Optional.empty();
    }
    String sub = claims.getSubject();
    String role = roleOf(claims);
    Instant issuedAt = TokenService.issuedAt(claims);
    Optional<UserDirectory.Account> known = users.byExternalSub(sub);
    User user;
    if (known.isPresent()) {
      if (!known.get().standing().accepts(issuedAt)) return Optional.empty();
      user = known.get().user();
      // The token's groups decide this request's role; the table follows the latest token seen,
      // for the lookups that have no token at hand (is this id a student, who are the tutors).
      if (!user.role().equals(role)) {
        users.setRole(user.id(), role);
        user = new User(user.id(), user.email(), user.name(), role, user.timeZone());
      }
    } else {
      Object username = claims.getClaim("username");
      String email = (username == null ? sub : username.toString()) + "@cognito.invalid";
      user = users.create(email, String.valueOf(username == null ? sub : username), role, null, sub);
    }
    verified.put(token, new Verified(user.id(), role, issuedAt, claims.getExpirationTime()));
    return Optional.of(user);
  }

  /**
   * A token checked before, while its exp is ahead and its user's cached standing accepts it;
   * otherwise {@link #verify} runs again. The role is the token's own.
   */
  @Override
  public Optional<User> cached(String token) {
    Verified v = verified.getIfPresent(token);
    if (v == null || !v.expires().after(new Date())) return Optional.empty();
    return TokenService.accepted(users.cachedAccount(v.userId()), v.issuedAt())
        .map(u -> u.role().equals(v.role()) ? u : new User(u.id(), u.email(), u.name(), v.role(), u.timeZone()));
  }

  private static String roleOf(JWTClaimsSet claims) {
    try {
      List<String> groups = claims.getStringListClaim("cognito:groups");
      if (groups != null) {
        for (String r : List.of("admin", "tutor", "parent", "student")) {
          if (groups.contains(r)) return r;
        }
      }
    } catch (java.text.ParseException e) {
      // a malformed groups claim grants nothing beyond the default role
    }
    return "student";
  }

  @Override
  public Issued issue(User user) {
    throw new IllegalStateException("tokens are issued by Cognito");
  }

  @Override
  public boolean issues() {
    return false;
  }
}
