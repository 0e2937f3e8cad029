package ai.elevare.student;

import ai.elevare.ai.AiAnswer;
import ai.elevare.ai.AiCall;
import ai.elevare.telemetry.EntityMetrics;
import ai.elevare.telemetry.EntityTelemetry;
import ai.elevare.telemetry.Telemetry;
import ai.elevare.ai.AiRuntime;
import ai.elevare.ai.AiTask;
import ai.elevare.core.CborSerializable;
import ai.elevare.nudge.NudgeDecision;
import ai.elevare.nudge.NudgeFacts;
import ai.elevare.nudge.NudgeRules;
import ai.elevare.nudge.NudgeWriter;
import ai.elevare.practice.AnswerChecker;
import ai.elevare.practice.PracticeEngine;
import ai.elevare.qa.QaResult;
import ai.elevare.qa.QaService;
import ai.elevare.rating.Elo;
import ai.elevare.student.PracticeModule.Assignment;
import ai.elevare.student.StudentCommand.*;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import ai.elevare.student.StudentReply.*;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One student, sharded by student UUID: a shell over pure feature modules ({@link PracticeModule},
 * {@link GoalsModule}, {@link QaModule}, {@link OverridesModule}, {@link NudgesModule}). The
 * modules decide which events a command stores and how events change their slice of {@link
 * StudentState}; this shell routes commands to them, persists, replies (a 2xx only after the
 * write), publishes the change, and does the asynchronous work: question selection and answer
 * checking (may block: futures piped back), AI calls and nudge texts (a child actor each), JDBC
 * through {@link StudentPorts}, and the nudge timer (short delays only: the nudge scanner wakes a
 * passivated student through sharding).
 */
