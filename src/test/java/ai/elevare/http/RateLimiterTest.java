package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two limiters on one shared store stand for two nodes: the limit holds across them within the
 * documented bound, each decision is made from memory, and the weights apply.
 */
class RateLimiterTest {
  private static RateLimiter node(SharedBuckets store, long perMinute, long syncBatch) {
    return new RateLimiter(
        new RateLimiter.Settings(perMinute, 10_000, 0, new RateLimiter.Costs(5, 7), syncBatch), store);
  }

  @Test
  void theLimitHoldsAcrossTwoNodes() {
    SharedBuckets store = SharedBuckets.sharedInMemory();
    List<RateLimiter> nodes = List.of(node(store, 20, 1), node(store, 20, 1));
    int accepted = 0;
    for (int i = 0; i < 40; i++) {
      if (nodes.get(i % 2).tryAcquire("u:1").allowed()) accepted++;
      nodes.forEach(n -> n.sync(false));
    }
    // sync-batch 1, but a tenth of 20 is 2: each node holds back up to 2 tokens and learns of the
    // debt on the sync after, so 20 + 2 x 2 at most.
    assertTrue(accepted >= 20 && accepted <= 24, "accepted " + accepted);
    RateLimiter.Decision d = nodes.get(0).tryAcquire("u:1");
    assertFalse(d.allowed());
    assertTrue(d.retryAfterSeconds() >= 1 && d.retryAfterSeconds() <= 60, "Retry-After " + d.retryAfterSeconds());
    assertTrue(nodes.get(1).tryAcquire("u:2").allowed(), "another key has its own budget");
  }

  @Test
  void withoutSyncEachNodeWouldGrantItsOwnLimit() {
    // What the sync prevents: alone, two nodes accept twice the limit.
    SharedBuckets store = SharedBuckets.sharedInMemory();
    List<RateLimiter> nodes = List.of(node(store, 20, 1), node(store, 20, 1));
    int accepted = 0;
    for (int i = 0; i < 40; i++) if (nodes.get(i % 2).tryAcquire("u:1").allowed()) accepted++;
    assertEquals(40, accepted);
  }

  @Test
  void keysBelowTheBatchWaitForAFullRound() {
    SharedBuckets store = SharedBuckets.sharedInMemory();
    RateLimiter a = node(store, 100, 10);
    for (int i = 0; i < 9; i++) assertTrue(a.tryAcquire("u:1").allowed());
    assertEquals(0, a.sync(false), "9 tokens: below the batch");
    assertEquals(1, a.sync(true));
    assertEquals(91, store.bucket("r:u:1", io.github.bucket4j.BucketConfiguration.builder()
        .addLimit(io.github.bucket4j.Bandwidth.builder().capacity(100).refillGreedy(100, java.time.Duration.ofMinutes(1)).build())
        .build()).getAvailableTokens());
  }

  @Test
  void aHighLimitSyncsInLargerBatches() {
    // a tenth of the minute's limit: a generous limit costs the database no more transactions than a tight one
    SharedBuckets store = SharedBuckets.sharedInMemory();
    RateLimiter a = node(store, 1000, 10);
    for (int i = 0; i < 99; i++) assertTrue(a.tryAcquire("u:1").allowed());
    assertEquals(0, a.sync(false), "99 tokens: below a tenth of 1000");
    assertTrue(a.tryAcquire("u:1").allowed());
    assertEquals(1, a.sync(false));
  }

  @Test
  void aQuestionAndASummaryCostMoreThanARead() {
    RateLimiter limiter = node(SharedBuckets.inMemory(), 100, 1);
    assertEquals(1, limiter.costOf("GET", "/me"));
    assertEquals(5, limiter.costOf("POST", "/qa/query"));
    assertEquals(7, limiter.costOf("POST", "/summaries"));
    assertEquals(1, limiter.costOf("GET", "/summaries"));
    assertEquals(99, limiter.tryAcquire("u:1", 1).remaining());
    assertEquals(94, limiter.tryAcquire("u:1", 5).remaining());
  }
}
