package ai.elevare.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(350), 0.2);

  @Test
  void backoffGrowsExponentiallyUpToTheCapWithJitterBelowIt() {
    for (int i = 0; i < 200; i++) {
      long first = policy.delayBefore(1, Optional.empty()).toMillis();
      long second = policy.delayBefore(2, Optional.empty()).toMillis();
      long third = policy.delayBefore(3, Optional.empty()).toMillis();
      assertTrue(first >= 80 && first <= 100, "first " + first);
      assertTrue(second >= 160 && second <= 200, "second " + second);
      assertTrue(third >= 280 && third <= 350, "third (capped) " + third);
    }
  }

  @Test
  void retryAfterReplacesTheBackoff() {
    assertEquals(Duration.ofSeconds(2), policy.delayBefore(1, Optional.of(Duration.ofSeconds(2))));
  }

  @Test
  void onlyRetryableFailuresAndOnlyAsOftenAsAllowed() {
    AiFailure rate = new AiFailure(AiFailure.Kind.RATE_LIMITED, "429");
    assertTrue(policy.mayRetry(rate, 1));
    assertTrue(policy.mayRetry(new CompletionException(rate), 3));
    assertFalse(policy.mayRetry(rate, 4));
    assertTrue(policy.mayRetry(new AiFailure(AiFailure.Kind.SERVER_ERROR, "500"), 1));
    assertTrue(policy.mayRetry(new AiFailure(AiFailure.Kind.IO, "reset"), 1));
    assertFalse(policy.mayRetry(new AiFailure(AiFailure.Kind.CLIENT_ERROR, "400"), 1));
    assertFalse(policy.mayRetry(new AiFailure(AiFailure.Kind.MALFORMED, "junk"), 1));
    assertFalse(policy.mayRetry(new IllegalStateException("bug"), 1));
    assertFalse(RetryPolicy.none().mayRetry(rate, 1));
  }
}
