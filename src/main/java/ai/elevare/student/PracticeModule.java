package ai.elevare.student;

import ai.elevare.core.CborSerializable;
import ai.elevare.practice.Fsrs;
import ai.elevare.practice.PracticeRequest;
import ai.elevare.practice.Question;
import ai.elevare.rating.Elo;
import ai.elevare.rating.RatingModel.ItemSlopes;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import ai.elevare.student.StudentEvent.AssignmentCreated;
import ai.elevare.student.StudentEvent.AssignmentQueued;
import ai.elevare.student.StudentEvent.GoalProgress;
import ai.elevare.student.StudentEvent.HintTaken;
import ai.elevare.student.StudentEvent.RatingOverridden;
import ai.elevare.student.StudentEvent.ReviewSchedule;
import ai.elevare.student.StudentReply.Reason;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adaptive practice, pure: ratings per subject, open assignments (one per subject), the items a
 * tutor queued, XP, the streak, and the spaced-review queue (docs/practice.md). The entity runs
 * question selection and answer checking (both may block) and hands their results back here to
 * decide what to store.
 */
public final class PracticeModule {
  static final int RECENT_PRACTICE = 20;
  /** Items seen per subject that selection avoids: enough that a student uses up the bank at their level. */
  static final int RECENT_ITEMS = 60;
  static final int ANSWER_CHARS = 500;

  /** Review queue bound per student: beyond it the best-remembered item leaves first. */
  static final int REVIEW_CAP = 20;

  /** Due reviews offered to the review source per request (it serves the first it can rebuild). */
  static final int REVIEW_OFFER = 3;

  /** An item whose next interval would exceed this after a good answer leaves the queue. */
  static final double RETIRE_DAYS = 60;

  /** No review sooner than this after the answer that scheduled it. */
  static final Duration MIN_INTERVAL = Duration.ofHours(1);

  /** A first-attempt correct answer slower than this multiple of the expected time grades "hard". */
  static final long SLOW_FACTOR = 2;

  /** Source name of an assignment served from the review queue. */
  public static final String REVIEW_SOURCE = "review";

  private PracticeModule() {}

  public record State(
      Map<String, SubjectRating> ratings,
      Map<String, Assignment> open,
      List<PracticeRecord> recent,
      long xp,
      Streak streak,
      Map<String, List<String>> recentItems,
      Map<String, String> lastTopic,
      Map<String, List<QueuedItem>> queued,
      List<Review> reviews,
      Set<String> reviewedLast)
      implements CborSerializable {
    public State {
      ratings = ratings == null ? Map.of() : Map.copyOf(ratings);
      open = open == null ? Map.of() : Map.copyOf(open);
      recent = recent == null ? List.of() : List.copyOf(recent);
      streak = streak == null ? Streak.NONE : streak;
      recentItems = recentItems == null ? Map.of() : Map.copyOf(recentItems);
      lastTopic = lastTopic == null ? Map.of() : Map.copyOf(lastTopic);
      queued = queued == null ? Map.of() : Map.copyOf(queued);
      // absent from snapshots written before spaced review
      reviews = reviews == null ? List.of() : List.copyOf(reviews);
      reviewedLast = reviewedLast == null ? Set.of() : Set.copyOf(reviewedLast);
    }

    static final State EMPTY = new State(null, null, null, 0, null, null, null, null, null, null);

    public SubjectRating rating(String subject) {
      SubjectRating r = ratings.get(subject);
      return r != null ? r : SubjectRating.START;
    }

    public Assignment openIn(String subject) {
      for (Assignment a : open.values()) if (a.subject().equals(subject)) return a;
      return null;
    }

    State withRatings(Map<String, SubjectRating> r) {
      return new State(r, open, recent, xp, streak, recentItems, lastTopic, queued, reviews, reviewedLast);
    }

    State withOpen(Map<String, Assignment> o, Map<String, List<QueuedItem>> q) {
      return new State(ratings, o, recent, xp, streak, recentItems, lastTopic, q, reviews, reviewedLast);
    }

    State withReviews(List<Review> r, Set<String> last) {
      return new State(ratings, open, recent, xp, streak, recentItems, lastTopic, queued, r, last);
    }

    /** The queued review of an item, or null. */
    public Review review(String itemId) {
      for (Review r : reviews) if (r.itemId().equals(itemId)) return r;
      return null;
    }
  }

  /**
   * An item the student struggled with, on the review queue (kept in due order): its FSRS memory,
   * when it was last answered and when it is due. See {@link #schedule} and docs/practice.md.
   */
  public record Review(
      String itemId, String subject, String topic, double stability, double difficulty, int lapses,
      Instant lastAt, Instant dueAt)
      implements CborSerializable {}

