package ai.elevare.student;

import ai.elevare.practice.AnswerChecker;
import ai.elevare.student.PracticeModule.Assignment;
import ai.elevare.student.StudentCommand.AnswerChecked;
import ai.elevare.student.StudentCommand.Complete;
import ai.elevare.student.StudentCommand.RequestAssignment;
import ai.elevare.student.StudentCommand.SelectionDone;
import ai.elevare.student.StudentCommand.TakeHint;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import ai.elevare.student.StudentReply.AssignReply;
import ai.elevare.student.StudentReply.CompleteResult;
import ai.elevare.student.StudentReply.HintResult;
import ai.elevare.student.StudentReply.Reason;
import ai.elevare.student.StudentReply.Rejected;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The actor side of practice for one {@link StudentEntity} incarnation: question selection and
 * answer checking, which may block (futures on the practice engine, piped back to the entity), and
 * hints. {@link PracticeModule} and {@link GoalsModule} decide what is stored; this class holds
 * whether a check is in flight, which is not persisted. Created on the entity's first practice
 * command.
 */
final class PracticeFlow extends EntityFlow {
  private final NudgeFlow nudges;
  /** Not persisted: a check is in flight; further answers wait (stash) so none is judged twice. */
  private boolean checking;
  /** Not persisted: selections whose assignment reply is still owed. */
  private int selecting;

  PracticeFlow(Shell shell, NudgeFlow nudges) {
    super(shell);
    this.nudges = nudges;
  }

  ReplyEffect<StudentEvent, StudentState> onRequestAssignment(
      StudentState s, RequestAssignment cmd, Instant now) {
    PracticeModule.AssignPlan plan =
        PracticeModule.plan(s.practice(), studentId, cmd.subject(), UUID.randomUUID().toString(), now,
            ThreadLocalRandom.current().nextLong(), SummariesModule.focus(s.summaries(), cmd.subject(), now));
    if (plan instanceof PracticeModule.Select sel) {
      selecting++;
      ctx.pipeToSelf(
          deps.engine().select(sel.request()),
          (selected, err) ->
              new SelectionDone(
                  cmd, selected == null ? null : selected.orElse(null),
                  err != null ? err.toString() : selected.isEmpty() ? "no question available" : null));
      return effect.noReply();
    }
    return assignment(s, plan, cmd.replyTo());
  }

  ReplyEffect<StudentEvent, StudentState> onSelectionDone(
      StudentState s, SelectionDone msg, Instant now) {
    selecting--;
    RequestAssignment cmd = msg.request();
    if (msg.selected() == null && s.practice().openIn(cmd.subject()) == null) {
      ctx.getLog().warn("No question for {} in {}: {}", studentId, cmd.subject(), msg.error());
      return effect.reply(cmd.replyTo(), new Rejected(Reason.UNAVAILABLE, "No question available right now."));
    }
    PracticeModule.AssignPlan plan =
        msg.selected() == null
            ? new PracticeModule.Reuse(s.practice().openIn(cmd.subject()))
            : PracticeModule.selected(s.practice(), studentId, cmd.subject(), msg.selected().question(),
                msg.selected().itemRating(), msg.selected().source(), UUID.randomUUID().toString(), now);
    return assignment(s, plan, cmd.replyTo());
  }

  private ReplyEffect<StudentEvent, StudentState> assignment(
      StudentState s, PracticeModule.AssignPlan plan, ActorRef<AssignReply> replyTo) {
    if (plan instanceof PracticeModule.Reuse r) {
      return effect.reply(replyTo, PracticeModule.view(s.practice(), r.assignment()));
    }
    StudentEvent.AssignmentCreated e = ((PracticeModule.Create) plan).event();
    return effect
        .persist(e)
        .thenRun(st -> changed.accept("practice"))
        .thenReply(replyTo, st -> PracticeModule.view(st.practice(), st.practice().open().get(e.assignmentId())));
  }

  /** A reply is owed that waits on a selection or a check. */
  boolean busy() {
    return checking || selecting > 0;
  }

  ReplyEffect<StudentEvent, StudentState> onComplete(StudentState s, Complete cmd, Instant now) {
    Assignment a = s.practice().open().get(cmd.assignmentId());
    if (a == null) return effect.reply(cmd.replyTo(), PracticeModule.notOpen(s.practice(), cmd.assignmentId()).rejected());
    if (checking) return effect.stash();
    if (cmd.giveUp()) return submit(s, a, cmd, new AnswerChecker.Check(false, "Given up."), now);
    checking = true;
    ctx.pipeToSelf(
        deps.engine().check(a.question(), cmd.answer()),
        (check, err) -> new AnswerChecked(cmd, check, err == null ? null : err.toString()));
    return effect.noReply();
  }

  ReplyEffect<StudentEvent, StudentState> onAnswerChecked(StudentState s, AnswerChecked msg, Instant now) {
    checking = false;
    Complete cmd = msg.request();
    Assignment a = s.practice().open().get(cmd.assignmentId());
    if (a == null) {
      return effect.reply(cmd.replyTo(), PracticeModule.notOpen(s.practice(), cmd.assignmentId()).rejected())
          .thenUnstashAll();
    }
    if (msg.check() == null) {
      ctx.getLog().error("Answer check failed for {}: {}", studentId, msg.error());
      return effect
          .reply(cmd.replyTo(), new Rejected(Reason.UNAVAILABLE, "The answer could not be checked."))
          .thenUnstashAll();
    }
    return submit(s, a, cmd, msg.check(), now);
  }

  /** The practice module judges the answer; the goals module says which goals it advanced. */
  private ReplyEffect<StudentEvent, StudentState> submit(
      StudentState s, Assignment a, Complete cmd, AnswerChecker.Check check, Instant now) {
    boolean correct = !cmd.giveUp() && check.correct();
    GoalsModule.Advance advance =
        correct
            ? GoalsModule.afterCorrectAnswer(s.goals(), studentId, a.subject(), now)
            : new GoalsModule.Advance(List.of(), List.of());
    AnswerSubmitted answer =
        PracticeModule.judge(
            s.practice(), studentId, a, deps.engine().slopes(a.question().id()),
            new PracticeModule.AnswerInput(cmd.answer(), cmd.timeMs(), cmd.hintsUsed(), cmd.giveUp()),
            check.correct(), advance.progress(), now, StudentEntity.zoneOf(cmd.zone()));
    List<StudentEvent> events = new ArrayList<>(2 + advance.completed().size());
    events.add(answer);
    events.addAll(advance.completed());
    nudges.zoneSeen(s, cmd.zone(), now).ifPresent(events::add);
    CompleteResult result = PracticeModule.result(answer, a, check.feedback());
    String kind = advance.completed().isEmpty() ? "practice" : "goal";
    return effect
        .persist(events)
        .thenRun(st -> changed.accept(kind))
        .thenReply(cmd.replyTo(), st -> result)
        .thenUnstashAll();
  }

  ReplyEffect<StudentEvent, StudentState> onTakeHint(StudentState s, TakeHint cmd, Instant now) {
    Assignment a = s.practice().open().get(cmd.assignmentId());
    if (a == null) return effect.reply(cmd.replyTo(), PracticeModule.notOpen(s.practice(), cmd.assignmentId()).rejected());
    PracticeModule.Hint h = PracticeModule.hint(a, studentId, now);
    HintResult result = new HintResult(h.text(), h.used());
    if (h.event() == null) return effect.reply(cmd.replyTo(), result);
    return effect.persist(h.event()).thenRun(st -> changed.accept("practice")).thenReply(cmd.replyTo(), st -> result);
  }
}
