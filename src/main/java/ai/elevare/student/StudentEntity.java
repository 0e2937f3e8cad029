package ai.elevare.student;

import ai.elevare.telemetry.EntityMetrics;
import ai.elevare.telemetry.EntityTelemetry;
import ai.elevare.ai.AiRuntime;
import ai.elevare.core.CborSerializable;
import ai.elevare.nudge.NudgeRules;
import ai.elevare.practice.PracticeEngine;
import ai.elevare.qa.QaService;
import ai.elevare.student.StudentCommand.*;
import ai.elevare.student.StudentReply.*;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
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
 * write), publishes the change, and hands the asynchronous work to one flow per feature: question
 * selection and answer checking ({@link PracticeFlow}: may block, futures piped back), AI calls
 * ({@link QaFlow}) and nudge texts ({@link NudgeFlow}), a child actor each, and the nudge timer
 * (short delays only: the nudge scanner wakes a passivated student through sharding); JDBC goes
 * through {@link StudentPorts}.
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
    warmSnapshots(system);
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, ctx -> unlessErased(ctx.getEntityId(), deps)).withStopMessage(Stop.INSTANCE));
  }

  /**
   * Writes and reads a state once at start, so Jackson builds the snapshot's (de)serializers here
   * and not inside the first snapshots, whose replies wait for the write (in the bench's light
   * phase that first build held a completion for 320 ms).
   */
  private static void warmSnapshots(ActorSystem<?> system) {
    try {
      var serialization = org.apache.pekko.serialization.SerializationExtension.get(system);
      StudentState empty = StudentState.empty();
      var serializer = serialization.findSerializerFor(empty);
      byte[] bytes = serializer.toBinary(empty);
      serialization.deserialize(bytes, serializer.identifier(), org.apache.pekko.serialization.Serializers.manifestFor(serializer, empty)).get();
    } catch (Exception e) {
      system.log().warn("Snapshot serializers not warmed at start: {}", e.toString());
    }
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
  private final EntityMetrics metrics;
  /** {@link #changed}, once per entity, for the flows. */
  private final Consumer<String> onChanged = this::changed;
  private final NudgeFlow nudges;
  /** What the flows share; built once per incarnation. */
  private final EntityFlow.Shell shell;
  /** Created on the first practice command: an entity woken for a read never needs it. */
  private PracticeFlow practice;
  /** Created on the first Q&A command: most entities never ask a question. */
  private QaFlow qa;
  /** Override threads and goal index rows being written, whose reply is still owed. */
  private int awaitingPorts;
  /** Sharding asked this entity to stop (hand-off, passivation) while a reply was owed. */
  private boolean stopRequested;
  /** When this incarnation started, for the recovery time; 0 once recovered. */
  private long startedNanos = System.nanoTime();

  private StudentEntity(
      String studentId, Deps deps, ActorContext<StudentCommand> ctx, TimerScheduler<StudentCommand> timers) {
    super(PersistenceId.of(ENTITY_KEY.name(), studentId), JOURNAL_FAILURE);
    this.studentId = studentId;
    this.deps = deps;
    this.ctx = ctx;
    this.metrics = EntityMetrics.of(ctx.getSystem(), "student");
    this.tags = TAG_SETS.computeIfAbsent(StudentTags.of(studentId, deps.tagCount()), Set::of);
    this.shell = new EntityFlow.Shell(studentId, deps, ctx, Effect(), onChanged);
    this.nudges = new NudgeFlow(shell, timers);
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

  /**
   * Sharding's stop waits until no reply is owed on work this actor started: stopping with a
   * selection or an AI call in flight would leave its caller to time out (a 503 on a graceful
   * leave). Whatever is persisting meanwhile is already held back by Pekko until it is stored.
   */
  private ReplyEffect<StudentEvent, StudentState> onCommand(StudentState s, StudentCommand c) {
    if (c instanceof Stop) {
      if (!busy()) return Effect().stop().thenNoReply();
      stopRequested = true;
      return Effect().noReply();
    }
    ReplyEffect<StudentEvent, StudentState> effect = dispatch(s, c);
    if (stopRequested && !busy()) {
      stopRequested = false;
      ctx.getSelf().tell(Stop.INSTANCE);
    }
    return effect;
  }

  private boolean busy() {
    return awaitingPorts > 0 || (practice != null && practice.busy()) || (qa != null && qa.busy());
  }

  private ReplyEffect<StudentEvent, StudentState> dispatch(StudentState s, StudentCommand c) {
    Instant now = deps.clock().instant();
    if (c instanceof Forget x) return Effect().none().thenStop().thenReply(x.replyTo(), st -> org.apache.pekko.Done.getInstance());
    if (c instanceof GetProgress x) return onGetProgress(s, x, now);
    if (c instanceof RequestAssignment x) return practice().onRequestAssignment(s, x, now);
    if (c instanceof SelectionDone x) return practice().onSelectionDone(s, x, now);
    if (c instanceof Complete x) return practice().onComplete(s, x, now);
    if (c instanceof AnswerChecked x) return practice().onAnswerChecked(s, x, now);
    if (c instanceof TakeHint x) return practice().onTakeHint(s, x, now);
    if (c instanceof AskQuestion x) return qa().onAskQuestion(s, x, now);
    if (c instanceof AiDone x) return qa().onAiAnswer(x.result().callId(), x.result().answer(), now);
    if (c instanceof AiChildStopped x) return qa().onAiAnswer(x.callId(), null, now);
    if (c instanceof Escalate x) return qa().onEscalate(s, x);
    if (c instanceof EscalationOpened x) return qa().onEscalationOpened(s, x, now);
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
      awaitingPorts--;
      if (x.error() != null) ctx.getLog().warn("Override thread for {} not opened: {}", studentId, x.error().toString());
      OverrideApplied a = x.applied();
      return Effect().reply(x.replyTo(), new OverrideApplied(a.overrideId(), a.before(), a.after(), x.threadId()));
    }
    if (c instanceof CreateGoal x) return onCreateGoal(s, x, now);
    if (c instanceof GoalIndexed x) {
      awaitingPorts--;
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

    if (c instanceof EvaluateNudges) return nudges.onEvaluateNudges(s, now);
    if (c instanceof NudgeWritten x) return nudges.onNudgeWritten(s, x.written(), now);
    if (c instanceof NudgeWriterLost x) return nudges.onNudgeWriterLost(x);
    if (c instanceof TombstoneChecked) return Effect().noReply(); // only the guard before recovery asks
    throw new IllegalArgumentException("StudentEntity has no handler for " + c.getClass().getName());
  }

  private <R> ReplyEffect<StudentEvent, StudentState> decided(
      StudentState s, Decision d, String kind, ActorRef<R> replyTo, Function<StudentState, R> reply) {
    return decided(Effect(), onChanged, s, d, kind, replyTo, reply);
  }

  /** Persists what a module decided and replies from the new state, or replies with its refusal. */
  static <R> ReplyEffect<StudentEvent, StudentState> decided(
      EffectFactories<StudentEvent, StudentState> effect, Consumer<String> changed, StudentState s, Decision d,
      String kind, ActorRef<R> replyTo, Function<StudentState, R> reply) {
    if (d instanceof Decision.Refuse r) {
      @SuppressWarnings("unchecked")
      R rejected = (R) r.rejected();
      return effect.reply(replyTo, rejected);
    }
    List<StudentEvent> events = ((Decision.Accept) d).events();
    if (events.isEmpty()) return effect.reply(replyTo, reply.apply(s));
    return effect.persist(events).thenRun(st -> changed.accept(kind)).thenReply(replyTo, reply::apply);
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
              awaitingPorts++;
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
              awaitingPorts++;
              ctx.pipeToSelf(deps.ports().indexGoal(x.goalId(), studentId, now), (ok, err) -> new GoalIndexed(x, err));
            })
        .thenNoReply();
  }

  // ---- views --------------------------------------------------------------------------------------------

  /** A progress view; a new time zone is stored first (quiet hours are in it). */
  private ReplyEffect<StudentEvent, StudentState> onGetProgress(StudentState s, GetProgress x, Instant now) {
    ZoneId zone = zoneOf(x.zone());
    var seen = nudges.zoneSeen(s, x.zone(), now);
    if (seen.isEmpty()) return Effect().reply(x.replyTo(), ProgressViews.of(studentId, s, zone, now));
    return Effect()
        .persist(seen.get())
        .thenRun(st -> ctx.getSelf().tell(NudgeFlow.EVALUATE))
        .thenReply(x.replyTo(), st -> ProgressViews.of(studentId, st, zone, now));
  }

  private void recovered(StudentState s) {
    metrics.recovered(startedNanos);
    startedNanos = 0;
    nudges.recovered(s);
  }

  private PracticeFlow practice() {
    if (practice == null) practice = new PracticeFlow(shell, nudges);
    return practice;
  }

  private QaFlow qa() {
    if (qa == null) qa = new QaFlow(shell);
    return qa;
  }

  /** After every stored change: open dashboards hear of it, and the nudge rules look again. */
  private void changed(String kind) {
    deps.changes().accept(new StudentChanged(studentId, kind, deps.clock().instant()));
    if (deps.nudges() != null) ctx.getSelf().tell(NudgeFlow.EVALUATE);
  }

  /** The zone a request carried; UTC when it carried none or an unknown one. */
  static ZoneId zoneOf(String zone) {
    try {
      return zone == null ? ZoneId.of("UTC") : ZoneId.of(zone);
    } catch (RuntimeException e) {
      return ZoneId.of("UTC");
    }
  }
}
