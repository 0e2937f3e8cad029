package ai.elevare.student;

import ai.elevare.core.CborSerializable;
import ai.elevare.practice.PracticeRequest;
import ai.elevare.practice.Question;
import ai.elevare.rating.Elo;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import ai.elevare.student.StudentEvent.AssignmentCreated;
import ai.elevare.student.StudentEvent.AssignmentQueued;
import ai.elevare.student.StudentEvent.GoalProgress;
import ai.elevare.student.StudentEvent.HintTaken;
import ai.elevare.student.StudentEvent.RatingOverridden;
import ai.elevare.student.StudentReply.Reason;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adaptive practice, pure: ratings per subject, open assignments (one per subject), the items a
 * tutor queued, XP and the streak. The entity runs question selection and answer checking (both
 * may block) and hands their results back here to decide what to store.
 */
public final class PracticeModule {
  static final int RECENT_PRACTICE = 20;
  /** Items seen per subject that selection avoids: enough that a student uses up the bank at their level. */
  static final int RECENT_ITEMS = 60;
  static final int ANSWER_CHARS = 500;

  private PracticeModule() {}

  public record State(
      Map<String, SubjectRating> ratings,
      Map<String, Assignment> open,
      List<PracticeRecord> recent,
      long xp,
      Streak streak,
      Map<String, List<String>> recentItems,
      Map<String, String> lastTopic,
      Map<String, List<QueuedItem>> queued)
      implements CborSerializable {
    public State {
      ratings = ratings == null ? Map.of() : Map.copyOf(ratings);
      open = open == null ? Map.of() : Map.copyOf(open);
      recent = recent == null ? List.of() : List.copyOf(recent);
      streak = streak == null ? Streak.NONE : streak;
      recentItems = recentItems == null ? Map.of() : Map.copyOf(recentItems);
      lastTopic = lastTopic == null ? Map.of() : Map.copyOf(lastTopic);
      queued = queued == null ? Map.of() : Map.copyOf(queued);
    }

    static final State EMPTY = new State(null, null, null, 0, null, null, null, null);

    public SubjectRating rating(String subject) {
      SubjectRating r = ratings.get(subject);
      return r != null ? r : SubjectRating.START;
    }

    public Assignment openIn(String subject) {
      for (Assignment a : open.values()) if (a.subject().equals(subject)) return a;
      return null;
    }

    State withRatings(Map<String, SubjectRating> r) {
      return new State(r, open, recent, xp, streak, recentItems, lastTopic, queued);
    }

    State withOpen(Map<String, Assignment> o, Map<String, List<QueuedItem>> q) {
      return new State(ratings, o, recent, xp, streak, recentItems, lastTopic, q);
    }
  }

  public record SubjectRating(double rating, int attempts, double lastChange, Instant updatedAt)
      implements CborSerializable {
    static final SubjectRating START = new SubjectRating(Elo.INITIAL_RATING, 0, 0, null);
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
    return new Select(
        new PracticeRequest(
            subject, s.rating(subject).rating(), s.recentItems().getOrDefault(subject, List.of()),
            s.lastTopic().get(subject), seed, focus));
  }

  /** After selection: another request may have opened one meanwhile. */
  public static AssignPlan selected(
      State s, String studentId, String subject, Question q, double itemRating, String source,
      String newId, Instant now) {
    Assignment open = s.openIn(subject);
    if (open != null) return new Reuse(open);
    return new Create(new AssignmentCreated(studentId, newId, subject, q, itemRating, source, null, now));
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

  /** What the student sent. */
  public record AnswerInput(String answer, long timeMs, int hintsUsed, boolean giveUp) {}

  /**
   * Judges an answer the checker found {@code correct} (or not): score, the new rating, XP, and the
   * streak after it. {@code goals} is what the goals module decided the answer advanced.
   */
  public static AnswerSubmitted judge(
      State s, String studentId, Assignment a, AnswerInput in, boolean checkedCorrect,
      List<GoalProgress> goals, Instant now, ZoneId zone) {
    SubjectRating current = s.rating(a.subject());
    int attempt = a.attempts() + 1;
    int hints = Math.max(a.hintsUsed(), in.hintsUsed());
    boolean correct = !in.giveUp() && checkedCorrect;
    double score =
        correct ? Elo.performanceScore(true, in.timeMs(), a.question().expectedTimeMs(), hints, attempt) : 0.0;
    double after = Elo.update(current.rating(), a.itemRating(), score, current.attempts());
    int xp = correct ? (int) Math.max(1, Math.round(10 * a.question().difficulty() * score)) : 0;
    LocalDate day = LocalDate.ofInstant(now, zone);
    return new AnswerSubmitted(
        studentId, a.assignmentId(), a.subject(), a.question().id(), a.question().topic(), a.source(),
        truncate(in.answer()), correct, in.giveUp(), score, current.rating(), after, a.itemRating(),
        attempt, hints, in.timeMs(), correct || in.giveUp(), xp, day, now,
        s.streak().after(day).days(), goals);
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
      r.put(e.subject(), new SubjectRating(e.after(), old.attempts(), e.after() - e.before(), e.at()));
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
    return s.withOpen(o, q);
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
    r.put(e.subject(), new SubjectRating(e.ratingAfter(), old.attempts() + 1, e.ratingAfter() - e.ratingBefore(), e.at()));
    List<PracticeRecord> recent = new ArrayList<>(s.recent());
    recent.add(
        new PracticeRecord(
            e.assignmentId(), e.subject(), e.itemId(), e.topic(), e.correct(), e.givenUp(), e.score(),
            e.ratingBefore(), e.ratingAfter(), e.attempt(), e.at()));
    while (recent.size() > RECENT_PRACTICE) recent.remove(0);
    Streak next = s.streak().after(e.practiceDay());
    // Events from before streaks were recorded carry none: the rule above is what they decided.
    if (e.streakDays() != null) next = new Streak(e.streakDays(), next.lastDay());
    return new State(r, o, recent, s.xp() + e.xpAwarded(), next, items, topics, s.queued());
  }
}
