package ai.elevare.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Limits on an account rather than a caller, decided on the shared buckets (one database
 * transaction each, so exact across nodes; the blocking pool only): sign-in attempts per account
 * name whatever the client address, and AI questions per student per UTC day.
 */
public final class AccountLimits {
  public record Settings(long signInAttempts, Duration signInPeriod, long aiDailyQuota) {}

  private final Settings settings;
  private final SharedBuckets buckets;
  private final Clock clock;
  private final BucketConfiguration signIn;
  private final BucketConfiguration aiDay;

  public AccountLimits(Settings settings, SharedBuckets buckets, Clock clock) {
    this.settings = settings;
    this.buckets = buckets;
    this.clock = clock;
    this.signIn =
        BucketConfiguration.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(settings.signInAttempts())
                    .refillGreedy(settings.signInAttempts(), settings.signInPeriod())
                    .build())
            .build();
    // One bucket per student and day: it never refills, the next day's is a new one.
    this.aiDay =
        BucketConfiguration.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(settings.aiDailyQuota())
                    .refillIntervally(settings.aiDailyQuota(), Duration.ofDays(2))
                    .build())
            .build();
  }

  /**
   * Charges one sign-in attempt to the account name (case-insensitive, as e-mails are stored);
   * 429 with Retry-After when the account has had too many.
   */
  public void chargeSignIn(String accountName) {
    ConsumptionProbe p = buckets.bucket(signInKey(accountName), signIn).tryConsumeAndReturnRemaining(1);
    if (!p.isConsumed()) {
      long seconds = Math.max(1, (p.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
      throw ApiException.tooManyRequests(
          "Too many sign-in attempts for this account; retry in " + seconds + " s.", seconds);
    }
  }

  /** A successful sign-in gives its attempt back, so only failures use the allowance up. */
  public void refundSignIn(String accountName) {
    buckets.bucket(signInKey(accountName), signIn).addTokens(1);
  }

  /** Charges one AI question to the student's day; 429 saying when the quota resets. */
  public void chargeAiQuestion(String studentId) {
    Instant now = clock.instant();
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if (!buckets.bucket("ai:" + studentId + ":" + day, aiDay).tryConsume(1)) {
      Instant reset = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      long seconds = Math.max(1, Duration.between(now, reset).toSeconds());
      throw ApiException.tooManyRequests(
          "Daily AI question quota of " + settings.aiDailyQuota() + " used up; it resets at " + reset + ".",
          seconds);
    }
  }

  private static String signInKey(String accountName) {
    return "login:" + accountName.trim().toLowerCase(Locale.ROOT);
  }
}
