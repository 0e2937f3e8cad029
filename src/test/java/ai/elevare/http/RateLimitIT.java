package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.testing.TestApp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Limits per user and per address, with Retry-After; users don't share a budget. */
class RateLimitIT {
  @Test
  void overTheLimitGets429WithRetryAfter() throws Exception {
    try (TestApp app = new TestApp(Map.of("elevare.rate-limit.per-minute", 8, "elevare.rate-limit.per-hour", 1000))) {
      // Logins are charged to the address: 2 here.
      String a = app.login("student@demo.elevare");
      String b = app.login("student2@demo.elevare");
      for (int i = 0; i < 8; i++) assertEquals(200, app.get("/me", a).status(), "request " + i);
      TestApp.Reply limited = app.get("/me", a);
      assertEquals(429, limited.status());
      assertTrue(limited.contentType().startsWith("application/problem+json"));
      int retryAfter = Integer.parseInt(limited.header("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
      assertEquals(200, app.get("/me", b).status(), "another user keeps their own budget");
      // Bad tokens are charged to the address, before any further work.
      int status = 0;
      for (int i = 0; i < 10 && status != 429; i++) status = app.get("/me", "garbage").status();
      assertEquals(429, status);
    }
  }
}