public final class StudentEntity
    extends EventSourcedBehaviorWithEnforcedReplies<StudentCommand, StudentEvent, StudentState> {

  public static final EntityTypeKey<StudentCommand> ENTITY_KEY =
      EntityTypeKey.create(StudentCommand.class, "Student");

  /**
   * Dependencies shared by every student on the node. {@code changes} hears of every stored change
   * (after the write), so open dashboards anywhere in the cluster can refresh at once.
   */
  public record Deps(
      PracticeEngine engine, Clock clock, int snapshotEvery, int tagCount,
      Consumer<StudentChanged> changes, Qa qa, StudentPorts ports, Nudges nudges) {}

  /** Q&A: the analysis and policy (pure) and the node's AI providers; null disables Q&A. */
  public record Qa(QaService service, AiRuntime runtime) {}

  /** Nudges: the rules and the node's AI providers (for the texts); null disables nudges. */
  public record Nudges(NudgeRules rules, AiRuntime runtime) {}

  /** Published after a change is stored: practice, override, goal, summary, nudge, qa. */
  public record StudentChanged(String studentId, String kind, Instant at) implements CborSerializable {}

  public static void init(ActorSystem<?> system, Deps deps) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> unlessErased(ctx.getEntityId(), deps)));
  }

  /**
   * Checks the erasure tombstone before recovering, commands waiting meanwhile. An erased student's
   * entity answers the erasure's own Forget and stops; anything else waiting gets no answer (its
   * ask times out), and nothing is persisted.
   */
  static Behavior<StudentCommand> unlessErased(String studentId, Deps deps) {
    return Behaviors.withStash(
        1000,
        stash ->
            Behaviors.setup(
                ctx -> {
                  ctx.pipeToSelf(
                      deps.ports().erased(studentId), (erased, failure) -> new TombstoneChecked(failure == null && erased));
                  return Behaviors.receiveMessage(
                      m -> {
                        if (!(m instanceof TombstoneChecked checked)) {
                          if (!stash.isFull()) stash.stash(m);
                          return Behaviors.same();
                        }
                        if (!checked.erased()) return stash.unstashAll(create(studentId, deps));
                        stash.forEach(w -> {
                          if (w instanceof Forget f) f.replyTo().tell(org.apache.pekko.Done.getInstance());
                        });
                        return Behaviors.stopped();
                      });
                }));
  }

  public static Behavior<StudentCommand> create(String studentId, Deps deps) {
    return Behaviors.setup(
        ctx ->
            EntityTelemetry.wrap(
                StudentCommand.class,
                EntityMetrics.of(ctx.getSystem(), "student"),
                StudentEntity::requestIdOf,
                Behaviors.withTimers(timers -> new StudentEntity(studentId, deps, ctx, timers))));
  }

  /** The request behind a command: its own, or that of the answer a check result belongs to. */
  private static String requestIdOf(StudentCommand c) {
    if (c instanceof StudentCommand.Traced t) return t.requestId();
    return c instanceof AnswerChecked x ? x.request().requestId() : null;
  }

  /** Immutable, so one for every entity: back off when the journal fails. */
  private static final BackoffSupervisorStrategy JOURNAL_FAILURE =
      SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1);

  /** A handful of tags; every entity of a tag shares one set instead of holding its own. */
  private static final ConcurrentMap<String, Set<String>> TAG_SETS = new ConcurrentHashMap<>();

  private final String studentId;
  private final Deps deps;
  private final ActorContext<StudentCommand> ctx;
  private final Set<String> tags;
  /** Not persisted: a check is in flight; further answers wait (stash) so none is judged twice. */
  private boolean checking;
  /** Questions waiting for their AI child; created on the first question (most entities never ask one). */
  private Map<String, PendingQa> pending;

  private record PendingQa(String interactionId, QaService.Prepared prepared, ActorRef<QaReply> replyTo) {}

  /**
   * A nudge timer beyond this is left to the nudge scanner: well under the passivation timeout
   * (10 minutes), since a passivated actor's timers are gone.
   */
  static final Duration NUDGE_TIMER_HORIZON = Duration.ofMinutes(5);

  private static final EvaluateNudges EVALUATE = new EvaluateNudges();
  private static final String NUDGE_DUE = "nudge-due";
  private static final String NUDGE_WRITER = "nudge-writer";

  private final TimerScheduler<StudentCommand> timers;
  private final EntityMetrics metrics;
  /** When this incarnation started, for the recovery time; 0 once recovered. */
  private long startedNanos = System.nanoTime();
  /**
   * Not persisted: the nudge whose text is being written. Evaluations meanwhile send nothing, so
   * at most one nudge is on its way; the actor's restart forgets it and evaluates again.
   */
  private Writing writing;

  private record Writing(String nudgeId, NudgeDecision.Send send) {}

  private StudentEntity(
      String studentId, Deps deps, ActorContext<StudentCommand> ctx, TimerScheduler<StudentCommand> timers) {
    super(PersistenceId.of(ENTITY_KEY.name(), studentId), JOURNAL_FAILURE);
    this.studentId = studentId;
    this.deps = deps;
    this.ctx = ctx;
    this.timers = timers;
    this.metrics = EntityMetrics.of(ctx.getSystem(), "student");
    this.tags = TAG_SETS.computeIfAbsent(StudentTags.of(studentId, deps.tagCount()), Set::of);
  }

  @Override
  public StudentState emptyState() {
    return StudentState.empty();
  }

  @Override
  public Set<String> tagsFor(StudentEvent event) {
    return tags;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(deps.snapshotEvery(), 3);
  }

  // Both handlers are plain dispatch methods rather than builder tables: an idle entity keeps its
  // handlers for life, and the builders' per-entity tables were most of its heap (docs/benchmarks.md).

  @Override
  public CommandHandlerWithReply<StudentCommand, StudentEvent, StudentState> commandHandler() {
    return this::onCommand;
  }

  @Override
  public EventHandler<StudentState, StudentEvent> eventHandler() {
    return StudentState::evolve;
  }

  /**
   * Timers die with the actor, and an outer timer scheduler is not set up again when the journal
   * fails and the behavior restarts: the nudge timer is armed again here.
   */
  @Override
  public SignalHandler<StudentState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::recovered)
        .onSignal(RecoveryFailed.class, (state, failed) -> metrics.recoveryFailed())
        .build();
  }

  private ReplyEffect<StudentEvent, StudentState> onCommand(StudentState s, StudentCommand c) {
    Instant now = deps.clock().instant();
    if (c instanceof Forget x) return Effect().none().thenStop().thenReply(x.replyTo(), st -> org.apache.pekko.Done.getInstance());
    if (c instanceof GetProgress x) return onGetProgress(s, x, now);
    if (c instanceof RequestAssignment x) return onRequestAssignment(s, x, now);
    if (c instanceof SelectionDone x) return onSelectionDone(s, x, now);
    if (c instanceof Complete x) return onComplete(s, x, now);
    if (c instanceof AnswerChecked x) return onAnswerChecked(s, x, now);
    if (c instanceof TakeHint x) return onTakeHint(s, x, now);
    if (c instanceof AskQuestion x) return onAskQuestion(s, x, now);
    if (c instanceof AiDone x) return onAiAnswer(x.result().callId(), x.result().answer(), now);
    if (c instanceof AiChildStopped x) return onAiAnswer(x.callId(), null, now);
    if (c instanceof Escalate x) return onEscalate(s, x);
    if (c instanceof EscalationOpened x) return onEscalationOpened(s, x, now);
    if (c instanceof OverrideRating x) {
      return override(OverridesModule.rating(s.practice(), studentId, x.overrideId(), x.kind(), x.subject(),
          x.value(), x.tutorId(), x.reason(), now), x.replyTo(), x.openThread(), x.tutorId(), x.subject(), x.kind(), x.reason());
    }
    if (c instanceof QueueAssignment x) {
      return override(OverridesModule.queue(studentId, x.overrideId(), x.subject(), x.question(), x.itemRating(),
          x.tutorId(), x.reason(), now), x.replyTo(), x.openThread(), x.tutorId(), x.subject(), "assignment", x.reason());
    }
    if (c instanceof OverrideGoalProgress x) {
      GoalsModule.Goal g = s.goals().get(x.goalId());
      return override(GoalsModule.overrideProgress(s.goals(), studentId, x.overrideId(), x.goalId(), x.value(),
          x.tutorId(), x.reason(), now), x.replyTo(), x.openThread(), x.tutorId(),
          g == null ? null : g.subject(), "goal_progress", x.reason());
    }
    if (c instanceof OverrideThreadOpened x) {
      if (x.error() != null) ctx.getLog().warn("Override thread for {} not opened: {}", studentId, x.error().toString());
      OverrideApplied a = x.applied();
      return Effect().reply(x.replyTo(), new OverrideApplied(a.overrideId(), a.before(), a.after(), x.threadId()));
    }
    if (c instanceof CreateGoal x) return onCreateGoal(s, x, now);
    if (c instanceof GoalIndexed x) {
      if (x.error() != null) ctx.getLog().warn("Goal {} not indexed yet: {}", x.request().goalId(), x.error().toString());
      return Effect().reply(x.request().replyTo(), new GoalView(s.goals().get(x.request().goalId())));
    }
    if (c instanceof UpdateGoal x) {
      return decided(
          s, GoalsModule.update(s.goals(), studentId, x.goalId(), x.title(), x.target(), x.status(), x.by(), now),
          "goal", x.replyTo(), st -> new GoalView(st.goals().get(x.goalId())));
    }
    if (c instanceof GetGoals x) return Effect().reply(x.replyTo(), new GoalList(s.goals().list()));
    if (c instanceof RecordSessionSummary x) {
      return decided(
          s, SummariesModule.record(s.summaries(), studentId, x.summaryId(), x.sessionId(), x.subject(), x.topics(),
              x.nextSteps(), x.narrative(), x.at()),
          "summary", x.replyTo(), st -> new SummaryRecorded(x.summaryId()));
    }

    if (c instanceof EvaluateNudges) return onEvaluateNudges(s, now);
    if (c instanceof NudgeWritten x) return onNudgeWritten(s, x.written(), now);
    if (c instanceof NudgeWriterLost x) return onNudgeWriterLost(x);
    if (c instanceof TombstoneChecked) return Effect().noReply(); // only the guard before recovery asks
    throw new IllegalArgumentException("StudentEntity has no handler for " + c.getClass().getName());
  }

  /** Persists what a module decided and replies from the new state, or replies with its refusal. */
  private <R> ReplyEffect<StudentEvent, StudentState> decided(
      StudentState s, Decision d, String kind, ActorRef<R> replyTo, Function<StudentState, R> reply) {
    if (d instanceof Decision.Refuse r) {
      @SuppressWarnings("unchecked")
      R rejected = (R) r.rejected();
      return Effect().reply(replyTo, rejected);
    }
    List<StudentEvent> events = ((Decision.Accept) d).events();
    if (events.isEmpty()) return Effect().reply(replyTo, reply.apply(s));
    return Effect().persist(events).thenRun(st -> changed(kind)).thenReply(replyTo, reply::apply);
  }

  // ---- practice -----------------------------------------------------------------------------------

  private ReplyEffect<StudentEvent, StudentState> onRequestAssignment(
      StudentState s, RequestAssignment cmd, Instant now) {
    PracticeModule.AssignPlan plan =
        PracticeModule.plan(s.practice(), studentId, cmd.subject(), UUID.randomUUID().toString(), now,
            ThreadLocalRandom.current().nextLong(), SummariesModule.focus(s.summaries(), cmd.subject(), now));
    if (plan instanceof PracticeModule.Select sel) {
      ctx.pipeToSelf(
          deps.engine().select(sel.request()),
          (selected, err) ->
              new SelectionDone(
                  cmd, selected == null ? null : selected.orElse(null),
                  err != null ? err.toString() : selected.isEmpty() ? "no question available" : null));
      return Effect().noReply();
    }
    return assignment(s, plan, cmd.replyTo());
  }

  private ReplyEffect<StudentEvent, StudentState> onSelectionDone(
      StudentState s, SelectionDone msg, Instant now) {
    RequestAssignment cmd = msg.request();
    if (msg.selected() == null && s.practice().openIn(cmd.subject()) == null) {
      ctx.getLog().warn("No question for {} in {}: {}", studentId, cmd.subject(), msg.error());
      return Effect().reply(cmd.replyTo(), new Rejected(Reason.UNAVAILABLE, "No question available right now."));
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
      return Effect().reply(replyTo, PracticeModule.view(s.practice(), r.assignment()));
    }
    StudentEvent.AssignmentCreated e = ((PracticeModule.Create) plan).event();
    return Effect()
        .persist(e)
        .thenRun(st -> changed("practice"))
        .thenReply(replyTo, st -> PracticeModule.view(st.practice(), st.practice().open().get(e.assignmentId())));
  }

  private ReplyEffect<StudentEvent, StudentState> onComplete(StudentState s, Complete cmd, Instant now) {
    Assignment a = s.practice().open().get(cmd.assignmentId());
    if (a == null) return Effect().reply(cmd.replyTo(), PracticeModule.notOpen(s.practice(), cmd.assignmentId()).rejected());
    if (checking) return Effect().stash();
    if (cmd.giveUp()) return submit(s, a, cmd, new AnswerChecker.Check(false, "Given up."), now);
    checking = true;
    ctx.pipeToSelf(
        deps.engine().check(a.question(), cmd.answer()),
        (check, err) -> new AnswerChecked(cmd, check, err == null ? null : err.toString()));
    return Effect().noReply();
  }

  private ReplyEffect<StudentEvent, StudentState> onAnswerChecked(StudentState s, AnswerChecked msg, Instant now) {
    checking = false;
    Complete cmd = msg.request();
    Assignment a = s.practice().open().get(cmd.assignmentId());
    if (a == null) {
      return Effect().reply(cmd.replyTo(), PracticeModule.notOpen(s.practice(), cmd.assignmentId()).rejected())
          .thenUnstashAll();
    }
    if (msg.check() == null) {
      ctx.getLog().error("Answer check failed for {}: {}", studentId, msg.error());
      return Effect()
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
            check.correct(), advance.progress(), now, zoneOf(cmd.zone()));
    List<StudentEvent> events = new ArrayList<>(2 + advance.completed().size());
    events.add(answer);
    events.addAll(advance.completed());
    zoneSeen(s, cmd.zone(), now).ifPresent(events::add);
    CompleteResult result = PracticeModule.result(answer, a, check.feedback());
    String kind = advance.completed().isEmpty() ? "practice" : "goal";
    return Effect()
        .persist(events)
        .thenRun(st -> changed(kind))
        .thenReply(cmd.replyTo(), st -> result)
        .thenUnstashAll();
  }

  private ReplyEffect<StudentEvent, StudentState> onTakeHint(StudentState s, TakeHint cmd, Instant now) {
    Assignment a = s.practice().open().get(cmd.assignmentId());
    if (a == null) return Effect().reply(cmd.replyTo(), PracticeModule.notOpen(s.practice(), cmd.assignmentId()).rejected());
    PracticeModule.Hint h = PracticeModule.hint(a, studentId, now);
    HintResult result = new HintResult(h.text(), h.used());
    if (h.event() == null) return Effect().reply(cmd.replyTo(), result);
    return Effect().persist(h.event()).thenRun(st -> changed("practice")).thenReply(cmd.replyTo(), st -> result);
  }

  // ---- Q&A --------------------------------------------------------------------------------------------

  private ReplyEffect<StudentEvent, StudentState> onAskQuestion(StudentState s, AskQuestion cmd, Instant now) {
    if (deps.qa() == null) {
      return Effect().reply(cmd.replyTo(), new Rejected(Reason.UNAVAILABLE, "Q&A is not available."));
    }
    String interactionId = UUID.randomUUID().toString();
    QaService.Prepared p =
        deps.qa().service().prepare(
            cmd.question(), cmd.subject(), s.qa().history(), SummariesModule.narratives(s.summaries()));
    if (!p.needsAi()) return answered(interactionId, p, deps.qa().service().declined(p), cmd.replyTo(), now);
    // A bound on what one student can keep in flight: each call holds a provider slot for seconds.
    if (pending != null && pending.size() >= QaModule.MAX_PENDING_AI_CALLS) {
      return Effect().reply(cmd.replyTo(), QaModule.tooManyPending().rejected());
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
    return Effect().noReply();
  }

  /** The child answered ({@code answer}), or stopped without answering (null): either way the student gets a reply. */
  private ReplyEffect<StudentEvent, StudentState> onAiAnswer(String callId, AiAnswer answer, Instant now) {
    PendingQa q = pending == null ? null : pending.remove(callId);
    if (q == null) return Effect().noReply(); // normal: the child answered, then stopped
    if (answer == null) ctx.getLog().warn("AI call {} of {} stopped without answering", callId, studentId);
    QaResult r = deps.qa().service().finish(q.prepared(), answer == null ? AiAnswer.unavailable() : answer);
    return answered(q.interactionId(), q.prepared(), r, q.replyTo(), now);
  }

  private ReplyEffect<StudentEvent, StudentState> answered(
      String interactionId, QaService.Prepared p, QaResult r, ActorRef<QaReply> replyTo, Instant now) {
    return Effect()
        .persist(QaModule.answered(studentId, interactionId, p.question(), r, now))
        .thenRun(st -> changed("qa"))
        .thenReply(replyTo, st -> new Answered(interactionId, r));
  }

  private ReplyEffect<StudentEvent, StudentState> onEscalate(StudentState s, Escalate cmd) {
    QaModule.EscalationPlan plan = QaModule.escalation(s.qa(), cmd.interactionId());
    if (plan instanceof QaModule.NotFound nf) return Effect().reply(cmd.replyTo(), nf.refusal().rejected());
    if (plan instanceof QaModule.AlreadyOpen open) return Effect().reply(cmd.replyTo(), new Escalated(open.threadId()));
    ctx.pipeToSelf(
        deps.ports().openEscalation(studentId, ((QaModule.OpenThread) plan).interaction()),
        (threadId, err) -> new EscalationOpened(cmd, threadId, err));
    return Effect().noReply();
  }

  private ReplyEffect<StudentEvent, StudentState> onEscalationOpened(
      StudentState s, EscalationOpened msg, Instant now) {
    ActorRef<EscalateReply> replyTo = msg.request().replyTo();
    if (msg.error() != null) {
      Throwable cause = msg.error() instanceof java.util.concurrent.CompletionException ce && ce.getCause() != null
          ? ce.getCause() : msg.error();
      ctx.getLog().error("Escalation thread for {} not opened", studentId, cause);
      return Effect().reply(replyTo, new Rejected(Reason.UNAVAILABLE, "The thread could not be opened; retry."));
    }
    String interactionId = msg.request().interactionId();
    return decided(
        s, QaModule.escalated(s.qa(), studentId, interactionId, msg.threadId(), now), "qa", replyTo,
        st -> new Escalated(st.qa().find(interactionId).threadId()));
  }

  // ---- overrides and goals ------------------------------------------------------------------------

  /** Stores the override; when asked, a thread then tells the student why, before the reply. */
  private ReplyEffect<StudentEvent, StudentState> override(
      Decision d, ActorRef<OverrideReply> replyTo, boolean openThread, String actorId, String subject,
      String kind, String reason) {
    if (d instanceof Decision.Refuse r) return Effect().reply(replyTo, r.rejected());
    List<StudentEvent> events = ((Decision.Accept) d).events();
    OverrideApplied applied = OverridesModule.applied(events.get(0), null);
    if (!openThread) {
      return Effect().persist(events).thenRun(st -> changed("override")).thenReply(replyTo, st -> applied);
    }
    return Effect()
        .persist(events)
        .thenRun(
            st -> {
              changed("override");
              ctx.pipeToSelf(
                  deps.ports().openOverrideThread(studentId, actorId, subject, kind, reason),
                  (threadId, err) -> new OverrideThreadOpened(replyTo, applied, threadId, err));
            })
        .thenNoReply();
  }

  private ReplyEffect<StudentEvent, StudentState> onCreateGoal(StudentState s, CreateGoal x, Instant now) {
    Decision d = GoalsModule.create(s.goals(), studentId, x.goalId(), x.subject(), x.title(), x.target(), x.createdBy(), now);
    if (d instanceof Decision.Refuse r) return Effect().reply(x.replyTo(), r.rejected());
    if (((Decision.Accept) d).events().isEmpty()) return Effect().reply(x.replyTo(), new GoalView(s.goals().get(x.goalId())));
    // The index row lets PATCH /goals/{id} find the student; the reply waits for it.
    return Effect()
        .persist(((Decision.Accept) d).events())
        .thenRun(
            st -> {
              changed("goal");
              ctx.pipeToSelf(deps.ports().indexGoal(x.goalId(), studentId, now), (ok, err) -> new GoalIndexed(x, err));
            })
        .thenNoReply();
  }

  // ---- nudges ---------------------------------------------------------------------------------------

  /** Sends the nudge the rules decide, or stores and arms the next due time. */
  private ReplyEffect<StudentEvent, StudentState> onEvaluateNudges(StudentState s, Instant now) {
    if (deps.nudges() == null || writing != null) return Effect().noReply();
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
        return Effect().noReply();
      }
      return Effect().persist(ev.schedule()).thenRun(st -> write(w, ev.facts(), now)).thenNoReply();
    }
    Instant due = ev.decision().dueAt(now);
    if (ev.schedule() == null) {
      armNudgeTimer(due, now);
      return Effect().noReply();
    }
    return Effect().persist(ev.schedule()).thenRun(st -> armNudgeTimer(due, now)).thenNoReply();
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
  private ReplyEffect<StudentEvent, StudentState> onNudgeWritten(
      StudentState s, NudgeWriter.Written text, Instant now) {
    if (writing == null || !writing.nudgeId().equals(text.callId())) return Effect().noReply(); // stale
    Writing w = writing;
    writing = null;
    timers.cancel(NUDGE_WRITER);
    StudentEvent.NudgeSent sent =
        NudgesModule.sent(s, studentId, deps.nudges().rules(), w.nudgeId(), w.send(), text, now);
    if (sent == null) {
      ctx.getSelf().tell(EVALUATE);
      return Effect().noReply();
    }
    ctx.getLog().info("Nudge {} ({}, {}) for {}", sent.nudgeId(), sent.kind().wire(), sent.provider(), studentId);
    return Effect()
        .persist(sent)
        .thenRun(st -> changed("nudge"))
        .thenRun(st -> Telemetry.get(ctx.getSystem()).count(
            "elevare_nudges_sent", "channel", "in_app", "kind", sent.kind().wire()))
        .thenNoReply();
  }

  private ReplyEffect<StudentEvent, StudentState> onNudgeWriterLost(NudgeWriterLost msg) {
    if (writing != null && writing.nudgeId().equals(msg.nudgeId())) {
      ctx.getLog().warn("Nudge writer {} of {} never answered", msg.nudgeId(), studentId);
      writing = null;
      ctx.getSelf().tell(EVALUATE);
    }
    return Effect().noReply();
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

  private void recovered(StudentState s) {
    metrics.recovered(startedNanos);
    startedNanos = 0;
    writing = null; // a restart stopped the writer child
    if (deps.nudges() == null) return;
    Instant now = deps.clock().instant();
    armNudgeTimer(NudgesModule.evaluate(s, studentId, deps.nudges().rules(), now).decision().dueAt(now), now);
  }

  /** The time zone a request carried, when nudges need it stored. */
  private java.util.Optional<StudentEvent.TimeZoneChanged> zoneSeen(StudentState s, String zone, Instant now) {
    return deps.nudges() == null ? java.util.Optional.empty() : NudgesModule.zoneSeen(s.nudges(), studentId, zone, now);
  }

  // ---- views --------------------------------------------------------------------------------------------

  /** A progress view; a new time zone is stored first (quiet hours are in it). */
  private ReplyEffect<StudentEvent, StudentState> onGetProgress(StudentState s, GetProgress x, Instant now) {
    ZoneId zone = zoneOf(x.zone());
    var seen = zoneSeen(s, x.zone(), now);
    if (seen.isEmpty()) return Effect().reply(x.replyTo(), progress(s, zone, now));
    return Effect()
        .persist(seen.get())
        .thenRun(st -> ctx.getSelf().tell(EVALUATE))
        .thenReply(x.replyTo(), st -> progress(st, zone, now));
  }

  private ProgressView progress(StudentState s, ZoneId zone, Instant now) {
    PracticeModule.State p = s.practice();
    List<RatingView> ratings =
        p.ratings().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> new RatingView(e.getKey(), e.getValue().rating(), Elo.difficulty(e.getValue().rating()),
                e.getValue().attempts(), e.getValue().lastChange()))
            .toList();
    List<OpenView> open =
        p.open().values().stream()
            .map(a -> new OpenView(a.assignmentId(), a.subject(), a.question().id(), a.source(), a.attempts()))
            .toList();
    return new ProgressView(
        studentId, ratings, p.xp(), p.streak().asOf(LocalDate.ofInstant(now, zone)), p.recent(),
        s.overrides().records(), open, s.goals().list(), s.qa().flags(), s.summaries().recent(),
        PracticeModule.reviewViews(p, now));
  }

  /** After every stored change: open dashboards hear of it, and the nudge rules look again. */
  private void changed(String kind) {
    deps.changes().accept(new StudentChanged(studentId, kind, deps.clock().instant()));
    if (deps.nudges() != null) ctx.getSelf().tell(EVALUATE);
  }

  private static ZoneId zoneOf(String zone) {
    try {
      return zone == null ? ZoneId.of("UTC") : ZoneId.of(zone);
    } catch (RuntimeException e) {
      return ZoneId.of("UTC");
    }
  }
}
