package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.platform.App;
import ai.elevare.testing.TestApp;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Password guessing: the attack from issue 15 (wrong passwords for one account, each from another
 * X-Forwarded-For) ends in 429, and the per-account throttle holds whatever address a guess comes
 * from, while other accounts and a client's own address are unaffected.
 */
class SignInThrottleIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestApp.Reply login(TestApp app, String email, String password, String forwardedFor)
      throws Exception {
    return app.call(
        "POST", "/auth/login", null, JSON.writeValueAsString(Map.of("email", email, "password", password)),
        "application/json", Map.of("X-Forwarded-For", forwardedFor));
  }

  private static String address(int i) {
    return "10." + (i / 65536) % 256 + "." + (i / 256) % 256 + "." + i % 256;
  }

  /** The attack as filed: before this change all 130 were 401. */
  @Test
  void guessesFromEverChangingForwardedAddressesHit429() throws Exception {
    try (TestApp app = new TestApp(Map.of())) {
      int firstLimited = -1;
      for (int i = 0; i < 130 && firstLimited < 0; i++) {
        TestApp.Reply r = login(app, "student@demo.elevare", "wrong-password-" + i, address(i));
        if (r.status() == 429) firstLimited = i;
        else assertEquals(401, r.status(), r.raw().body());
      }
      assertTrue(firstLimited >= 0, "130 guesses and never a 429");
    }
  }

  @Test
  void theAccountThrottleHoldsWhateverTheAddress() throws Exception {
    // One trusted proxy: every guess really comes from another client address.
    try (TestApp app = new TestApp(Map.of("elevare.http.trusted-proxies", 1, "elevare.rate-limit.sign-in.attempts", 10))) {
      for (int i = 0; i < 10; i++) {
        assertEquals(401, login(app, "student@demo.elevare", "wrong-" + i, address(i)).status(), "guess " + i);
      }
      TestApp.Reply limited = null;
      for (int i = 10; i < 130; i++) {
        TestApp.Reply r = login(app, "Student@Demo.Elevare", "wrong-" + i, address(i));
        assertEquals(429, r.status(), "guess " + i + " (the case of the name does not matter)");
        limited = r;
      }
      assertTrue(limited.contentType().startsWith("application/problem+json"));
      assertTrue(limited.body().get("detail").asText().contains("this account"), limited.raw().body());
      long retryAfter = Long.parseLong(limited.header("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
      // The right password is refused too while throttled: no bcrypt oracle for the guesser.
      assertEquals(429, login(app, "student@demo.elevare", App.DEMO_PASSWORD, address(500)).status());
      // Other accounts sign in as usual.
      assertEquals(200, login(app, "student2@demo.elevare", App.DEMO_PASSWORD, address(501)).status());
    }
  }

  @Test
  void successGivesItsAttemptBack() throws Exception {
    try (TestApp app = new TestApp(Map.of("elevare.rate-limit.sign-in.attempts", 3))) {
      String right = App.DEMO_PASSWORD;
      assertEquals(401, login(app, "tutor@demo.elevare", "wrong-1", "1.1.1.1").status());
      assertEquals(401, login(app, "tutor@demo.elevare", "wrong-2", "1.1.1.1").status());
      assertEquals(200, login(app, "tutor@demo.elevare", right, "1.1.1.1").status());
      assertEquals(401, login(app, "tutor@demo.elevare", "wrong-3", "1.1.1.1").status(), "3 failures so far");
      assertEquals(429, login(app, "tutor@demo.elevare", "wrong-4", "1.1.1.1").status());
      // Unknown accounts are throttled alike: the answers tell nothing about which names exist.
      for (int i = 0; i < 3; i++) assertEquals(401, login(app, "nobody@demo.elevare", "x-" + i, "1.1.1.1").status());
      assertEquals(429, login(app, "nobody@demo.elevare", "x-3", "1.1.1.1").status());
    }
  }

  @Test
  void aClientCannotChooseItsAddressBehindTheProxy() throws Exception {
    try (TestApp app = new TestApp(Map.of(
        "elevare.http.trusted-proxies", 1,
        "elevare.rate-limit.per-minute", 5,
        "elevare.rate-limit.sign-in.attempts", 1000))) {
      // The proxy appends the real address (9.9.9.9); what the client wrote to its left is ignored.
      for (int i = 0; i < 5; i++) {
        assertEquals(401, login(app, "a" + i + "@demo.elevare", "wrong", address(i) + ", 9.9.9.9").status());
      }
      TestApp.Reply r = login(app, "a9@demo.elevare", "wrong", address(99) + ", 9.9.9.9");
      assertEquals(429, r.status());
      assertNotNull(r.header("Retry-After"));
      assertEquals(401, login(app, "a9@demo.elevare", "wrong", "9.9.9.8").status(), "another client");
    }
  }

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() throws Exception {
    try (TestApp app = new TestApp(Map.of("elevare.rate-limit.per-minute", 5, "elevare.rate-limit.sign-in.attempts", 1000))) {
      // Every request comes from this test's own connection address, whatever it claims.
      for (int i = 0; i < 5; i++) {
        assertEquals(401, login(app, "b" + i + "@demo.elevare", "wrong", address(i)).status());
      }
      assertEquals(429, login(app, "b9@demo.elevare", "wrong", address(77)).status());
    }
  }
}