  /**
   * A subject's rating, the recent average and last of its scores (−1..1) and its topics' ratings
   * ({@link PracticeRatings}); the last three are absent from state written before topic ratings.
   */
  public record SubjectRating(
      double rating,
      int attempts,
      double lastChange,
      Instant updatedAt,
      double recent,
      double last,
      Map<String, PracticeRatings.TopicRating> topics)
      implements CborSerializable {
    static final SubjectRating START = new SubjectRating(Elo.INITIAL_RATING, 0, 0, null);

    public SubjectRating {
      topics = topics == null ? Map.of() : Map.copyOf(topics);
    }

    public SubjectRating(double rating, int attempts, double lastChange, Instant updatedAt) {
      this(rating, attempts, lastChange, updatedAt, 0, 0, null);
    }
  }

  public record Assignment(
      String assignmentId,
      String subject,
      Question question,
      double itemRating,
      String source,
      int attempts,
      int hintsUsed,
      Instant startedAt)
      implements CborSerializable {
    Assignment after(int attempt, int hints) {
      return new Assignment(assignmentId, subject, question, itemRating, source, attempt, hints, startedAt);
    }
  }

  public record PracticeRecord(
      String assignmentId,
      String subject,
      String itemId,
      String topic,
      boolean correct,
      boolean givenUp,
      double score,
      double ratingBefore,
      double ratingAfter,
      int attempt,
      Instant at)
      implements CborSerializable {}

  public record QueuedItem(String overrideId, Question question, double itemRating)
      implements CborSerializable {}

  // ---- assignment --------------------------------------------------------------------------------

  /** How to answer a request for a question in a subject. */
  public sealed interface AssignPlan {}

  /** The subject's open assignment: asking again cannot skip a hard question. */
  public record Reuse(Assignment assignment) implements AssignPlan {}

  public record Create(AssignmentCreated event) implements AssignPlan {}

  /** Nothing open and nothing queued: a generator must pick a question (may block). */
  public record Select(PracticeRequest request) implements AssignPlan {}

  /** {@code focus}: terms of recent session topics in the subject (see {@link SummariesModule#focus}). */
  public static AssignPlan plan(
      State s, String studentId, String subject, String newId, Instant now, long seed, List<String> focus) {
    Assignment open = s.openIn(subject);
    if (open != null) return new Reuse(open);
    List<QueuedItem> queued = s.queued().getOrDefault(subject, List.of());
    if (!queued.isEmpty()) {
      QueuedItem q = queued.get(0);
      return new Create(
          new AssignmentCreated(studentId, newId, subject, q.question(), q.itemRating(), "tutor", q.overrideId(), now));
    }
    List<String> recent = s.recentItems().getOrDefault(subject, List.of());
    return new Select(
        new PracticeRequest(
            subject, s.rating(subject).rating(), recent, s.lastTopic().get(subject), seed, focus,
            dueReviews(s, subject, recent, now)));
  }

  /**
   * Items of the subject due for review, earliest first (at most {@link #REVIEW_OFFER}). None right
   * after a review in the subject, so reviews alternate with fresh items, and never the item just
   * answered (no immediate repeat). Allocates only when something is due.
   */
  static List<String> dueReviews(State s, String subject, List<String> recent, Instant now) {
    if (s.reviews().isEmpty() || s.reviewedLast().contains(subject)) return List.of();
    String last = recent.isEmpty() ? null : recent.get(recent.size() - 1);
    List<String> due = null;
    for (Review r : s.reviews()) {
      if (r.dueAt().isAfter(now)) break; // kept in due order
      if (!r.subject().equals(subject) || r.itemId().equals(last)) continue;
      if (due == null) due = new ArrayList<>(REVIEW_OFFER);
      due.add(r.itemId());
      if (due.size() == REVIEW_OFFER) break;
    }
    return due == null ? List.of() : due;
  }

  /** After selection: another request may have opened one meanwhile. */
  public static AssignPlan selected(
      State s, String studentId, String subject, Question q, double itemRating, String source,
      String newId, Instant now) {
    Assignment open = s.openIn(subject);
    if (open != null) return new Reuse(open);
    return new Create(new AssignmentCreated(studentId, newId, subject, q, itemRating, source, null, now));
  }

