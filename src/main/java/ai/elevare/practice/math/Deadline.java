package ai.elevare.practice.math;

import java.time.Duration;

/**
 * The instant by which a piece of CAS work must be done, on the {@link System#nanoTime()} scale. An answer check
 * takes one and hands it to every CAS call it makes, so the calls share one budget instead of stacking theirs.
 */
public record Deadline(long nanoTime) {

  public static Deadline after(Duration timeout) {
    return new Deadline(System.nanoTime() + timeout.toNanos());
  }

  /** Nanoseconds left, zero or negative once passed. */
  public long remainingNanos() {
    return nanoTime - System.nanoTime();
  }

  public boolean passed() {
    return remainingNanos() <= 0;
  }
}
