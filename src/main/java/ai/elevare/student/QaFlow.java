package ai.elevare.student;

import ai.elevare.ai.AiAnswer;
import ai.elevare.ai.AiCall;
import ai.elevare.qa.QaResult;
import ai.elevare.qa.QaService;
import ai.elevare.student.StudentCommand.AiChildStopped;
import ai.elevare.student.StudentCommand.AiDone;
import ai.elevare.student.StudentCommand.AskQuestion;
import ai.elevare.student.StudentCommand.Escalate;
import ai.elevare.student.StudentCommand.EscalationOpened;
import ai.elevare.student.StudentReply.Answered;
import ai.elevare.student.StudentReply.EscalateReply;
import ai.elevare.student.StudentReply.Escalated;
import ai.elevare.student.StudentReply.QaReply;
import ai.elevare.student.StudentReply.Reason;
import ai.elevare.student.StudentReply.Rejected;
import ai.elevare.telemetry.EntityTelemetry;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The actor side of Q&A for one {@link StudentEntity} incarnation: the AI call of a question (a
 * child actor each, answered back to the entity) and the escalation thread (through {@link
 * StudentPorts}). {@link QaModule} decides what is stored; this class holds the questions in
 * flight, which are not persisted. Created on the entity's first Q&A command.
 */
final class QaFlow extends EntityFlow {
  /** Questions waiting for their AI child; created on the first question that needs the AI. */
  private Map<String, PendingQa> pending;
  /** Escalation threads being opened, whose reply is still owed. */
  private int escalating;

  private record PendingQa(String interactionId, QaService.Prepared prepared, ActorRef<QaReply> replyTo) {}

  QaFlow(Shell shell) {
    super(shell);
  }

  ReplyEffect<StudentEvent, StudentState> onAskQuestion(StudentState s, AskQuestion cmd, Instant now) {
    if (deps.qa() == null) {
      return effect.reply(cmd.replyTo(), new Rejected(Reason.UNAVAILABLE, "Q&A is not available."));
    }
    String interactionId = UUID.randomUUID().toString();
    QaService.Prepared p =
        deps.qa().service().prepare(
            cmd.question(), cmd.subject(), s.qa().history(), SummariesModule.narratives(s.summaries()));
    if (!p.needsAi()) return answered(interactionId, p, deps.qa().service().declined(p), cmd.replyTo(), now);
    // A bound on what one student can keep in flight: each call holds a provider slot for seconds.
    if (pending != null && pending.size() >= QaModule.MAX_PENDING_AI_CALLS) {
      return effect.reply(cmd.replyTo(), QaModule.tooManyPending().rejected());
    }
    ctx.getLog().debug("Question {} of {} goes to the AI", interactionId, studentId);
    // The AI call runs in its own child: its deadline, retries and fallback never block this actor.
    ActorRef<AiCall.Result> adapter = ctx.messageAdapter(AiCall.Result.class, AiDone::new);
    var child =
        ctx.spawnAnonymous(
            EntityTelemetry.withRequestId(
                cmd.requestId(),
                AiCall.answer(deps.qa().runtime(), interactionId, p.prompt(), adapter)));
    ctx.watchWith(child, new AiChildStopped(interactionId));
    if (pending == null) pending = new HashMap<>(4);
    pending.put(interactionId, new PendingQa(interactionId, p, cmd.replyTo()));
    return effect.noReply();
  }

  /** The child answered ({@code answer}), or stopped without answering (null): either way the student gets a reply. */
  ReplyEffect<StudentEvent, StudentState> onAiAnswer(String callId, AiAnswer answer, Instant now) {
    PendingQa q = pending == null ? null : pending.remove(callId);
    if (q == null) return effect.noReply(); // normal: the child answered, then stopped
    if (answer == null) ctx.getLog().warn("AI call {} of {} stopped without answering", callId, studentId);
    QaResult r = deps.qa().service().finish(q.prepared(), answer == null ? AiAnswer.unavailable() : answer);
    return answered(q.interactionId(), q.prepared(), r, q.replyTo(), now);
  }

  private ReplyEffect<StudentEvent, StudentState> answered(
      String interactionId, QaService.Prepared p, QaResult r, ActorRef<QaReply> replyTo, Instant now) {
    return effect
        .persist(QaModule.answered(studentId, interactionId, p.question(), r, now))
        .thenRun(st -> changed.accept("qa"))
        .thenReply(replyTo, st -> new Answered(interactionId, r));
  }

  /** A reply is owed that waits on an AI call or an escalation thread. */
  boolean busy() {
    return escalating > 0 || (pending != null && !pending.isEmpty());
  }

  ReplyEffect<StudentEvent, StudentState> onEscalate(StudentState s, Escalate cmd) {
    QaModule.EscalationPlan plan = QaModule.escalation(s.qa(), cmd.interactionId());
    if (plan instanceof QaModule.NotFound nf) return effect.reply(cmd.replyTo(), nf.refusal().rejected());
    if (plan instanceof QaModule.AlreadyOpen open) return effect.reply(cmd.replyTo(), new Escalated(open.threadId()));
    escalating++;
    ctx.pipeToSelf(
        deps.ports().openEscalation(studentId, ((QaModule.OpenThread) plan).interaction()),
        (threadId, err) -> new EscalationOpened(cmd, threadId, err));
    return effect.noReply();
  }

  ReplyEffect<StudentEvent, StudentState> onEscalationOpened(StudentState s, EscalationOpened msg, Instant now) {
    escalating--;
    ActorRef<EscalateReply> replyTo = msg.request().replyTo();
    if (msg.error() != null) {
      Throwable cause = msg.error() instanceof java.util.concurrent.CompletionException ce && ce.getCause() != null
          ? ce.getCause() : msg.error();
      ctx.getLog().error("Escalation thread for {} not opened", studentId, cause);
      return effect.reply(replyTo, new Rejected(Reason.UNAVAILABLE, "The thread could not be opened; retry."));
    }
    String interactionId = msg.request().interactionId();
    return StudentEntity.decided(
        effect, changed, s, QaModule.escalated(s.qa(), studentId, interactionId, msg.threadId(), now), "qa",
        replyTo, st -> new Escalated(st.qa().find(interactionId).threadId()));
  }
}