  /** The review queue as the progress view shows it, earliest due first. */
  public static List<StudentReply.ReviewView> reviewViews(State s, Instant now) {
    List<StudentReply.ReviewView> out = new ArrayList<>(s.reviews().size());
    for (Review r : s.reviews()) {
      double days = Duration.between(r.lastAt(), r.dueAt()).toMinutes() / 1440.0;
      out.add(new StudentReply.ReviewView(r.itemId(), r.subject(), r.topic(), r.dueAt(), !r.dueAt().isAfter(now),
          Math.round(days * 100) / 100.0, r.lapses()));
    }
    return out;
  }

  public static StudentReply.AssignmentView view(State s, Assignment a) {
    return new StudentReply.AssignmentView(
        a.assignmentId(), a.subject(), a.question(), a.question().difficulty(),
        s.rating(a.subject()).rating(), a.source());
  }

  // ---- hints ---------------------------------------------------------------------------------------

  /** The hint to show, and the event that counts it (null when every hint was already shown). */
  public record Hint(String text, int used, HintTaken event) {}

  /** Written hints, then the worked steps one at a time, but never the last step (the answer). */
  public static List<String> hintsOf(Question q) {
    List<String> hints = new ArrayList<>(q.hints());
    List<String> steps = q.solutionSteps();
    for (int i = 0; i < steps.size() - 1; i++) hints.add("Step " + (i + 1) + ": " + steps.get(i));
    if (hints.isEmpty()) hints.add("Re-read the question and write down what is given and what is asked.");
    return hints;
  }

  public static Hint hint(Assignment a, String studentId, Instant now) {
    List<String> hints = hintsOf(a.question());
    if (a.hintsUsed() >= hints.size()) return new Hint(hints.get(hints.size() - 1), a.hintsUsed(), null);
    int used = a.hintsUsed() + 1;
    return new Hint(hints.get(used - 1), used, new HintTaken(studentId, a.assignmentId(), used, now));
  }

  // ---- answers -------------------------------------------------------------------------------------

  /** Refuses an answer or hint for an assignment that is not open: 409 once done, else 404. */
  public static Decision.Refuse notOpen(State s, String assignmentId) {
    boolean done =
        s.recent().stream()
            .anyMatch(r -> r.assignmentId().equals(assignmentId) && (r.correct() || r.givenUp()));
    return done
        ? new Decision.Refuse(Reason.CONFLICT, "This assignment is already completed.")
        : new Decision.Refuse(Reason.NOT_FOUND, "No open assignment with this id.");
  }

  /** Time the client's own figure may take off the server's (request travel, rendering the question). */
  static final long CLIENT_SLACK_MS = 2_000;

  /**
   * The answer time the score uses: the server's clock from the assignment's creation, which the
   * client's figure can lower by at most {@link #CLIENT_SLACK_MS} and never raise, so "time_ms": 0
   * does not earn the best speed score.
   */
  static long answerTimeMs(Assignment a, long clientMs, Instant now) {
    if (a.startedAt() == null) return Math.max(0, clientMs);
    long server = Math.max(0, java.time.Duration.between(a.startedAt(), now).toMillis());
    return Math.max(Math.max(0, server - CLIENT_SLACK_MS), Math.min(Math.max(0, clientMs), server));
  }

  /** What the student sent. */
  public record AnswerInput(String answer, long timeMs, int hintsUsed, boolean giveUp) {}

  /**
   * Judges an answer the checker found {@code correct} (or not): score, the new rating, XP, and the
   * streak after it. {@code goals} is what the goals module decided the answer advanced; {@code
   * slopes} are the item's slopes as the catalog holds them now (the item-rating projection learns
   * them from the features this event records).
   */
  public static AnswerSubmitted judge(
      State s, String studentId, Assignment a, ItemSlopes slopes, AnswerInput in, boolean checkedCorrect,
      List<GoalProgress> goals, Instant now, ZoneId zone) {
    SubjectRating current = s.rating(a.subject());
    int attempt = a.attempts() + 1;
    int hints = Math.max(a.hintsUsed(), in.hintsUsed());
    boolean correct = !in.giveUp() && checkedCorrect;
    long timeMs = answerTimeMs(a, in.timeMs(), now);
    double score =
        correct ? Elo.performanceScore(true, timeMs, a.question().expectedTimeMs(), hints, attempt) : 0.0;
    PracticeRatings.Judged rated = PracticeRatings.judge(current, a.question().topic(), a.itemRating(), slopes, score);
    int xp = correct ? (int) Math.max(1, Math.round(10 * a.question().difficulty() * score)) : 0;
    LocalDate day = LocalDate.ofInstant(now, zone);
    boolean completed = correct || in.giveUp();
    return new AnswerSubmitted(
        studentId, a.assignmentId(), a.subject(), a.question().id(), a.question().topic(), a.source(),
        truncate(in.answer()), correct, in.giveUp(), score, current.rating(), rated.ratingAfter(),
        a.itemRating(), attempt, hints, timeMs, completed, xp, day, now,
        s.streak().after(day).days(), goals, rated.topicRatingAfter(), rated.ability(),
        completed ? schedule(s, a.question(), grade(a.question(), correct, attempt, hints, timeMs), now) : null,
        rated.features().recentTopic(), rated.features().practice(), rated.features().lastTopic(),
        rated.features().recentSubject(), rated.features().eloTerm());
  }

