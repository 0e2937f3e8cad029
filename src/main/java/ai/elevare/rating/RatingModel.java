package ai.elevare.rating;

import ai.elevare.rating.Elo.KSchedule;

/**
 * Topic Elo with practice terms: the rating model behind adaptive practice, online and O(1) per
 * answer (Pelánek's Elo extensions; docs/elo-evaluation.md has the variants tried and their
 * figures). Pure functions over small immutable values: the student entity applies them to a
 * student's {@link Track}s, the item-rating projection to item ratings, and {@link EloEvaluation}
 * replays public data through the very same functions.
 *
 * <p>A student has a {@link Track} per subject and one per topic in it; an item has a rating and
 * five {@link ItemSlopes}, learnt online at {@link #ITEM_SLOPE_RATE}. The probability of a correct answer is
 *
 * <pre>
 *   a = s + w·(t − s),   w = topicWeight · n_t / (n_t + topicPrior)   (a = s while n_t = 0)
 *   d = (a − item)·ln10/400
 *   z = d + bias + w_S·ln(1+S_t) + w_F·ln(1+F_t) + w_lt·last_t + w_ls·last_s + w_rt·recent_t
 *       + w_rs·recent_s + v_i·recent_t + u_i·(ln(1+S_t) − ln(1+F_t)) + l_i·last_t + r_i·recent_s
 *       + g_i·d
 *   p = 1 / (1 + e^−z)
 * </pre>
 *
 * with {@code s, t} the subject and topic ratings, {@code n_t} the topic's answers, {@code S_t,
 * F_t} the topic's summed scores and summed misses (PFA's success and failure counts, fractional
 * for partial credit), {@code last} the last answer and {@code recent} an exponential average of
 * answers, both as {@code 2·score − 1} in −1..1. The terms after the rating difference are folded
 * into an {@link Prediction#ability() ability} in rating points, so {@code p =
 * Elo.expected(ability, item)} and the item side stays textbook Elo. After the answer, with {@code
 * e = score − p}, the subject and topic ratings move by {@code K·e} (each with its own
 * uncertainty-driven {@link KSchedule}: K falls with the answers the rating rests on), the item by
 * {@code −K_item·e}; a topic rating starts from the subject rating.
 */
public final class RatingModel {

  private static final double LOGIT_PER_POINT = Math.log(10) / Elo.SCALE;

  private RatingModel() {}

  /**
   * Weights of the practice terms in the logit. {@code bias} shifts every prediction; the rest
   * multiply the features named after them.
   */
  public record Weights(
      double bias,
      double successes,
      double failures,
      double lastTopic,
      double lastSubject,
      double recentTopic,
      double recentSubject) {

    public static final Weights NONE = new Weights(0, 0, 0, 0, 0, 0, 0);

    double dot(Features x) {
      return bias
          + successes * x.successes()
          + failures * x.failures()
          + lastTopic * x.lastTopic()
          + lastSubject * x.lastSubject()
          + recentTopic * x.recentTopic()
          + recentSubject * x.recentSubject();
    }

    /** One gradient step of the log loss: how the evaluation learns weights online. */
    public Weights learn(Features x, double error, double rate) {
      double g = rate * error;
      return new Weights(
          bias + g,
          successes + g * x.successes(),
          failures + g * x.failures(),
          lastTopic + g * x.lastTopic(),
          lastSubject + g * x.lastSubject(),
          recentTopic + g * x.recentTopic(),
          recentSubject + g * x.recentSubject());
    }
  }

  /**
   * Hyperparameters. {@code recentRate} is the exponential average's step (0..1]; the K schedules
   * follow {@link KSchedule}.
   */
  public record Params(
      KSchedule subjectK,
      KSchedule topicK,
      KSchedule itemK,
      double topicWeight,
      double topicPrior,
      double recentRate,
      Weights weights) {
    public Params {
      if (!(topicWeight >= 0 && topicWeight <= 1) || !(topicPrior >= 0)) {
        throw new IllegalArgumentException("need 0 <= topicWeight <= 1 and topicPrior >= 0");
      }
      if (!(recentRate > 0 && recentRate <= 1)) {
        throw new IllegalArgumentException("recentRate must be in (0, 1]: " + recentRate);
      }
    }
  }

  /**
   * The product's constants, chosen on the training parts of the two public data sets
   * (docs/elo-evaluation.md): K 64 → 16 (half-life 10) for subjects, 128 → 8 (half-life 10) for
   * topics, {@link Elo#ITEM_K} for items; weights rounded from those learnt on both, bias 0 (bank
   * items carry an author-set difficulty, so there is no data-set-wide offset to correct).
   */
  public static final Params PRODUCT =
      new Params(
          new KSchedule(64, 16, 10),
          new KSchedule(128, 8, 10),
          Elo.ITEM_K,
          0.5,
          5,
          0.5,
          new Weights(0, 0.15, 0.15, 0.1, 0, 0.05, 0.25));

