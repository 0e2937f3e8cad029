package ai.elevare.student;

import ai.elevare.core.CborSerializable;
import ai.elevare.nudge.NudgeKind;
import ai.elevare.practice.Question;
import ai.elevare.rating.RatingModel.SlopeFeatures;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What happened to a student, in the journal for good. Each event says what was decided (the
 * streak after an answer, the goals it advanced, the XP it earned), so the entity's state and every
 * projection copy facts instead of re-running rules. Class names are frozen once written: a rename
 * needs an entry in {@link StudentJournalMigration}.
 */
public sealed interface StudentEvent extends CborSerializable {
  String studentId();

  Instant at();

  record AssignmentCreated(
      String studentId,
      String assignmentId,
      String subject,
      Question question,
      double itemRating,
      String source,
      String overrideId,
      Instant at)
      implements StudentEvent {}

  record HintTaken(String studentId, String assignmentId, int hintsUsed, Instant at)
      implements StudentEvent {}

  /**
   * An answer judged. {@code streakDays} and {@code goalProgress} are null in events written before
   * they were recorded; {@link Streak} and {@link GoalsModule} re-derive them for those alone.
   * {@code topicRating} (the topic's rating after the answer) and {@code ability} (what the rating
   * model expected of the student, in rating points, against which the item moves) are null in
   * events from before topic ratings: {@link PracticeRatings} re-derives the first, the item-rating
   * projection falls back to {@code ratingBefore} for the second.
   * {@code review} is null in events written before spaced review: those scheduled nothing.
   * {@code topicRecent} and {@code topicPractice} are the topic features the item's slopes multiply
   * (the topic's recent average and its practice balance before the answer, {@link
   * ai.elevare.rating.RatingModel.Features}); the item-rating projection learns the slopes from them,
   * and leaves the slopes alone for events from before item slopes, which have none.
   * {@code topicLast}, {@code subjectRecent} and {@code eloTerm} are the features of the other three
   * slopes ({@link SlopeFeatures}); events from before them have none,
   * and the projection steps only the first two slopes for those.
   */
  record AnswerSubmitted(
      String studentId,
      String assignmentId,
      String subject,
      String itemId,
      String topic,
      String source,
      String answer,
      boolean correct,
      boolean givenUp,
      double score,
      double ratingBefore,
      double ratingAfter,
      double itemRating,
      int attempt,
      int hintsUsed,
      long timeMs,
      boolean completed,
      int xpAwarded,
      LocalDate practiceDay,
      Instant at,
      Integer streakDays,
      List<GoalProgress> goalProgress,
      Double topicRating,
      Double ability,
      ReviewSchedule review,
      Double topicRecent,
      Double topicPractice,
      Double topicLast,
      Double subjectRecent,
      Double eloTerm)
      implements StudentEvent {

    /** An answer recorded with the first two slope features only, as events before the other three were. */
    public AnswerSubmitted(
        String studentId, String assignmentId, String subject, String itemId, String topic,
        String source, String answer, boolean correct, boolean givenUp, double score,
        double ratingBefore, double ratingAfter, double itemRating, int attempt, int hintsUsed,
        long timeMs, boolean completed, int xpAwarded, LocalDate practiceDay, Instant at,
        Integer streakDays, List<GoalProgress> goalProgress, Double topicRating, Double ability,
        ReviewSchedule review, Double topicRecent, Double topicPractice) {
      this(studentId, assignmentId, subject, itemId, topic, source, answer, correct, givenUp, score,
          ratingBefore, ratingAfter, itemRating, attempt, hintsUsed, timeMs, completed, xpAwarded,
          practiceDay, at, streakDays, goalProgress, topicRating, ability, review, topicRecent,
          topicPractice, null, null, null);
    }

    /**
     * The slope features this answer was judged with; a feature the event does not record is 0, which
     * leaves its slope as it is.
     */
    public SlopeFeatures slopeFeatures() {
      return new SlopeFeatures(
          zeroIfNull(topicRecent), zeroIfNull(topicPractice), zeroIfNull(topicLast),
          zeroIfNull(subjectRecent), zeroIfNull(eloTerm));
    }

    private static double zeroIfNull(Double d) {
      return d == null ? 0 : d;
    }

    /** An answer without the rating model's detail or a review decision, as events before them were. */
    public AnswerSubmitted(
        String studentId, String assignmentId, String subject, String itemId, String topic,
        String source, String answer, boolean correct, boolean givenUp, double score,
        double ratingBefore, double ratingAfter, double itemRating, int attempt, int hintsUsed,
        long timeMs, boolean completed, int xpAwarded, LocalDate practiceDay, Instant at,
        Integer streakDays, List<GoalProgress> goalProgress) {
      this(studentId, assignmentId, subject, itemId, topic, source, answer, correct, givenUp, score,
          ratingBefore, ratingAfter, itemRating, attempt, hintsUsed, timeMs, completed, xpAwarded,
          practiceDay, at, streakDays, goalProgress, null, null, null, null, null, null, null, null);
    }
  }