  /**
   * The FSRS grade of the answer that completed an assignment: again when given up or right only
   * after a wrong attempt; hard when right at once but with hints or slow; easy when right within
   * half the expected time; good otherwise.
   */
  static int grade(Question q, boolean correct, int attempt, int hints, long timeMs) {
    if (!correct || attempt > 1) return Fsrs.AGAIN;
    long expected = q.expectedTimeMs();
    if (hints > 0 || (expected > 0 && timeMs > SLOW_FACTOR * expected)) return Fsrs.HARD;
    if (expected > 0 && timeMs > 0 && 2 * timeMs <= expected) return Fsrs.EASY;
    return Fsrs.GOOD;
  }

  /**
   * When the item comes back: a struggle (again, hard) puts an item on the queue, and every later
   * answer to a queued item moves it by the FSRS memory model; null when nothing changes (a good
   * answer to an item not on the queue).
   */
  static ReviewSchedule schedule(State s, Question q, int grade, Instant now) {
    Review old = s.review(q.id());
    if (old == null && grade >= Fsrs.GOOD) return null;
    Fsrs.Memory m =
        old == null
            ? Fsrs.first(grade)
            : Fsrs.next(new Fsrs.Memory(old.stability(), old.difficulty()),
                Duration.between(old.lastAt(), now).toMillis() / 86_400_000.0, grade);
    double days = Fsrs.intervalDays(m.stability());
    boolean retired = grade >= Fsrs.GOOD && days > RETIRE_DAYS;
    Duration in = Duration.ofMillis(Math.round(days * 86_400_000.0));
    Instant due = now.plus(in.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : in);
    return new ReviewSchedule(grade, m.stability(), m.difficulty(), due, retired);
  }

  public static StudentReply.CompleteResult result(
      AnswerSubmitted e, Assignment a, String checkFeedback) {
    String feedback =
        e.givenUp()
            ? "Here is the worked solution."
            : e.correct() ? checkFeedback : checkFeedback + " You can try again or give up.";
    String solution = e.completed() && !e.correct() ? a.question().solutionText() : null;
    return new StudentReply.CompleteResult(
        e.correct(), e.score(), e.ratingBefore(), e.ratingAfter(), Elo.difficulty(e.ratingAfter()),
        e.xpAwarded(), e.streakDays(), e.completed(), !e.completed(), feedback, solution);
  }

  private static String truncate(String answer) {
    if (answer == null) return "";
    return answer.length() <= ANSWER_CHARS ? answer : answer.substring(0, ANSWER_CHARS);
  }

  // ---- evolve --------------------------------------------------------------------------------------

  public static State evolve(State s, StudentEvent event) {
    if (event instanceof AnswerSubmitted e) return answered(s, e);
    if (event instanceof AssignmentCreated e) return created(s, e);
    if (event instanceof HintTaken e) {
      Map<String, Assignment> o = new HashMap<>(s.open());
      Assignment a = o.get(e.assignmentId());
      o.put(e.assignmentId(), a.after(a.attempts(), e.hintsUsed()));
      return s.withOpen(o, s.queued());
    }
    if (event instanceof RatingOverridden e) {
      Map<String, SubjectRating> r = new HashMap<>(s.ratings());
      SubjectRating old = s.rating(e.subject());
      r.put(
          e.subject(),
          new SubjectRating(
              e.after(), old.attempts(), e.after() - e.before(), e.at(), old.recent(), old.last(),
              PracticeRatings.shifted(old.topics(), e.after() - old.rating())));
      return s.withRatings(r);
    }
    if (event instanceof AssignmentQueued e) {
      Map<String, List<QueuedItem>> q = new HashMap<>(s.queued());
      List<QueuedItem> list = new ArrayList<>(q.getOrDefault(e.subject(), List.of()));
      list.add(new QueuedItem(e.overrideId(), e.question(), e.itemRating()));
      q.put(e.subject(), list);
      return s.withOpen(s.open(), q);
    }
    return s;
  }

