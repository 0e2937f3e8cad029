package ai.elevare.student;

import ai.elevare.core.CborSerializable;
import ai.elevare.practice.Question;
import ai.elevare.qa.QaResult;
import java.util.List;

/** The student actor's answers. Commands that can be refused answer a sealed type with {@link Rejected}. */
public final class StudentReply {
  private StudentReply() {}

  public sealed interface AssignReply extends CborSerializable {}

  public sealed interface CompleteReply extends CborSerializable {}

  public sealed interface HintReply extends CborSerializable {}

  public sealed interface OverrideReply extends CborSerializable {}

  public sealed interface GoalReply extends CborSerializable {}

  public sealed interface QaReply extends CborSerializable {}

  public sealed interface EscalateReply extends CborSerializable {}

  public enum Reason {
    NOT_FOUND,
    CONFLICT,
    UNAVAILABLE,
    /** The caller may see the object but not change it. */
    FORBIDDEN,
    /** Too much at once (pending AI calls): try again shortly. */
    TOO_MANY
  }

  /** A refusal; nothing was persisted. */
  public record Rejected(Reason reason, String detail)
      implements AssignReply, CompleteReply, HintReply, OverrideReply, GoalReply, QaReply, EscalateReply {}

  public record AssignmentView(
      String assignmentId, String subject, Question question, int difficulty, double studentRating,
      String source)
      implements AssignReply {}

  public record CompleteResult(
      boolean correct,
      double score,
      double ratingBefore,
      double ratingAfter,
      int difficultyNext,
      int xpAwarded,
      int streakDays,
      boolean completed,
      boolean retryAllowed,
      String feedback,
      String solution)
      implements CompleteReply {}

  public record HintResult(String hint, int hintsUsed) implements HintReply {}

  /** {@code threadId} is set when the override also opened a message thread for the student. */
  public record OverrideApplied(String overrideId, String before, String after, String threadId)
      implements OverrideReply {}

  public record GoalView(GoalsModule.Goal goal) implements GoalReply {}

  public record GoalList(List<GoalsModule.Goal> goals) implements CborSerializable {}

  public record Answered(String interactionId, QaResult result) implements QaReply {}

  public record Escalated(String threadId) implements EscalateReply {}

  public record SummaryRecorded(String summaryId) implements CborSerializable {}

  public record ProgressView(
      String studentId,
      List<RatingView> ratings,
      long xp,
      int streakDays,
      List<PracticeModule.PracticeRecord> recentPractice,
      List<OverridesModule.OverrideRecord> overrides,
      List<OpenView> openAssignments,
      List<GoalsModule.Goal> goals,
      List<QaModule.Interaction> flags,
      List<SummariesModule.SessionNote> summaries,
      List<ReviewView> reviews)
      implements CborSerializable {}

  /**
   * An item on the review queue as of the view: due now ({@code due}) or at {@code dueAt}, after an
   * interval of {@code intervalDays} since it was last answered; {@code lapses}: times it was missed.
   */
  public record ReviewView(
      String itemId, String subject, String topic, java.time.Instant dueAt, boolean due, double intervalDays,
      int lapses)
      implements CborSerializable {}

  public record RatingView(String subject, double rating, int difficulty, int attempts, double lastChange)
      implements CborSerializable {}

  public record OpenView(String assignmentId, String subject, String itemId, String source, int attempts)
      implements CborSerializable {}
}