  /**
   * When the answered item comes back for review (FSRS, see {@code docs/practice.md}): decided on the
   * answer that completed the assignment, null when the item is not (or no longer) on the queue.
   *
   * @param grade FSRS grade 1 (again) .. 4 (easy) the answer earned
   * @param retired the item left the queue: remembered for longer than the review horizon
   */
  record ReviewSchedule(int grade, double stability, double difficulty, Instant dueAt, boolean retired)
      implements CborSerializable {}

  /** A goal's progress after an answer counted toward it. */
  record GoalProgress(String goalId, int progress) implements CborSerializable {}

  record RatingOverridden(
      String studentId,
      String overrideId,
      String kind,
      String subject,
      double before,
      double after,
      String tutorId,
      String reason,
      Instant at)
      implements StudentEvent {}

  record AssignmentQueued(
      String studentId,
      String overrideId,
      String subject,
      Question question,
      double itemRating,
      String tutorId,
      String reason,
      Instant at)
      implements StudentEvent {}

  record GoalCreated(
      String studentId,
      String goalId,
      String subject,
      String title,
      int target,
      String createdBy,
      Instant at)
      implements StudentEvent {}

  record GoalUpdated(
      String studentId, String goalId, String title, int target, String status, String by, Instant at)
      implements StudentEvent {}

  /** A goal reached its target; nudges suggest related subjects from here. */
  record GoalCompleted(String studentId, String goalId, String subject, Instant at)
      implements StudentEvent {}

  record GoalProgressOverridden(
      String studentId,
      String overrideId,
      String goalId,
      String subject,
      int before,
      int after,
      String tutorId,
      String reason,
      Instant at)
      implements StudentEvent {}

  /** A question answered with its confidence; the last 10 are the conversation context. */
  record QuestionAnswered(
      String studentId,
      String interactionId,
      String subject,
      String question,
      String answer,
      double confidence,
      String label,
      boolean escalationSuggested,
      boolean escalationRequired,
      boolean followUp,
      String provider,
      boolean fallback,
      Instant at)
      implements StudentEvent {}

  /** The student sent an answer to their tutor as a message thread. */
  record InteractionEscalated(String studentId, String interactionId, String threadId, Instant at)
      implements StudentEvent {}

  /** A tutoring session's summary reached the student: its topics steer practice for a week. */
  record SessionSummarized(
      String studentId,
      String summaryId,
      String sessionId,
      String subject,
      List<String> topics,
      List<String> nextSteps,
      String narrative,
      Instant at)
      implements StudentEvent {}

  /**
   * A nudge decided and written, stored before any delivery: the dashboard projection then stores
   * it for the app (and its e-mail for the outbox) exactly once, and moves the activity index to
   * {@code nextDueAt}.
   *
   * @param key what the nudge history records it under (goal id, suggested subject, "" for inactivity)
   * @param link the page of the web app it points at (a relative path of ours)
   * @param provider who wrote the message ("template" when {@code fallback})
   * @param nextDueAt when the rules look again after this nudge; null: nothing pending
   */
  record NudgeSent(
      String studentId,
      String nudgeId,
      NudgeKind kind,
      String key,
      String link,
      String message,
      boolean fallback,
      String provider,
      Instant at,
      Instant nextDueAt)
      implements StudentEvent {}

  /**
   * The nudge due time the activity index holds moved: earlier than before, or on from a time that
   * has passed (null: nothing pending). A later due time alone (each answer moves the inactivity
   * nudge) is not stored: the index may be early, never late. See {@link NudgesModule}.
   */
  record NudgeScheduled(String studentId, Instant dueAt, Instant at) implements StudentEvent {}

  /** The student's time zone (an IANA id) as the product last saw it: quiet hours are in it. */
  record TimeZoneChanged(String studentId, String zone, Instant at) implements StudentEvent {}
}
