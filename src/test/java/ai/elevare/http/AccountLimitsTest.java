package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The daily AI quota resets at UTC midnight and says so; the sign-in throttle keys on the name. */
class AccountLimitsTest {
  @Test
  void theDailyQuotaSaysWhenItResets() {
    SharedBuckets store = SharedBuckets.inMemory();
    AccountLimits.Settings settings = new AccountLimits.Settings(5, Duration.ofMinutes(15), 2);
    AccountLimits limits = new AccountLimits(settings, store, at("2026-03-01T23:00:00Z"));
    limits.chargeAiQuestion("s1");
    limits.chargeAiQuestion("s1");
    ApiException e = assertThrows(ApiException.class, () -> limits.chargeAiQuestion("s1"));
    assertEquals(429, e.status());
    assertEquals(3600, e.retryAfterSeconds());
    assertTrue(e.getMessage().contains("2026-03-02T00:00:00Z"), e.getMessage());
    limits.chargeAiQuestion("s2"); // another student has their own quota
    AccountLimits nextDay = new AccountLimits(settings, store, at("2026-03-02T00:00:01Z"));
    nextDay.chargeAiQuestion("s1"); // a new day, a new quota
  }

  private static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  @Test
  void signInAttemptsAreCountedPerAccountName() {
    AccountLimits limits = new AccountLimits(
        new AccountLimits.Settings(2, Duration.ofMinutes(15), 2), SharedBuckets.inMemory(), java.time.Clock.systemUTC());
    limits.chargeSignIn("A@example.com");
    limits.chargeSignIn(" a@example.com ");
    ApiException e = assertThrows(ApiException.class, () -> limits.chargeSignIn("a@EXAMPLE.com"));
    assertEquals(429, e.status());
    assertTrue(e.retryAfterSeconds() > 0 && e.retryAfterSeconds() <= 15 * 60);
    limits.chargeSignIn("b@example.com");
    limits.refundSignIn("a@example.com");
    limits.chargeSignIn("a@example.com");
  }
}
