package ai.elevare.practice.math;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Occupies one CAS worker until released, so a test can see what callers do while the CAS is busy without timing
 * anything. Public for the tests of other packages (the hand-over API itself is package-private).
 */
public final class CasHold implements AutoCloseable {
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch holding = new CountDownLatch(1);
  private final CompletableFuture<Void> done;

  private CasHold(Cas cas) {
    done =
        cas.run(
            session -> {
              holding.countDown();
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return null;
            },
            Deadline.after(Duration.ofSeconds(60)));
  }

  /** Returns once a worker of {@code cas} runs the hold. */
  public static CasHold hold(Cas cas) throws InterruptedException {
    CasHold h = new CasHold(cas);
    if (!h.holding.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no CAS worker took the hold");
    }
    return h;
  }

  @Override
  public void close() {
    release.countDown();
    done.join();
  }
}
