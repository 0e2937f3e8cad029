package ai.elevare.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * Per-caller limits (100/min and 1000/h by default) as two greedy-refill token buckets from
 * Bucket4j. Kept per node: behind a load balancer a caller could get up to N times the limit on
 * N nodes, which the limit tolerates; idle buckets expire after an hour.
 */
public final class RateLimiter {
  private final long perMinute;
  private final long perHour;
  private final Cache<String, Bucket> buckets =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1)).maximumSize(500_000).build();

  public RateLimiter(long perMinute, long perHour) {
    this.perMinute = perMinute;
    this.perHour = perHour;
  }

  public record Decision(boolean allowed, long remaining, long retryAfterSeconds) {}

  public Decision tryAcquire(String key) {
    Bucket bucket = buckets.get(key, k -> newBucket());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) return new Decision(true, probe.getRemainingTokens(), 0);
    long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    return new Decision(false, 0, seconds);
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
        .addLimit(Bandwidth.builder().capacity(perHour).refillGreedy(perHour, Duration.ofHours(1)).build())
        .build();
  }
}
