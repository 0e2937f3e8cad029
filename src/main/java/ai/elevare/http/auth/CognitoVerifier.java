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
import java.net.URL;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies Cognito access tokens against the pool's JWKS (RS256 only, keys only from the configured
 * URL, cached with refresh-ahead and outage tolerance). Access tokens carry client_id instead of
 * aud, so the app client id is matched exactly and token_use must be "access". The user is keyed
 * by sub; a user record is created on first sight with the role from cognito:groups.
 */
public final class CognitoVerifier implements TokenService {
  private final UserDirectory users;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

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
    Optional<User> known = users.byExternalSub(sub);
    if (known.isPresent()) return known;
    String role = roleOf(claims);
    Object username = claims.getClaim("username");
    String email = (username == null ? sub : username.toString()) + "@cognito.invalid";
    return Optional.of(users.create(email, String.valueOf(username == null ? sub : username), role, null, sub));
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
