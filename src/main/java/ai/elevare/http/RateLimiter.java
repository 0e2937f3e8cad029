package ai.elevare.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-caller limits (100/min and 1000/h by default) as two greedy-refill token buckets from
 * Bucket4j, held across the cluster.
 *
 * <p>Each request is decided from memory (no I/O on the request path): a node-local bucket, and
 * a "blocked until" that the shared bucket set. What a key consumed on this node is added to its
 * {@link SharedBuckets} bucket by {@link #sync} (on the blocking pool, every sync-interval) once
 * it reaches sync-batch tokens; when the shared bucket is in debt, the key is refused on this node
 * until the debt is repaid. So the cluster-wide total exceeds the limit by at most about
 * nodes × (sync-batch + what one node accepts in one sync-interval), and the overshoot is then
 * paid back as a longer wait. Idle keys expire after an hour.
 */
public final class RateLimiter {
  /** What a request costs beyond 1: the AI routes weigh more than reads. */
  public record Costs(long qa, long summary) {
    public static final Costs UNIT = new Costs(1, 1);
  }

  public record Settings(long perMinute, long perHour, int trustedProxies, Costs costs, long syncBatch) {}

  private final Settings settings;
  private final SharedBuckets shared;
  private final BucketConfiguration config;
  /** Tokens a key gathers on a node before they go to the shared bucket: sync-batch, or a tenth of the minute's limit when that is more. */
  private final long batch;
  private final Cache<String, Entry> entries =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1)).maximumSize(500_000).build();
  /** Keys with consumption not yet added to the shared bucket. */
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();

  private static final class Entry {
    final Bucket local;
    final AtomicLong pending = new AtomicLong();
    volatile long blockedUntilNanos;

    Entry(Bucket local) {
      this.local = local;
    }
  }

  /** One node's limits, unit costs, no proxies trusted (tests of routes). */
  public RateLimiter(long perMinute, long perHour) {
    this(new Settings(perMinute, perHour, 0, Costs.UNIT, 1), SharedBuckets.inMemory());
  }

  public RateLimiter(Settings settings, SharedBuckets shared) {
    this.settings = settings;
    this.shared = shared;
    this.batch = Math.max(settings.syncBatch(), settings.perMinute() / 10);
    this.config =
        BucketConfiguration.builder()
            .addLimit(Bandwidth.builder().capacity(settings.perMinute()).refillGreedy(settings.perMinute(), Duration.ofMinutes(1)).build())
            .addLimit(Bandwidth.builder().capacity(settings.perHour()).refillGreedy(settings.perHour(), Duration.ofHours(1)).build())
            .build();
  }

  public Settings settings() {
    return settings;
  }

  public record Decision(boolean allowed, long remaining, long retryAfterSeconds) {}

  public Decision tryAcquire(String key) {
    return tryAcquire(key, 1);
  }

  public Decision tryAcquire(String key, long cost) {
    Entry e = entries.get(key, k -> new Entry(SharedBuckets.localBucket(config)));
    long now = System.nanoTime();
    long blocked = e.blockedUntilNanos;
    if (blocked != 0 && blocked - now > 0) return refused(blocked - now);
    ConsumptionProbe probe = e.local.tryConsumeAndReturnRemaining(cost);
    if (!probe.isConsumed()) return refused(probe.getNanosToWaitForRefill());
    if (shared.shared()) {
      e.pending.addAndGet(cost);
      dirty.add(key);
    }
    return new Decision(true, probe.getRemainingTokens(), 0);
  }

  private static Decision refused(long nanos) {
    return new Decision(false, 0, Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
  }

  /**
   * Adds what each key consumed here to its shared bucket (keys below sync-batch wait for the next
   * round unless {@code all}); a key whose shared bucket went into debt is refused here until the
   * debt is repaid. Runs JDBC: the blocking pool only.
   */
  public int sync(boolean all) {
    int synced = 0;
    for (String key : dirty) {
      Entry e = entries.getIfPresent(key);
      if (e == null) {
        dirty.remove(key);
        continue;
      }
      if (!all && e.pending.get() < batch) continue;
      dirty.remove(key);
      long n = e.pending.getAndSet(0);
      if (n == 0) continue;
      long debtNanos = shared.bucket("r:" + key, config).consumeIgnoringRateLimits(n);
      if (debtNanos > 0) e.blockedUntilNanos = System.nanoTime() + debtNanos;
      synced++;
    }
    return synced;
  }

  private final AtomicLong rounds = new AtomicLong();

  /** The scheduled round: keys at sync-batch every time, every key every 25th time. */
  public void tick() {
    sync(rounds.incrementAndGet() % 25 == 0);
  }

  /** Reads cost 1; a Q&A question and a summary delivery cost what the settings say. */
  public long costOf(String method, String path) {
    if (!method.equals("POST")) return 1;
    if (path.equals("/qa/query")) return settings.costs().qa();
    if (path.equals("/summaries")) return settings.costs().summary();
    return 1;
  }
}
