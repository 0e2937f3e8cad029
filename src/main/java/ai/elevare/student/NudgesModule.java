package ai.elevare.student;

import ai.elevare.core.CborSerializable;
import ai.elevare.nudge.NudgeDecision;
import ai.elevare.nudge.NudgeFacts;
import ai.elevare.nudge.NudgeFacts.GoalFact;
import ai.elevare.nudge.NudgeFacts.SubjectFact;
import ai.elevare.nudge.NudgeHistory;
import ai.elevare.nudge.NudgeLinks;
import ai.elevare.nudge.NudgeRules;
import ai.elevare.nudge.NudgeWriter;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import ai.elevare.student.StudentEvent.AssignmentCreated;
import ai.elevare.student.StudentEvent.HintTaken;
import ai.elevare.student.StudentEvent.NudgeScheduled;
import ai.elevare.student.StudentEvent.NudgeSent;
import ai.elevare.student.StudentEvent.QuestionAnswered;
import ai.elevare.student.StudentEvent.TimeZoneChanged;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Nudges, pure: the nudges sent, the last activity, the student's time zone and the due time the
 * activity index holds. The rules ({@link NudgeRules}) read facts taken from the whole student
 * state; the entity runs the text writer (an AI child) and its timer, and persists what is decided
 * here.
 *
 * <p>The due time is kept lazily: the index may hold a time earlier than the rules' (a wake-up
 * then finds nothing to send and records the later one), never a later one. So the inactivity due
 * time, which every answer moves later, costs no event per answer: {@link NudgeScheduled} is
 * stored when the due time moves earlier (first activity, a goal reached, a new time zone), when
 * the stored one has passed, and {@link NudgeSent} carries the next one.
 */
public final class NudgesModule {

  private NudgesModule() {}

  /**
   * @param lastActivityAt the last practice (assignment, hint, answer) or question
   * @param zone the student's IANA time zone as last seen; null: not seen yet (UTC)
   * @param dueAt the due time last stored, which the activity index holds; null: none
   */
  public record State(NudgeHistory history, Instant lastActivityAt, String zone, Instant dueAt)
      implements CborSerializable {
    public State {
      history = history == null ? NudgeHistory.empty() : history;
    }

    static final State EMPTY = new State(null, null, null, null);

    public ZoneId zoneId() {
      try {
        return zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
      } catch (RuntimeException e) {
        return ZoneOffset.UTC; // a zone the JVM's time-zone data no longer knows
      }
    }
  }

  // ---- facts -------------------------------------------------------------------------------------

  /** What the rules know of the student: ratings and answers per subject, goals, activity, history. */
  public static NudgeFacts facts(StudentState s) {
    Map<String, SubjectFact> subjects = new HashMap<>();
    s.practice().ratings().forEach((subject, r) -> subjects.put(subject, new SubjectFact(r.rating(), r.attempts())));
    List<GoalFact> goals =
        s.goals().list().stream()
            .map(g -> new GoalFact(g.goalId(), g.subject(), g.title(), g.target(), g.progress(), g.status(), g.completedAt()))
            .toList();
    return new NudgeFacts(
        s.nudges().zoneId(), lastActivity(s), s.nudges().history(), subjects, goals, nextSteps(s));
  }

  /**
   * The hook the session summaries feed: the next steps of the student's last tutoring-session
   * summary, which an inactivity nudge points at first.
   */
  static List<String> nextSteps(StudentState s) {
    return SummariesModule.latestNextSteps(s.summaries());
  }

  /**
   * The slice's last activity; a state loaded from a snapshot written before this slice existed
   * has none, so the newest answer or question the other slices keep stands in.
   */
  static Instant lastActivity(StudentState s) {
    Instant last = s.nudges().lastActivityAt();
    List<PracticeModule.PracticeRecord> recent = s.practice().recent();
    if (!recent.isEmpty()) last = max(last, recent.get(recent.size() - 1).at());
    List<QaModule.Interaction> asked = s.qa().interactions();
    if (!asked.isEmpty()) last = max(last, asked.get(asked.size() - 1).at());
    return last;
  }