  /**
   * Step of the online item-slope update in the product ({@link ItemSlopes#learn}): the rate the
   * evaluation's {@code product} row learns them at.
   */
  public static final double ITEM_SLOPE_RATE = 0.03;

  /** How far an item slope may go either way; on the public data none came near it (same figures). */
  public static final double SLOPE_BOUND = 2.0;

  /**
   * One rating with the practice it rests on: a student's subject or topic. {@code successes} and
   * {@code failures} sum {@code score} and {@code 1 − score}; {@code recent} and {@code last} are
   * in −1..1 (0 before the first answer).
   */
  public record Track(
      double rating, int attempts, double successes, double failures, double recent, double last) {

    public static final Track START = new Track(Elo.INITIAL_RATING, 0, 0, 0, 0, 0);

    /** A track that carries only a rating (ratings from before practice was counted). */
    public static Track of(double rating, int attempts) {
      return new Track(rating, attempts, 0, 0, 0, 0);
    }

    /** A topic's track before its first answer: it starts from the subject rating. */
    public static Track startingFrom(Track subject) {
      return new Track(subject.rating(), 0, 0, 0, 0, 0);
    }

    /**
     * This track after an answer scored {@code score} that moved its rating to {@code rating}: one
     * more attempt, the counts and the recent average advanced. Replaying an event that recorded
     * the new rating gives the same track as {@link RatingModel#learn} did.
     */
    public Track answered(double score, double rating, double recentRate) {
      double signed = 2 * score - 1;
      return new Track(
          Elo.clamp(rating),
          attempts + 1,
          successes + score,
          failures + (1 - score),
          recent + recentRate * (signed - recent),
          signed);
    }

    Track after(double score, double error, KSchedule k, double recentRate) {
      return answered(score, rating + k.at(attempts) * error, recentRate);
    }
  }

  /**
   * An item's sensitivities to the topic's recent answers ({@code recent}), to the practice balance
   * there ({@code practice}), to the last answer in the topic ({@code last}), to the subject's
   * recent answers ({@code subjectRecent}), and how much more (or less) than the Elo term says the
   * item separates strong from weak students ({@code discrimination}, a 2PL-like slope on {@link
   * Prediction#eloTerm()}). Learnt online where an item store can keep them, else {@link #NONE}.
   */
  public record ItemSlopes(
      double recent, double practice, double last, double subjectRecent, double discrimination) {
    public static final ItemSlopes NONE = new ItemSlopes(0, 0, 0, 0, 0);

    /** The first two slopes alone (the model before the last three were added). */
    public ItemSlopes(double recent, double practice) {
      this(recent, practice, 0, 0, 0);
    }

    /** A step of the first two slopes alone, from {@code x}'s recent and practice features. */
    public ItemSlopes learn(Features x, double error, double rate) {
      return learn(x.recentTopic(), x.practice(), error, rate);
    }

    /** A step of the first two slopes alone: the model before the last three were added. */
    public ItemSlopes learn(double recentTopic, double practice, double error, double rate) {
      return learn(new SlopeFeatures(recentTopic, practice, 0, 0, 0), error, rate);
    }

    /** One gradient step of the log loss from what {@code q} predicted, with error {@code error}. */
    public ItemSlopes learn(Prediction q, double error, double rate) {
      return learn(SlopeFeatures.of(q), error, rate);
    }

    /**
     * One gradient step of the log loss from an answer whose features were {@code f} and whose error
     * was {@code error}; a feature at 0 (e.g. not recorded) leaves its slope as it is.
     */
    public ItemSlopes learn(SlopeFeatures f, double error, double rate) {
      double g = rate * error;
      return new ItemSlopes(
          bounded(recent + g * f.recentTopic()),
          bounded(practice + g * f.practice()),
          bounded(last + g * f.lastTopic()),
          bounded(subjectRecent + g * f.recentSubject()),
          bounded(discrimination + g * f.eloTerm()));
    }

    /**
     * A slope stays within ±{@link #SLOPE_BOUND}: live items meet students far from their rating
     * (a large Elo term), and one odd run of answers must not tip an item's predictions to 0 or 1.
     */
    static double bounded(double slope) {
      return Math.max(-SLOPE_BOUND, Math.min(SLOPE_BOUND, slope));
    }

    /** The slopes' share of the logit, from the features themselves (nothing allocated). */
    double dot(Features x, double eloTerm) {
      return recent * x.recentTopic()
          + practice * x.practice()
          + last * x.lastTopic()
          + subjectRecent * x.recentSubject()
          + discrimination * eloTerm;
    }
  }

