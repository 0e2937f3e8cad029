package ai.elevare.practice;

/**
 * The FSRS-4.5 memory model (Free Spaced Repetition Scheduler, Ye et al.; the open-spaced-repetition
 * project) with its published default weights, fitted on millions of Anki reviews. Pure functions
 * over a memory state of two numbers: stability {@code S} (days until recall falls to 90 %) and
 * difficulty {@code D} (1..10). Formulas and the reasons for this model: docs/practice.md.
 */
public final class Fsrs {
  /** Grades, as FSRS numbers them. */
  public static final int AGAIN = 1, HARD = 2, GOOD = 3, EASY = 4;

  /** FSRS-4.5 default weights w0..w16. */
  static final double[] W = {
    0.4872, 1.4003, 3.7145, 13.8206, 5.1618, 1.2298, 0.8975, 0.031, 1.6474, 0.1367, 1.0461,
    2.1072, 0.0793, 0.3246, 1.587, 0.2272, 2.8755
  };

  /** Power forgetting curve R(t, S) = (1 + FACTOR·t/S)^DECAY; FACTOR makes R(S, S) = 0.9. */
  static final double DECAY = -0.5;

  static final double FACTOR = 19.0 / 81.0;

  /** Recall probability the schedule aims at when the item comes back: then the interval equals S. */
  public static final double RETENTION = 0.9;

  static final double MIN_STABILITY = 0.01;

  static final double MAX_STABILITY = 36500;

  private Fsrs() {}

  /** Stability and difficulty of one item for one student. */
  public record Memory(double stability, double difficulty) {}

  /** The memory after the first graded encounter. */
  public static Memory first(int grade) {
    check(grade);
    return new Memory(W[grade - 1], clampD(initialDifficulty(grade)));
  }

  /** Probability of recall after {@code elapsedDays} at stability {@code s}. */
  public static double retrievability(double elapsedDays, double s) {
    return Math.pow(1 + FACTOR * Math.max(0, elapsedDays) / s, DECAY);
  }

  /** The memory after a review {@code elapsedDays} after the previous one. */
  public static Memory next(Memory m, double elapsedDays, int grade) {
    check(grade);
    double s = m.stability(), d = m.difficulty();
    double r = retrievability(elapsedDays, s);
    double nd = clampD(W[7] * initialDifficulty(GOOD) + (1 - W[7]) * (d - W[6] * (grade - 3)));
    double ns;
    if (grade == AGAIN) {
      // A lapse never makes the memory more stable than it was.
      ns = Math.min(s, W[11] * Math.pow(d, -W[12]) * (Math.pow(s + 1, W[13]) - 1) * Math.exp(W[14] * (1 - r)));
    } else {
      double bonus = grade == HARD ? W[15] : grade == EASY ? W[16] : 1;
      ns = s * (1 + Math.exp(W[8]) * (11 - d) * Math.pow(s, -W[9]) * (Math.exp(W[10] * (1 - r)) - 1) * bonus);
    }
    return new Memory(Math.max(MIN_STABILITY, Math.min(MAX_STABILITY, ns)), nd);
  }

  /** Days until recall is expected to fall to {@link #RETENTION}. */
  public static double intervalDays(double stability) {
    return stability / FACTOR * (Math.pow(RETENTION, 1 / DECAY) - 1);
  }

  private static double initialDifficulty(int grade) {
    return W[4] - (grade - 3) * W[5];
  }

  private static double clampD(double d) {
    return Math.max(1, Math.min(10, d));
  }

  private static void check(int grade) {
    if (grade < AGAIN || grade > EASY) throw new IllegalArgumentException("grade 1..4: " + grade);
  }
}