  // ---- decide ------------------------------------------------------------------------------------

  /**
   * What the rules say now, the facts they read (the writer needs them), and the due time to
   * store, if the stored one must move (null: it may stay).
   */
  public record Evaluation(NudgeDecision decision, NudgeFacts facts, NudgeScheduled schedule) {}

  public static Evaluation evaluate(StudentState s, String studentId, NudgeRules rules, Instant now) {
    NudgeFacts facts = facts(s);
    NudgeDecision decision = rules.decide(facts, now);
    Instant due = decision.dueAt(now);
    NudgeScheduled schedule =
        mustRecord(s.nudges().dueAt(), due, now) ? new NudgeScheduled(studentId, due, now) : null;
    return new Evaluation(decision, facts, schedule);
  }

  /**
   * Whether the stored due time ({@code stored}) must become {@code due}: when {@code due} is
   * earlier (the scanner would wake the student too late), or when the stored time has passed and
   * differs (else the scanner keeps waking the student for nothing). A due time now is stored too,
   * so a nudge whose sending is cut short (a crash while its text is written) is woken again.
   */
  static boolean mustRecord(Instant stored, Instant due, Instant now) {
    boolean passed = stored != null && !stored.isAfter(now);
    if (due == null) return passed;
    if (!due.isAfter(now)) return !passed;
    return stored == null || passed || due.isBefore(stored);
  }

  /**
   * The text is written: the nudge to store, or null when the rules no longer send this nudge (the
   * student came back, or another nudge went first, while the text was written). The event
   * carries the next due time: the rules' answer once this nudge is in the history.
   */
  public static NudgeSent sent(
      StudentState s, String studentId, NudgeRules rules, String nudgeId, NudgeDecision.Send send,
      NudgeWriter.Written text, Instant now) {
    NudgeFacts facts = facts(s);
    if (!(rules.decide(facts, now) instanceof NudgeDecision.Send still)
        || still.kind() != send.kind()
        || !still.key().equals(send.key())) {
      return null;
    }
    NudgeHistory after = facts.history().plus(new NudgeHistory.Sent(nudgeId, send.kind(), send.key(), now));
    NudgeFacts next =
        new NudgeFacts(facts.zone(), facts.lastActivityAt(), after, facts.subjects(), facts.goals(), facts.nextSteps());
    String link = send.target().link();
    return new NudgeSent(
        studentId, nudgeId, send.kind(), send.key(), NudgeLinks.isOwnPage(link) ? link : "/app",
        text.message(), text.fallback(), text.provider(), now, rules.decide(next, now).dueAt(now));
  }

  /** The zone a request carried, to store when it is valid and new. */
  public static Optional<TimeZoneChanged> zoneSeen(State s, String studentId, String zone, Instant now) {
    if (zone == null) return Optional.empty();
    String id;
    try {
      id = ZoneId.of(zone).getId();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return id.equals(s.zone()) ? Optional.empty() : Optional.of(new TimeZoneChanged(studentId, id, now));
  }

  // ---- evolve ------------------------------------------------------------------------------------

  public static State evolve(State s, StudentEvent event) {
    if (event instanceof AnswerSubmitted
        || event instanceof AssignmentCreated
        || event instanceof HintTaken
        || event instanceof QuestionAnswered) {
      Instant last = max(s.lastActivityAt(), event.at());
      return last.equals(s.lastActivityAt()) ? s : new State(s.history(), last, s.zone(), s.dueAt());
    }
    if (event instanceof NudgeSent e) {
      NudgeHistory h = s.history().plus(new NudgeHistory.Sent(e.nudgeId(), e.kind(), e.key(), e.at()));
      return new State(h, s.lastActivityAt(), s.zone(), e.nextDueAt());
    }
    if (event instanceof NudgeScheduled e) return new State(s.history(), s.lastActivityAt(), s.zone(), e.dueAt());
    if (event instanceof TimeZoneChanged e) return new State(s.history(), s.lastActivityAt(), e.zone(), s.dueAt());
    return s;
  }

  private static Instant max(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }
}
