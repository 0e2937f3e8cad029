package ai.elevare.practice.math;

import java.util.List;

/** What topic builders use: the CAS, and a cheap way to reject a draw and have it regenerated. */
final class Gen {

  /** A draw that failed verification or is degenerate; the generator retries with a derived seed. */
  static final class Reject extends Exception {
    private static final long serialVersionUID = 1L;

    Reject(String why) {
      super(why, null, false, false);
    }
  }

  /** One generated problem before it gets its id and timing. */
  record Draft(String prompt, String format, MathExpr answer, List<String> hints, List<String> steps) {}

  /** A topic: its id, its difficulty range and how to build a draft. */
  record Topic(String id, String title, int minDifficulty, int maxDifficulty, long secondsPerLevel, Builder builder) {}

  @FunctionalInterface
  interface Builder {
    Draft build(Rng rng, int difficulty, Gen gen) throws CasException, Reject;
  }

  private final Cas cas;
  /** Shared by every CAS call of one generation; null: each call has the CAS's default timeout. */
  private final Deadline deadline;

  Gen(Cas cas) {
    this(cas, null);
  }

  private Gen(Cas cas, Deadline deadline) {
    this.cas = cas;
    this.deadline = deadline;
  }

  /** The same generator whose CAS calls all end by {@code deadline}. */
  Gen within(Deadline deadline) {
    return new Gen(cas, deadline);
  }

  Cas cas() {
    return cas;
  }

  MathExpr eval(String symja) throws CasException {
    return eval(List.of(symja)).get(0);
  }

  List<MathExpr> eval(String... symja) throws CasException {
    return eval(List.of(symja));
  }

  List<MathExpr> eval(List<String> symja) throws CasException {
    if (deadline == null) return cas.evaluateExprs(symja);
    long left = deadline.remainingNanos();
    if (left <= 0) throw new CasException(CasException.Kind.TIMEOUT, "generation deadline passed");
    return cas.evaluateExprs(symja, java.time.Duration.ofNanos(left));
  }

  static void require(boolean ok, String why) throws Reject {
    if (!ok) {
      throw new Reject(why);
    }
  }

  /** The exact rational value of a CAS result, or a rejection when it is not one. */
  static Rational value(MathExpr e) throws Reject {
    Rational r = e.rational();
    if (r == null) {
      throw new Reject("not a rational number: " + e.canonical());
    }
    return r;
  }

  private static final double[] PROBES = {0.73, 1.41, 2.17, 0.29, 3.07, 1.87};

  /**
   * Whether two trees agree numerically at several sample points (variables positive). Used to confirm that steps
   * and displays built from CAS results are consistent, without another round trip to the CAS.
   */
  static boolean agrees(MathExpr a, MathExpr b) {
    java.util.Set<String> vars = new java.util.TreeSet<>(a.variables());
    vars.addAll(b.variables());
    int valid = 0;
    for (int k = 0; k < PROBES.length; k++) {
      java.util.Map<String, Double> at = new java.util.HashMap<>();
      int i = 0;
      for (String v : vars) {
        at.put(v, PROBES[(k + 2 * i++) % PROBES.length]);
      }
      double x = a.eval(at);
      double y = b.eval(at);
      if (!Double.isFinite(x) || !Double.isFinite(y)) {
        continue;
      }
      if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y)))) {
        return false;
      }
      valid++;
    }
    return valid >= 3;
  }

  static String s(MathExpr e) {
    return e.toSymja();
  }
}
