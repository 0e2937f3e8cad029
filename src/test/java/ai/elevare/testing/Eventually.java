package ai.elevare.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** Polls a condition until it holds or the deadline passes; for read models that follow behind. */
public final class Eventually {
  private Eventually() {}

  public static boolean await(Duration timeout, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.call()) return true;
      if (System.nanoTime() > deadline) return false;
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
