package ai.elevare.student;

import ai.elevare.core.CborSerializable;
import ai.elevare.practice.Question;
import ai.elevare.rating.Elo;
import ai.elevare.student.StudentEvent.AssignmentQueued;
import ai.elevare.student.StudentEvent.GoalProgressOverridden;
import ai.elevare.student.StudentEvent.RatingOverridden;
import ai.elevare.student.StudentReply.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Tutor overrides, pure: a tutor or admin sets a rating or a difficulty level, queues a bank item
 * as the next assignment, or sets a goal's progress (decided by {@link GoalsModule}). The state is
 * the last twenty overrides, shown on the student's page with who made them and why.
 */
public final class OverridesModule {
  static final int RECENT_OVERRIDES = 20;

  private OverridesModule() {}

  public record State(List<OverrideRecord> records) implements CborSerializable {
    public State {
      records = records == null ? List.of() : List.copyOf(records);
    }

    static final State EMPTY = new State(null);
  }

  public record OverrideRecord(
      String overrideId,
      String kind,
      String subject,
      String value,
      String before,
      String after,
      String tutorId,
      String reason,
      Instant at)
      implements CborSerializable {}

  /** kind "rating" sets the rating; kind "difficulty" sets it to the centre of that level's band. */
  public static Decision rating(
      PracticeModule.State practice, String studentId, String overrideId, String kind, String subject,
      double value, String tutorId, String reason, Instant now) {
    double after;
    if (kind.equals("difficulty")) {
      if (value != Math.rint(value) || value < 1 || value > Elo.LEVELS) {
        return Decision.refuse(Reason.CONFLICT, "A difficulty is a whole level from 1 to " + Elo.LEVELS + ".");
      }
      after = Elo.ratingForDifficulty((int) value);
    } else if (kind.equals("rating")) {
      if (!Double.isFinite(value)) return Decision.refuse(Reason.CONFLICT, "A rating is a finite number.");
      after = Elo.clamp(value);
    } else {
      return Decision.refuse(Reason.CONFLICT, "Unknown override kind " + kind + ".");
    }
    double before = practice.rating(subject).rating();
    return Decision.accept(
        new RatingOverridden(studentId, overrideId, kind, subject, before, after, tutorId, reason, now));
  }

  public static Decision queue(
      String studentId, String overrideId, String subject, Question question, double itemRating,
      String tutorId, String reason, Instant now) {
    return Decision.accept(
        new AssignmentQueued(studentId, overrideId, subject, question, itemRating, tutorId, reason, now));
  }

  /** The before and after values the reply shows. */
  public static StudentReply.OverrideApplied applied(StudentEvent first, String threadId) {
    if (first instanceof RatingOverridden e) {
      return new StudentReply.OverrideApplied(e.overrideId(), fmt(e.before()), fmt(e.after()), threadId);
    }
    if (first instanceof AssignmentQueued e) {
      return new StudentReply.OverrideApplied(e.overrideId(), null, e.question().id(), threadId);
    }
    GoalProgressOverridden e = (GoalProgressOverridden) first;
    return new StudentReply.OverrideApplied(
        e.overrideId(), String.valueOf(e.before()), String.valueOf(e.after()), threadId);
  }

  public static State evolve(State s, StudentEvent event) {
    if (event instanceof RatingOverridden e) {
      return add(s, new OverrideRecord(
          e.overrideId(), e.kind(), e.subject(), fmt(e.after()), fmt(e.before()), fmt(e.after()),
          e.tutorId(), e.reason(), e.at()));
    }
    if (event instanceof AssignmentQueued e) {
      return add(s, new OverrideRecord(
          e.overrideId(), "assignment", e.subject(), e.question().id(), null, e.question().id(),
          e.tutorId(), e.reason(), e.at()));
    }
    if (event instanceof GoalProgressOverridden e) {
      return add(s, new OverrideRecord(
          e.overrideId(), "goal_progress", e.subject(), String.valueOf(e.after()),
          String.valueOf(e.before()), String.valueOf(e.after()), e.tutorId(), e.reason(), e.at()));
    }
    return s;
  }

  private static State add(State s, OverrideRecord r) {
    List<OverrideRecord> list = new ArrayList<>(s.records());
    list.add(r);
    while (list.size() > RECENT_OVERRIDES) list.remove(0);
    return new State(list);
  }

  private static String fmt(double d) {
    return String.valueOf(Math.round(d));
  }
}
