package ai.elevare.practice.math;

import java.util.List;

/**
 * SplitMix64: a tiny generator whose output is fixed by its published algorithm, so a (topic, difficulty, seed)
 * gives the same problem on every JVM and release (java.util.Random's sequence is not a contract we control).
 */
final class Rng {
  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  /** Combines several values into one well-spread seed. */
  static long mix(long... parts) {
    long h = 0x6A09E667F3BCC909L;
    for (long p : parts) {
      h = finish(h ^ p) + 0x9E3779B97F4A7C15L;
    }
    return h;
  }

  private static long finish(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return finish(state);
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int between(int lo, int hi) {
    if (hi < lo) {
      throw new IllegalArgumentException(lo + ">" + hi);
    }
    long span = (long) hi - lo + 1;
    return (int) (lo + Math.floorMod(nextLong(), span));
  }

  /** Uniform integer in [lo, hi] other than 0. */
  int nonZero(int lo, int hi) {
    int v;
    do {
      v = between(lo, hi);
    } while (v == 0);
    return v;
  }

  /** Uniform integer in [lo, hi] whose absolute value is at least 2. */
  int notUnit(int lo, int hi) {
    int v;
    do {
      v = between(lo, hi);
    } while (Math.abs(v) < 2);
    return v;
  }

  int sign() {
    return chance(0.5) ? 1 : -1;
  }

  boolean chance(double p) {
    return (nextLong() >>> 11) * 0x1.0p-53 < p;
  }

  <T> T pick(List<T> items) {
    return items.get(between(0, items.size() - 1));
  }

  int pick(int... items) {
    return items[between(0, items.length - 1)];
  }
}