  /**
   * The features the {@link ItemSlopes} multiply, as an answer was judged: what the item-rating
   * projection needs to learn them (the answer event records them).
   */
  public record SlopeFeatures(
      double recentTopic, double practice, double lastTopic, double recentSubject, double eloTerm) {
    public static SlopeFeatures of(Prediction q) {
      Features x = q.features();
      return new SlopeFeatures(
          x.recentTopic(), x.practice(), x.lastTopic(), x.recentSubject(), q.eloTerm());
    }

    /** The same features with those outside {@code mask} (bit 0 recentTopic … bit 4 eloTerm) at 0. */
    public SlopeFeatures only(int mask) {
      return new SlopeFeatures(
          (mask & 1) != 0 ? recentTopic : 0,
          (mask & 2) != 0 ? practice : 0,
          (mask & 4) != 0 ? lastTopic : 0,
          (mask & 8) != 0 ? recentSubject : 0,
          (mask & 16) != 0 ? eloTerm : 0);
    }
  }

  /** The practice features of one answer, as they enter the logit. */
  public record Features(
      double successes,
      double failures,
      double lastTopic,
      double lastSubject,
      double recentTopic,
      double recentSubject) {
    /** The practice balance {@code ln(1+S_t) − ln(1+F_t)} the item's practice slope multiplies. */
    public double practice() {
      return successes - failures;
    }
  }

  /**
   * What the model expects: {@code ability} in rating points (the blend plus the practice terms),
   * {@code expected = Elo.expected(ability, itemRating)}; {@code eloTerm} is the blend's difference
   * from the item's rating in logits, {@code (a − item)·ln10/400}.
   */
  public record Prediction(
      double ability, double expected, Features features, Track topic, double eloTerm) {}

  /**
   * Predicts an answer to an item at {@code itemRating} from the student's subject and topic
   * tracks; {@code topic} null means the topic was never practised.
   */
  public static Prediction predict(
      Params p, Track subject, Track topic, double itemRating, ItemSlopes slopes) {
    Track t = topic == null || topic.attempts() == 0 ? Track.startingFrom(subject) : topic;
    double blend =
        t.attempts() == 0
            ? subject.rating()
            : subject.rating()
                + p.topicWeight()
                    * t.attempts()
                    / (t.attempts() + p.topicPrior())
                    * (t.rating() - subject.rating());
    Features x =
        new Features(
            Math.log1p(t.successes()),
            Math.log1p(t.failures()),
            t.last(),
            subject.last(),
            t.recent(),
            subject.recent());
    double eloTerm = (blend - itemRating) * LOGIT_PER_POINT;
    double logit = p.weights().dot(x) + slopes.dot(x, eloTerm);
    double ability = blend + logit / LOGIT_PER_POINT;
    return new Prediction(ability, Elo.expected(ability, itemRating), x, t, eloTerm);
  }

  /**
   * The student's tracks after an answer scored {@code score} (0..1) on what {@code q} predicted.
   */
  public record Learned(Track subject, Track topic, double error) {}

  public static Learned learn(Params p, Track subject, Prediction q, double score) {
    checkScore(score);
    double error = score - q.expected();
    return new Learned(
        subject.after(score, error, p.subjectK(), p.recentRate()),
        q.topic().after(score, error, p.topicK(), p.recentRate()),
        error);
  }

  /**
   * The item's rating after an answer scored {@code score} by a student of {@code ability} (from
   * {@link Prediction#ability()}, against the item's rating then): the item loses what the student
   * wins; {@code attempts} counts the answers its rating rests on.
   */
  public static double itemUpdate(
      Params p, double itemRating, int attempts, double ability, double score) {
    return Elo.itemUpdate(itemRating, ability, score, attempts, p.itemK());
  }

  /**
   * The item's slopes after the same answer, stepped at {@link #ITEM_SLOPE_RATE} by the error the
   * item's rating moves by ({@code score − Elo.expected(ability, itemRating)}); {@code f} are the
   * answer's {@link SlopeFeatures} as the student was judged.
   */
  public static ItemSlopes slopesUpdate(
      ItemSlopes slopes, double itemRating, double ability, double score, SlopeFeatures f) {
    checkScore(score);
    return slopes.learn(f, score - Elo.expected(ability, itemRating), ITEM_SLOPE_RATE);
  }

  /** {@link #slopesUpdate(ItemSlopes, double, double, double, SlopeFeatures)} with only the first two features. */
  public static ItemSlopes slopesUpdate(
      ItemSlopes slopes, double itemRating, double ability, double score, double recentTopic, double practice) {
    return slopesUpdate(slopes, itemRating, ability, score, new SlopeFeatures(recentTopic, practice, 0, 0, 0));
  }

  private static void checkScore(double score) {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in 0..1: " + score);
    }
  }
}
