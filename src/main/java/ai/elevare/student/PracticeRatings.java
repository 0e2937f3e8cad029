package ai.elevare.student;

import ai.elevare.core.CborSerializable;
import ai.elevare.rating.Elo;
import ai.elevare.rating.RatingModel;
import ai.elevare.rating.RatingModel.ItemSlopes;
import ai.elevare.rating.RatingModel.Track;
import ai.elevare.student.PracticeModule.SubjectRating;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import java.util.HashMap;
import java.util.Map;

/**
 * The practice slice's ratings under {@link RatingModel#PRODUCT}, judged with the item's slopes as
 * the catalog holds them: a subject rating with a bounded set of topic ratings. Pure: {@link #judge} decides what an answer does to them, {@link #answered}
 * replays the recorded outcome.
 */
public final class PracticeRatings {
  /** Topics kept per subject; past this, the one practised least recently is dropped. */
  static final int MAX_TOPICS = 32;

  static final RatingModel.Params MODEL = RatingModel.PRODUCT;

  private PracticeRatings() {}

  /**
   * A student's rating in one topic: the {@link Track} fields and {@code lastSeen}, the subject's
   * answer count at its last answer (which topic to drop first).
   */
  public record TopicRating(
      double rating,
      int attempts,
      double successes,
      double failures,
      double recent,
      double last,
      int lastSeen)
      implements CborSerializable {
    Track track() {
      return new Track(rating, attempts, successes, failures, recent, last);
    }

    static TopicRating of(Track t, int lastSeen) {
      return new TopicRating(
          t.rating(), t.attempts(), t.successes(), t.failures(), t.recent(), t.last(), lastSeen);
    }
  }

  /**
   * What an answer does: the subject and topic ratings after it, the ability it was judged at, and
   * the features the item's slopes learn from.
   */
  record Judged(
      double ratingAfter, double topicRatingAfter, double ability, RatingModel.SlopeFeatures features) {}

  /** Judges an answer to an item at {@code itemRating} with {@code slopes} (as the catalog has them). */
  static Judged judge(SubjectRating current, String topic, double itemRating, ItemSlopes slopes, double score) {
    Track subject = subjectTrack(current);
    RatingModel.Prediction q =
        RatingModel.predict(MODEL, subject, topicTrack(current, topic), itemRating, slopes);
    RatingModel.Learned learned = RatingModel.learn(MODEL, subject, q, score);
    return new Judged(
        learned.subject().rating(), learned.topic().rating(), q.ability(),
        RatingModel.SlopeFeatures.of(q));
  }

  /**
   * The subject's rating after a recorded answer: the subject rating as recorded, the topic's as
   * recorded, or, for events from before topic ratings, as the model would have moved it.
   */
  static SubjectRating answered(SubjectRating old, AnswerSubmitted e) {
    Track subject = subjectTrack(old);
    Track topic = topicTrack(old, e.topic());
    double topicAfter =
        e.topicRating() != null
            ? e.topicRating()
            : RatingModel.learn(
                    MODEL,
                    subject,
                    RatingModel.predict(MODEL, subject, topic, e.itemRating(), ItemSlopes.NONE),
                    e.score())
                .topic()
                .rating();
    Track subjectAfter = subject.answered(e.score(), e.ratingAfter(), MODEL.recentRate());
    Track start = topic != null ? topic : Track.startingFrom(subject);
    Track topicTrackAfter = start.answered(e.score(), topicAfter, MODEL.recentRate());
    Map<String, TopicRating> topics = old.topics();
    if (e.topic() != null) {
      topics = new HashMap<>(topics);
      topics.put(e.topic(), TopicRating.of(topicTrackAfter, old.attempts() + 1));
      if (topics.size() > MAX_TOPICS) topics.remove(leastRecent(topics));
    }
    return new SubjectRating(
        e.ratingAfter(), old.attempts() + 1, e.ratingAfter() - e.ratingBefore(), e.at(),
        subjectAfter.recent(), subjectAfter.last(), topics);
  }

  /** A tutor's new subject rating moves every topic rating by the same amount. */
  static Map<String, TopicRating> shifted(Map<String, TopicRating> topics, double by) {
    if (topics.isEmpty() || by == 0) return topics;
    Map<String, TopicRating> out = new HashMap<>(topics.size() * 2);
    topics.forEach(
        (name, t) ->
            out.put(
                name,
                new TopicRating(
                    Elo.clamp(t.rating() + by), t.attempts(), t.successes(), t.failures(),
                    t.recent(), t.last(), t.lastSeen())));
    return out;
  }

  private static Track subjectTrack(SubjectRating r) {
    return new Track(r.rating(), r.attempts(), 0, 0, r.recent(), r.last());
  }

  private static Track topicTrack(SubjectRating r, String topic) {
    TopicRating t = topic == null ? null : r.topics().get(topic);
    return t == null ? null : t.track();
  }

  private static String leastRecent(Map<String, TopicRating> topics) {
    String oldest = null;
    int seen = Integer.MAX_VALUE;
    for (Map.Entry<String, TopicRating> t : topics.entrySet()) {
      if (t.getValue().lastSeen() < seen) {
        seen = t.getValue().lastSeen();
        oldest = t.getKey();
      }
    }
    return oldest;
  }
}
