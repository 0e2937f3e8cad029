package ai.elevare.student;

import ai.elevare.ai.AiTask;
import ai.elevare.nudge.NudgeDecision;
import ai.elevare.nudge.NudgeFacts;
import ai.elevare.nudge.NudgeWriter;
import ai.elevare.student.StudentCommand.EvaluateNudges;
import ai.elevare.student.StudentCommand.NudgeWriterLost;
import ai.elevare.student.StudentCommand.NudgeWritten;
import ai.elevare.telemetry.Telemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The actor side of nudges for one {@link StudentEntity} incarnation: evaluating the rules of
 * {@link NudgesModule}, the writer child of a nudge's text, and the nudge timer (short delays only:
 * the nudge scanner wakes a passivated student through sharding). Holds the nudge being written,
 * which is not persisted.
 */
final class NudgeFlow extends EntityFlow {
  /**
   * A nudge timer beyond this is left to the nudge scanner: well under the passivation timeout
   * (10 minutes), since a passivated actor's timers are gone.
   */
  static final Duration NUDGE_TIMER_HORIZON = Duration.ofMinutes(5);

  static final EvaluateNudges EVALUATE = new EvaluateNudges();
  private static final String NUDGE_DUE = "nudge-due";
  private static final String NUDGE_WRITER = "nudge-writer";

  private final TimerScheduler<StudentCommand> timers;
  /**
   * Not persisted: the nudge whose text is being written. Evaluations meanwhile send nothing, so
   * at most one nudge is on its way; the actor's restart forgets it and evaluates again.
   */
  private Writing writing;

  private record Writing(String nudgeId, NudgeDecision.Send send) {}

  NudgeFlow(Shell shell, TimerScheduler<StudentCommand> timers) {
    super(shell);
    this.timers = timers;
  }

  /** Sends the nudge the rules decide, or stores and arms the next due time. */
  ReplyEffect<StudentEvent, StudentState> onEvaluateNudges(StudentState s, Instant now) {
    if (deps.nudges() == null || writing != null) return effect.noReply();
    NudgesModule.Evaluation ev = NudgesModule.evaluate(s, studentId, deps.nudges().rules(), now);
    if (ev.decision() instanceof NudgeDecision.Send send) {
      timers.cancel(NUDGE_DUE);
      Writing w = new Writing(UUID.randomUUID().toString(), send);
      writing = w;
      // the writer always answers within its deadline; this only covers a writer that crashed
      Duration budget = deps.nudges().runtime().settings().deadline(AiTask.NUDGE);
      timers.startSingleTimer(NUDGE_WRITER, new NudgeWriterLost(w.nudgeId()), budget.plusSeconds(10));
      if (ev.schedule() == null) {
        write(w, ev.facts(), now);
        return effect.noReply();
      }
      return effect.persist(ev.schedule()).thenRun(st -> write(w, ev.facts(), now)).thenNoReply();
    }
    Instant due = ev.decision().dueAt(now);
    if (ev.schedule() == null) {
      armNudgeTimer(due, now);
      return effect.noReply();
    }
    return effect.persist(ev.schedule()).thenRun(st -> armNudgeTimer(due, now)).thenNoReply();
  }

  private void write(Writing w, NudgeFacts facts, Instant now) {
    ActorRef<NudgeWriter.Written> adapter = ctx.messageAdapter(NudgeWriter.Written.class, NudgeWritten::new);
    ctx.spawnAnonymous(
        NudgeWriter.write(
            deps.nudges().runtime(), w.nudgeId(), new NudgeWriter.Request(w.send(), facts, now), adapter));
  }

  /**
   * The text is written: the rules are asked again (the student may have come back meanwhile),
   * and the nudge is stored before anything is delivered. The dashboard projection delivers it
   * from the journal: in-app row and e-mail, exactly once.
   */
  ReplyEffect<StudentEvent, StudentState> onNudgeWritten(StudentState s, NudgeWriter.Written text, Instant now) {
    if (writing == null || !writing.nudgeId().equals(text.callId())) return effect.noReply(); // stale
    Writing w = writing;
    writing = null;
    timers.cancel(NUDGE_WRITER);
    StudentEvent.NudgeSent sent =
        NudgesModule.sent(s, studentId, deps.nudges().rules(), w.nudgeId(), w.send(), text, now);
    if (sent == null) {
      ctx.getSelf().tell(EVALUATE);
      return effect.noReply();
    }
    ctx.getLog().info("Nudge {} ({}, {}) for {}", sent.nudgeId(), sent.kind().wire(), sent.provider(), studentId);
    return effect
        .persist(sent)
        .thenRun(st -> changed.accept("nudge"))
        .thenRun(st -> Telemetry.get(ctx.getSystem()).count(
            "elevare_nudges_sent", "channel", "in_app", "kind", sent.kind().wire()))
        .thenNoReply();
  }

  ReplyEffect<StudentEvent, StudentState> onNudgeWriterLost(NudgeWriterLost msg) {
    if (writing != null && writing.nudgeId().equals(msg.nudgeId())) {
      ctx.getLog().warn("Nudge writer {} of {} never answered", msg.nudgeId(), studentId);
      writing = null;
      ctx.getSelf().tell(EVALUATE);
    }
    return effect.noReply();
  }

  /** A timer for a due time close enough; a later one is the scanner's (the actor may passivate). */
  private void armNudgeTimer(Instant due, Instant now) {
    Duration in = due == null ? null : Duration.between(now, due);
    if (in == null || in.compareTo(NUDGE_TIMER_HORIZON) > 0) {
      timers.cancel(NUDGE_DUE);
    } else {
      timers.startSingleTimer(NUDGE_DUE, EVALUATE, in.isNegative() ? Duration.ZERO : in);
    }
  }

  /** After recovery (also after a journal failure restarted the behavior): the nudge timer again. */
  void recovered(StudentState s) {
    writing = null; // a restart stopped the writer child
    if (deps.nudges() == null) return;
    Instant now = deps.clock().instant();
    armNudgeTimer(NudgesModule.evaluate(s, studentId, deps.nudges().rules(), now).decision().dueAt(now), now);
  }

  /** The time zone a request carried, when nudges need it stored. */
  Optional<StudentEvent.TimeZoneChanged> zoneSeen(StudentState s, String zone, Instant now) {
    return deps.nudges() == null ? Optional.empty() : NudgesModule.zoneSeen(s.nudges(), studentId, zone, now);
  }
}
