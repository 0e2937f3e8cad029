package ai.elevare.nudge;

import java.time.Instant;

/** What the rules decided for one student at one moment. */
public sealed interface NudgeDecision {

  /**
   * Send this nudge now.
   *
   * @param key what the history records it under (see {@link NudgeHistory.Sent#key()})
   */
  record Send(NudgeKind kind, NudgeTarget target, String key) implements NudgeDecision {}

  /** Nothing now; evaluate again at {@code dueAt} (the scanner's due time). */
  record Wait(Instant dueAt) implements NudgeDecision {}

  /** Nothing is pending until the student's state changes: no due time. */
  record Idle() implements NudgeDecision {}

  /** The due time to keep in the activity index: now for Send, dueAt for Wait, null for Idle. */
  default Instant dueAt(Instant now) {
    if (this instanceof Wait w) return w.dueAt();
    if (this instanceof Send) return now;
    return null;
  }
}