  /** Moves the answered item on the queue (or off it), keeping due order and the cap. */
  private static State reviewed(State s, AnswerSubmitted e) {
    ReviewSchedule rs = e.review();
    List<Review> list = new ArrayList<>(s.reviews().size() + 1);
    Review old = null;
    for (Review r : s.reviews()) {
      if (r.itemId().equals(e.itemId())) old = r;
      else list.add(r);
    }
    if (!rs.retired()) {
      int lapses = (old == null ? 0 : old.lapses()) + (rs.grade() == Fsrs.AGAIN ? 1 : 0);
      Review next =
          new Review(e.itemId(), e.subject(), e.topic(), rs.stability(), rs.difficulty(), lapses, e.at(), rs.dueAt());
      int i = 0;
      while (i < list.size() && !list.get(i).dueAt().isAfter(rs.dueAt())) i++;
      list.add(i, next);
      if (list.size() > REVIEW_CAP) {
        int best = 0;
        for (int j = 1; j < list.size(); j++) if (list.get(j).stability() > list.get(best).stability()) best = j;
        list.remove(best);
      }
    }
    return s.withReviews(list, s.reviewedLast());
  }

  /** Whether the subject's latest assignment is a review: the next one is then a fresh item. */
  private static Set<String> reviewedLast(Set<String> last, AssignmentCreated e) {
    boolean review = REVIEW_SOURCE.equals(e.source());
    if (review == last.contains(e.subject())) return last;
    Set<String> next = new java.util.HashSet<>(last);
    if (review) next.add(e.subject());
    else next.remove(e.subject());
    return next;
  }

  private static State created(State s, AssignmentCreated e) {
    Map<String, Assignment> o = new HashMap<>(s.open());
    o.put(
        e.assignmentId(),
        new Assignment(e.assignmentId(), e.subject(), e.question(), e.itemRating(), e.source(), 0, 0, e.at()));
    Map<String, List<QueuedItem>> q = s.queued();
    if (e.overrideId() != null) {
      q = new HashMap<>(s.queued());
      List<QueuedItem> rest = new ArrayList<>(q.getOrDefault(e.subject(), List.of()));
      rest.removeIf(i -> i.overrideId().equals(e.overrideId()));
      if (rest.isEmpty()) q.remove(e.subject());
      else q.put(e.subject(), rest);
    }
    State next = s.withOpen(o, q);
    Set<String> last = reviewedLast(s.reviewedLast(), e);
    return last == s.reviewedLast() ? next : next.withReviews(s.reviews(), last);
  }

  private static State answered(State s, AnswerSubmitted e) {
    Map<String, Assignment> o = new HashMap<>(s.open());
    Map<String, List<String>> items = s.recentItems();
    Map<String, String> topics = s.lastTopic();
    if (e.completed()) {
      o.remove(e.assignmentId());
      items = new HashMap<>(items);
      List<String> seen = new ArrayList<>(items.getOrDefault(e.subject(), List.of()));
      seen.add(e.itemId());
      while (seen.size() > RECENT_ITEMS) seen.remove(0);
      items.put(e.subject(), seen);
      topics = new HashMap<>(topics);
      topics.put(e.subject(), e.topic());
    } else {
      Assignment a = o.get(e.assignmentId());
      o.put(e.assignmentId(), a.after(e.attempt(), Math.max(a.hintsUsed(), e.hintsUsed())));
    }
    Map<String, SubjectRating> r = new HashMap<>(s.ratings());
    SubjectRating old = s.rating(e.subject());
    r.put(e.subject(), PracticeRatings.answered(old, e));
    List<PracticeRecord> recent = new ArrayList<>(s.recent());
    recent.add(
        new PracticeRecord(
            e.assignmentId(), e.subject(), e.itemId(), e.topic(), e.correct(), e.givenUp(), e.score(),
            e.ratingBefore(), e.ratingAfter(), e.attempt(), e.at()));
    while (recent.size() > RECENT_PRACTICE) recent.remove(0);
    Streak next = s.streak().after(e.practiceDay());
    // Events from before streaks were recorded carry none: the rule above is what they decided.
    if (e.streakDays() != null) next = new Streak(e.streakDays(), next.lastDay());
    State after = new State(r, o, recent, s.xp() + e.xpAwarded(), next, items, topics, s.queued(), s.reviews(),
        s.reviewedLast());
    return e.review() == null ? after : reviewed(after, e);
  }
}
