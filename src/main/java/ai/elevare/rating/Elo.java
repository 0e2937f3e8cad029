package ai.elevare.rating;

/**
 * Textbook Elo, the base of the adaptive-practice model: a student's rating against a question's
 * (item's) rating. Pure functions, no state. {@link RatingModel} builds the product's model on
 * them (topic ratings and practice terms on top of {@link #expected}, item updates through {@link
 * #itemUpdate}); {@link EloEvaluation} replays public knowledge-tracing data through both
 * (docs/elo-evaluation.md). The constants below (student K) describe plain Elo as the product ran
 * it before {@link RatingModel}; the item K is still the product's.
 *
 * <p>Formulas and constants:
 *
 * <ul>
 *   <li>Expected score {@code E = 1 / (1 + 10^((item - student) / 400))}: the chess scale, on which
 *       400 points mean 10:1 odds. It is the probability that the student answers correctly.
 *   <li>Update {@code new = clamp(old + K * (score - E))}, score in 0..1. The item side moves the
 *       opposite way: {@code item' = clamp(item - K_item * (score - E))}, score from the student's
 *       view.
 *   <li>K decays with the number of answers already counted for the rating ({@link KSchedule}):
 *       {@code K(n) = floor + (initial - floor) / (1 + n / halfLife)}. A new rating is uncertain,
 *       so a large K lets it travel to the right level in a handful of answers instead of dozens;
 *       the excess over the floor halves after {@code halfLife} answers. Students: 128 decaying to
 *       32 with half-life 10, so a first answer moves a new rating by up to 64 points and the
 *       long-run K is the seed's 32, still large enough for a rating to follow learning. Items: 128
 *       decaying to 8 with half-life 5. A question's difficulty does not drift the way a learner
 *       does, so its rating should settle into an average over everyone who answered it instead of
 *       chasing the last few students; an item floor of 32 lost 0.001 (Statics) and 0.004
 *       (ASSISTments) AUC. The values were chosen on the training part of two public data sets,
 *       never their test part (docs/elo-evaluation.md); among near-equal candidates we took the
 *       gentler item K, because bank items start from an author-set difficulty, a better prior than
 *       the data sets'.
 *   <li>Ratings clamp to {@value #MIN_RATING}..{@value #MAX_RATING} and start at {@value
 *       #INITIAL_RATING}. The range maps evenly onto difficulty 1..10, 160 points per level; a
 *       level's representative rating is the centre of its band.
 *   <li>Performance score of a live answer: {@code 0.7 * accuracy + 0.2 * speed + 0.1 * hints},
 *       each part in 0..1, see {@link #performanceScore}. A wrong answer scores 0.
 * </ul>
 */
public final class Elo {

  public static final double MIN_RATING = 400;
  public static final double MAX_RATING = 2000;
  public static final double INITIAL_RATING = 1000;

  /** Rating points for a tenfold change in the odds of a correct answer. */
  public static final double SCALE = 400;

  /** Difficulty levels, 1..10. */
  public static final int LEVELS = 10;

  /** Rating points per difficulty level: 160. */
  public static final double LEVEL_WIDTH = (MAX_RATING - MIN_RATING) / LEVELS;

  /**
   * K as a function of how many answers a rating already rests on: {@code floor + (initial - floor)
   * / (1 + attempts / halfLife)}, which starts at {@code initial} and decreases monotonically
   * towards {@code floor}.
   */
  public record KSchedule(double initial, double floor, double halfLife) {
    public KSchedule {
      if (!(floor > 0) || !(initial >= floor) || !(halfLife > 0) || Double.isInfinite(initial)) {
        throw new IllegalArgumentException(
            String.format(
                "need 0 < floor %s <= initial %s and halfLife %s > 0", floor, initial, halfLife));
      }
    }

    public double at(int attempts) {
      if (attempts < 0) {
        throw new IllegalArgumentException("attempts must be >= 0: " + attempts);
      }
      return floor + (initial - floor) / (1 + attempts / halfLife);
    }
  }

  /** Student ratings: 128 while new, settling at the seed's 32. */
  public static final KSchedule STUDENT_K = new KSchedule(128, 32, 10);

  /** Item ratings: quick to place a new question, then an ever longer average. */
  public static final KSchedule ITEM_K = new KSchedule(128, 8, 5);

  /** Accuracy credit of a correct answer on the second attempt; each further attempt halves it. */
  public static final double RETRY_CREDIT = 0.5;

  /** Speed credit reaches 0 at this multiple of the expected time. */
  public static final double SLOW_FACTOR = 3;

  /** Hints that use up the whole hint credit. */
  public static final int MAX_HINTS = 3;

  private static final double LN10_OVER_SCALE = Math.log(10) / SCALE;

