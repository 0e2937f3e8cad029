package ai.elevare.http.auth;

import ai.elevare.account.UserDirectory;
import ai.elevare.account.User;
import ai.elevare.core.Jdbc;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The embedded default's issuer: ES256 tokens signed with a key kept in the signing_keys table, so
 * every node of a cluster signs and accepts the same tokens. The algorithm is pinned, and exp, iat,
 * sub, issuer and audience are required on every token.
 */
public final class LocalIssuer implements TokenService {
  private final UserDirectory users;
  private final String issuer;
  private final String audience;
  private final Duration ttl;
  private final ECKey signingKey;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  /**
   * Tokens whose signature and claims already checked out: ES256 verification was half the CPU of a
   * request. An entry is used only while its exp is still ahead; a different string is verified anew.
   */
  private final Cache<String, JWTClaimsSet> verified =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  public LocalIssuer(Jdbc jdbc, UserDirectory users, String issuer, String audience, Duration ttl) {
    this.users = users;
    this.issuer = issuer;
    this.audience = audience;
    this.ttl = ttl;
    List<JWK> keys = loadOrCreateKeys(jdbc);
    this.signingKey = keys.get(0).toECKey();
    JWKSet publicKeys = new JWKSet(keys.stream().map(JWK::toPublicJWK).toList());
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(publicKeys)));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            Set.of(audience),
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("sub", "exp", "iat", "iss", "aud"),
            Set.of()));
  }

  /** The oldest key signs; a second node that races the first one adopts its key. */
  private static List<JWK> loadOrCreateKeys(Jdbc jdbc) {
    List<JWK> keys = read(jdbc);
    if (keys.isEmpty()) {
      try {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        jdbc.update(
            "INSERT INTO signing_keys (kid, jwk, created_at) VALUES (?, ?, ?)",
            key.getKeyID(), key.toJSONString(), Instant.now());
      } catch (com.nimbusds.jose.JOSEException e) {
        throw new IllegalStateException("cannot generate signing key", e);
      }
      keys = read(jdbc);
    }
    return keys;
  }

  private static List<JWK> read(Jdbc jdbc) {
    return jdbc.query(
        "SELECT jwk FROM signing_keys ORDER BY created_at, kid",
        rs -> {
          try {
            return JWK.parse(rs.getString(1));
          } catch (java.text.ParseException e) {
            throw new IllegalStateException("corrupt signing key", e);
          }
        });
  }

  @Override
  public Issued issue(User user) {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject(user.id())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString())
            .claim("role", user.role())
            .claim(ISSUED_AT_MS, now.toEpochMilli())
            .build();
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256)
                  .keyID(signingKey.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new ECDSASigner(signingKey));
      return new Issued(jwt.serialize(), ttl.toSeconds());
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
  }

  @Override
  public boolean issues() {
    return true;
  }

  @Override
  public Optional<User> cached(String token) {
    JWTClaimsSet claims = verified.getIfPresent(token);
    if (claims == null || !claims.getExpirationTime().after(new Date())) return Optional.empty();
    // Disabled or revoked: empty, and the caller's database check refuses it.
    return TokenService.accepted(users.cachedAccount(claims.getSubject()), TokenService.issuedAt(claims));
  }

  @Override
  public Optional<User> verify(String token) {
    try {
      JWTClaimsSet claims = verified.getIfPresent(token);
      if (claims == null || !claims.getExpirationTime().after(new Date())) {
        claims = processor.process(token, null);
        verified.put(token, claims);
      }
      // The role and standing are read from the users table, so a changed role, a disabled or
      // deleted user and a revoked token take effect at once.
      return TokenService.accepted(users.account(claims.getSubject()), TokenService.issuedAt(claims));
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
