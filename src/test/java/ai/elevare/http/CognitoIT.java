package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.testing.TestApp;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cognito mode against a JWKS served on loopback: access tokens of our app client are accepted
 * and create the user on first sight with the role from cognito:groups; everything else is 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CognitoIT {
  private static final String ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TEST";
  private static final String CLIENT = "elevare-web-client";
  private HttpServer jwks;
  private RSAKey key;
  private TestApp app;

  @BeforeAll
  void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext("/jwks.json", ex -> {
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    jwks.start();
    app = new TestApp(Map.of(
        "elevare.auth.mode", "cognito",
        "elevare.auth.issuer", ISSUER,
        "elevare.auth.audience", CLIENT,
        "elevare.auth.jwks-url", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json",
        "elevare.auth.demo-accounts", "false"));
  }

  @AfterAll
  void stop() {
    app.close();
    jwks.stop(0);
  }

  private JWTClaimsSet.Builder claims(String sub) {
    return new JWTClaimsSet.Builder().issuer(ISSUER).subject(sub).claim("token_use", "access")
        .claim("client_id", CLIENT).claim("username", "user-" + sub.substring(0, 8))
        .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600)));
  }

  private String sign(JWTClaimsSet c) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT).build(), c);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  @Test
  void accessTokensOfOurClientWork() throws Exception {
    String sub = UUID.randomUUID().toString();
    TestApp.Reply me = app.get("/me", sign(claims(sub).claim("cognito:groups", List.of("tutor")).build()));
    assertEquals(200, me.status(), me.raw().body());
    assertEquals("tutor", me.body().get("role").asText());
    String id = me.body().get("id").asText();
    // Second sight: the same user, not a new one.
    assertEquals(id, app.get("/me", sign(claims(sub).build())).body().get("id").asText());
    TestApp.Reply noGroups = app.get("/me", sign(claims(UUID.randomUUID().toString()).build()));
    assertEquals("student", noGroups.body().get("role").asText());
  }

  @Test
  void theRoleFollowsTheGroupsOfEachToken() throws Exception {
    String sub = UUID.randomUUID().toString();
    String asAdmin = sign(claims(sub).claim("cognito:groups", List.of("admin")).build());
    assertEquals("admin", app.get("/me", asAdmin).body().get("role").asText());
    assertEquals(200, app.get("/admin/analytics", asAdmin).status());
    // Removed from the admin group in Cognito: the next token says so, and so does the service.
    String demoted = sign(claims(sub).claim("cognito:groups", List.of("tutor")).build());
    assertEquals("tutor", app.get("/me", demoted).body().get("role").asText());
    assertEquals(403, app.get("/admin/analytics", demoted).status());
    // An admin of ours cannot overrule the groups.
    String admin = sign(claims(UUID.randomUUID().toString()).claim("cognito:groups", List.of("admin")).build());
    String id = app.get("/me", demoted).body().get("id").asText();
    assertEquals(409, app.call("PATCH", "/admin/users/" + id, admin, "{\"role\":\"admin\"}").status());
  }

  @Test
  void aDisabledCognitoUserIsRefused() throws Exception {
    String sub = UUID.randomUUID().toString();
    String token = sign(claims(sub).claim("cognito:groups", List.of("parent")).build());
    String id = app.get("/me", token).body().get("id").asText();
    String admin = sign(claims(UUID.randomUUID().toString()).claim("cognito:groups", List.of("admin")).build());
    assertEquals(200, app.call("PATCH", "/admin/users/" + id, admin, "{\"disabled\":true}").status());
    assertEquals(401, app.get("/me", token).status());
    // A fresh token from Cognito does not help while disabled.
    assertEquals(401, app.get("/me", sign(claims(sub).build())).status());
    // Re-enabled: tokens issued after the cut-off work; the old one stays refused. Cognito's iat is
    // in whole seconds, so the new token is dated a second on.
    assertEquals(200, app.call("PATCH", "/admin/users/" + id, admin, "{\"disabled\":false}").status());
    String later = sign(claims(sub).issueTime(Date.from(Instant.now().plusSeconds(1))).build());
    assertEquals(200, app.get("/me", later).status());
    assertEquals(401, app.get("/me", token).status());
  }

  @Test
  void logoutRefusesTheCognitoTokensIssuedBefore() throws Exception {
    String sub = UUID.randomUUID().toString();
    String token = sign(claims(sub).build());
    assertEquals(200, app.get("/me", token).status());
    assertEquals(204, app.post("/auth/logout", token, "").status());
    assertEquals(401, app.get("/me", token).status());
  }

  @Test
  void otherTokensAreRefused() throws Exception {
    String sub = UUID.randomUUID().toString();
    assertEquals(401, app.get("/me", sign(claims(sub).claim("client_id", "another-app").build())).status());
    assertEquals(401, app.get("/me", sign(claims(sub).claim("token_use", "id").build())).status());
    assertEquals(401, app.get("/me", sign(claims(sub).issuer("https://evil.example").build())).status());
    assertEquals(401, app.get("/me", sign(claims(sub).expirationTime(Date.from(Instant.now().minusSeconds(120))).build())).status());
    RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims(sub).build());
    forged.sign(new RSASSASigner(other));
    assertEquals(401, app.get("/me", forged.serialize()).status());
    assertEquals(404, app.post("/auth/login", null, Map.of("email", "a@b.c", "password", "whatever-pass")).status(),
        "Cognito issues tokens, not us");
  }
}