  private Elo() {}

  /** Probability that a student at {@code studentRating} answers an item at {@code itemRating}. */
  public static double expected(double studentRating, double itemRating) {
    return 1 / (1 + Math.exp((itemRating - studentRating) * LN10_OVER_SCALE));
  }

  /** Student K after {@code attempts} counted answers: {@link #STUDENT_K}, 128 falling to 32. */
  public static double kFactor(int attempts) {
    return STUDENT_K.at(attempts);
  }

  /**
   * A student rating after one answer scored {@code score} (0..1) against an item at {@code
   * opponentRating}; {@code attempts} is how many answers the rating already rests on (0 for the
   * first), which sets K.
   */
  public static double update(double rating, double opponentRating, double score, int attempts) {
    return update(rating, opponentRating, score, attempts, STUDENT_K);
  }

  /** {@link #update(double, double, double, int)} with an explicit K schedule. */
  public static double update(
      double rating, double opponentRating, double score, int attempts, KSchedule k) {
    checkScore(score);
    return clamp(rating + k.at(attempts) * (score - expected(rating, opponentRating)));
  }

  /**
   * An item rating after a student at {@code studentRating} scored {@code score} on it: the item
   * loses what the student wins. {@code itemAttempts} counts the answers the item rating rests on.
   */
  public static double itemUpdate(
      double itemRating, double studentRating, double score, int itemAttempts) {
    return itemUpdate(itemRating, studentRating, score, itemAttempts, ITEM_K);
  }

  /** {@link #itemUpdate(double, double, double, int)} with an explicit K schedule. */
  public static double itemUpdate(
      double itemRating, double studentRating, double score, int itemAttempts, KSchedule k) {
    checkScore(score);
    return clamp(itemRating - k.at(itemAttempts) * (score - expected(studentRating, itemRating)));
  }

  /**
   * Score of a live answer in 0..1: {@code 0.7 * accuracy + 0.2 * speed + 0.1 * hints}, and 0 when
   * the answer is wrong (or given up): speed and hints earn nothing on their own.
   *
   * <ul>
   *   <li>accuracy: 1 for a correct first attempt, {@link #RETRY_CREDIT} for the second, halving
   *       with each further attempt ({@code 0.5^(attemptNumber - 1)}).
   *   <li>speed: 1 up to the item's expected time, then linearly down to 0 at {@link #SLOW_FACTOR}
   *       times it: {@code 1 - (time - expected) / (2 * expected)}, floored at 0.
   *   <li>hints: {@code 1 - hintsUsed / 3}, floored at 0.
   * </ul>
   */
  public static double performanceScore(
      boolean correct, long timeMs, long expectedTimeMs, int hintsUsed, int attemptNumber) {
    if (timeMs < 0 || expectedTimeMs <= 0 || hintsUsed < 0 || attemptNumber < 1) {
      throw new IllegalArgumentException(
          String.format(
              "need timeMs %d >= 0, expectedTimeMs %d > 0, hintsUsed %d >= 0, attemptNumber %d >="
                  + " 1",
              timeMs, expectedTimeMs, hintsUsed, attemptNumber));
    }
    if (!correct) {
      return 0;
    }
    double accuracy = Math.pow(RETRY_CREDIT, attemptNumber - 1);
    double overtime = (double) (timeMs - expectedTimeMs) / ((SLOW_FACTOR - 1) * expectedTimeMs);
    double speed = Math.max(0, Math.min(1, 1 - overtime));
    double hints = Math.max(0, 1 - (double) hintsUsed / MAX_HINTS);
    return 0.7 * accuracy + 0.2 * speed + 0.1 * hints;
  }

  /** Difficulty level 1..10 of a rating: 400..559 is 1, 560..719 is 2, ..., 1840..2000 is 10. */
  public static int difficulty(double rating) {
    int level = (int) Math.floor((clamp(rating) - MIN_RATING) / LEVEL_WIDTH) + 1;
    return Math.min(LEVELS, level);
  }

  /** The centre of a level's band: 480 for level 1, 1920 for level 10. */
  public static double ratingForDifficulty(int difficulty) {
    if (difficulty < 1 || difficulty > LEVELS) {
      throw new IllegalArgumentException("difficulty must be 1..10: " + difficulty);
    }
    return MIN_RATING + (difficulty - 0.5) * LEVEL_WIDTH;
  }

  /** The rating limited to 400..2000; NaN is rejected so it never reaches the journal. */
  public static double clamp(double rating) {
    if (Double.isNaN(rating)) {
      throw new IllegalArgumentException("rating is NaN");
    }
    return Math.max(MIN_RATING, Math.min(MAX_RATING, rating));
  }

  private static void checkScore(double score) {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in 0..1: " + score);
    }
  }
}
