package ai.elevare.student;

import ai.elevare.ai.AiCall;
import ai.elevare.core.CborSerializable;
import ai.elevare.nudge.NudgeWriter;
import ai.elevare.practice.AnswerChecker;
import ai.elevare.practice.PracticeGenerator;
import ai.elevare.practice.Question;
import ai.elevare.student.StudentReply.AssignReply;
import ai.elevare.student.StudentReply.CompleteReply;
import ai.elevare.student.StudentReply.EscalateReply;
import ai.elevare.student.StudentReply.GoalList;
import ai.elevare.student.StudentReply.GoalReply;
import ai.elevare.student.StudentReply.HintReply;
import ai.elevare.student.StudentReply.OverrideReply;
import ai.elevare.student.StudentReply.ProgressView;
import ai.elevare.student.StudentReply.QaReply;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/** What the student actor is asked to do. The last group never leaves the node (results of its own async work). */
public sealed interface StudentCommand extends CborSerializable {
  /**
   * A command that carries the id of the HTTP request it came from, so the entity's logs and its AI
   * calls show it (MDC {@code requestId}); null when no request is behind it. Never persisted.
   */
  interface Traced {
    String requestId();
  }

  record RequestAssignment(String subject, ActorRef<AssignReply> replyTo) implements StudentCommand {}

  record Complete(
      String assignmentId,
      String answer,
      long timeMs,
      int hintsUsed,
      boolean giveUp,
      String zone,
      String requestId,
      ActorRef<CompleteReply> replyTo)
      implements StudentCommand, Traced {}

  record TakeHint(String assignmentId, ActorRef<HintReply> replyTo) implements StudentCommand {}

  record GetProgress(String zone, ActorRef<ProgressView> replyTo) implements StudentCommand {}

  /** kind "rating" sets the rating; kind "difficulty" sets it to the centre of that level's band. */
  record OverrideRating(
      String overrideId, String kind, String subject, double value, String tutorId, String reason,
      boolean openThread, ActorRef<OverrideReply> replyTo)
      implements StudentCommand {}

  record QueueAssignment(
      String overrideId, String subject, Question question, double itemRating, String tutorId,
      String reason, boolean openThread, ActorRef<OverrideReply> replyTo)
      implements StudentCommand {}

  record OverrideGoalProgress(
      String overrideId, String goalId, int value, String tutorId, String reason, boolean openThread,
      ActorRef<OverrideReply> replyTo)
      implements StudentCommand {}

  record CreateGoal(
      String goalId, String subject, String title, int target, String createdBy,
      ActorRef<GoalReply> replyTo)
      implements StudentCommand {}

  /** Null fields stay as they are. */
  record UpdateGoal(
      String goalId, String title, Integer target, String status, String by, ActorRef<GoalReply> replyTo)
      implements StudentCommand {}

  record GetGoals(ActorRef<GoalList> replyTo) implements StudentCommand {}

  record AskQuestion(String question, String subject, String requestId, ActorRef<QaReply> replyTo)
      implements StudentCommand, Traced {}

  /** Sends a recent exchange to the student's tutor as a message thread; again gives the same thread. */
  record Escalate(String interactionId, ActorRef<EscalateReply> replyTo) implements StudentCommand {}

  /** A tutoring session's summary is ready; delivered at least once, a repeat stores nothing. */
  record RecordSessionSummary(
      String summaryId, String sessionId, String subject, List<String> topics, List<String> nextSteps,
      String narrative, Instant at, ActorRef<StudentReply.SummaryRecorded> replyTo)
      implements StudentCommand {}

  /**
   * Look at the nudge rules now. Sent by the nudge scanner through sharding (which starts a
   * passivated student), by the actor's own timer, and by the actor after each stored change; any
   * number of them sends a nudge at most once.
   */
  record EvaluateNudges() implements StudentCommand {}

  /**
   * Erasure: stop now, keeping nothing in memory. Sent before and after the journal rows go, so an
   * entity started in between recovers an empty journal and stops again.
   */
  record Forget(ActorRef<org.apache.pekko.Done> replyTo) implements StudentCommand {}

  /**
   * Local: sharding's stop message (hand-off to another node, passivation). The entity stops once
   * no reply it owes waits on work it started (a question being selected or checked, an AI call,
   * a thread being opened), so a graceful leave fails no request.
   */
  record Stop() implements StudentCommand {
    public static final Stop INSTANCE = new Stop();
  }

  /** Local: the answer to "was this student erased?", asked once before the entity recovers. */
  record TombstoneChecked(boolean erased) implements StudentCommand {}

  // ---- local only ---------------------------------------------------------------------------------

  record SelectionDone(RequestAssignment request, PracticeGenerator.Selected selected, String error)
      implements StudentCommand {}

  record AnswerChecked(Complete request, AnswerChecker.Check check, String error) implements StudentCommand {}

  record AiDone(AiCall.Result result) implements StudentCommand {}

  /** An AI child stopped; if it never answered, the student still gets a reply. */
  record AiChildStopped(String callId) implements StudentCommand {}

  /** An escalation thread is open (threadId) or could not be opened (error). */
  record EscalationOpened(Escalate request, String threadId, Throwable error) implements StudentCommand {}

  /** The thread an override asked for is open (threadId) or could not be opened (error). */
  record OverrideThreadOpened(
      ActorRef<OverrideReply> replyTo, StudentReply.OverrideApplied applied, String threadId, Throwable error)
      implements StudentCommand {}

  /** A new goal's index row is written (or failed: the projection writes it later). */
  record GoalIndexed(CreateGoal request, Throwable error) implements StudentCommand {}

  /** The AI child wrote a nudge's text (or the template). */
  record NudgeWritten(NudgeWriter.Written written) implements StudentCommand {}

  /** The writer of this nudge never answered (it crashed): give up on it and evaluate again. */
  record NudgeWriterLost(String nudgeId) implements StudentCommand {}
}
