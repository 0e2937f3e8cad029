package ai.elevare.student;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * What the student actor needs from the relational side, as asynchronous calls it pipes back to
 * itself (JDBC never runs on the actor's thread). Platform wires the implementation.
 */
public interface StudentPorts {
  /**
   * Opens the thread of an escalated exchange with the student's tutor (with the admins when no
   * tutor is linked), or returns the one already open for it.
   */
  CompletionStage<String> openEscalation(String studentId, QaModule.Interaction interaction);

  /** Opens a thread telling the student why {@code actorId} (a tutor or an admin) overrode something. */
  CompletionStage<String> openOverrideThread(
      String studentId, String actorId, String subject, String kind, String reason);

  /** Records which student a goal belongs to, for routes that name only the goal. */
  CompletionStage<Void> indexGoal(String goalId, String studentId, Instant at);

  /**
   * Whether the student was erased: an erased student's entity stops instead of recovering, so a
   * late command (another node's user cache, a message in flight) cannot write a new journal.
   */
  default CompletionStage<Boolean> erased(String studentId) {
    return java.util.concurrent.CompletableFuture.completedFuture(false);
  }
}
