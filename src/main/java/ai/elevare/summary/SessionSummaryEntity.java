package ai.elevare.summary;

import ai.elevare.core.CborSerializable;
import ai.elevare.telemetry.EntityMetrics;
import ai.elevare.telemetry.EntityTelemetry;
import ai.elevare.telemetry.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
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
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One tutoring session's summary (id = Rails' session id), sharded and event sourced. It decides
 * whether a webhook delivery is the first of its session (later ones get the same summary id and
 * change nothing), runs generation in a {@link SummaryWorker} child (received, generating, then
 * ready, or failed with its reason after bounded retries with backoff), and hands the ready summary
 * to the student through the {@link SummaryListener} until that succeeds. Work cut short by a
 * restart, a crash or a passivation resumes on recovery; the {@link SummaryResumer} wakes entities
 * that nobody else would.
 */
public final class SessionSummaryEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        SessionSummaryEntity.Command, SessionSummaryEntity.Event, SessionSummaryEntity.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "SessionSummary");

  /** What every summary entity of a node shares. */
  public record Deps(
      SummaryWorker.Generation generation, SummaryListener listener, SummarySettings settings, Clock clock) {}

  public static void init(ActorSystem<?> system, Deps deps) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY, ctx -> create(ctx.getEntityId(), deps)));
  }

  public static Behavior<Command> create(String sessionId, Deps deps) {
    return Behaviors.setup(
        ctx ->
            EntityTelemetry.wrap(
                Command.class,
                EntityMetrics.of(ctx.getSystem(), "session_summary"),
                c -> null, // a summary's work starts from the webhook, not a request to follow
                Behaviors.withTimers(timers -> new SessionSummaryEntity(sessionId, deps, ctx, timers))));
  }

  public static String tagFor(String sessionId, int tagCount) {
    return "summary-" + Math.floorMod(sessionId.hashCode(), tagCount);
  }

  // ---- commands -------------------------------------------------------------------------------

  public sealed interface Command extends CborSerializable {}

  /** A webhook delivery, already verified and validated; its transcript is in the deliveries table. */
  public record Receive(Request request, ActorRef<ReceiveReply> replyTo) implements Command {}

  /** Wakes the entity: unfinished work (generation, hand-over) continues. Idempotent. */
  public record Resume(String why) implements Command {}

  public record Get(ActorRef<View> replyTo) implements Command {}

  /** Erasure of the session's student: stop now (no retry or delivery afterwards). */
  public record Forget(ActorRef<org.apache.pekko.Done> replyTo) implements Command {}

  record GenerationDone(SummaryWorker.Outcome outcome) implements Command {}

  record WorkerStopped(int attempt) implements Command {}

  record WorkerLost(int attempt) implements Command {}

  record RetryDue(int attempt) implements Command {}

  record Delivered(boolean ok, String error) implements Command {}

  record DeliveryDue(int failures) implements Command {}

  /**
   * A session as Rails described it.
   *
   * @param transcriptUrl null when the delivery carried the transcript itself
   */
  public record Request(
      String sessionId, String summaryId, String studentId, String tutorId, String subject,
      String transcriptUrl, Instant startedAt, Instant endedAt)
      implements CborSerializable {}

  // ---- replies --------------------------------------------------------------------------------

  public sealed interface ReceiveReply extends CborSerializable {}

  /** The delivery is stored (or was already); {@code created} only for the first one. */
  public record Accepted(String summaryId, String status, boolean created) implements ReceiveReply {}

  /** The session id is already taken by another student's session; nothing changed. */
  public record Conflict(String detail) implements ReceiveReply {}

  public record View(
      String sessionId, String summaryId, String status, int attempts, String reason,
      SummaryContent content, String provider, boolean delivered)
      implements CborSerializable {}

  // ---- events ---------------------------------------------------------------------------------

  public sealed interface Event extends CborSerializable {
    String sessionId();
  }

  public record SummaryReceived(String sessionId, Request request, Instant at) implements Event {}

  public record GenerationStarted(String sessionId, int attempt, Instant at) implements Event {}

  /** An attempt failed in a way another may not; a retry follows after the backoff. */
  public record GenerationFailed(String sessionId, int attempt, String reason, Instant at) implements Event {}

  public record SummaryReady(
      String sessionId, String summaryId, String studentId, String subject, SummaryContent content,
      String provider, boolean fallback, Instant at)
      implements Event {}

  /** Final: the reason says why (a refused URL, too short, attempts spent). */
  public record SummaryFailed(String sessionId, int attempts, String reason, Instant at) implements Event {}

  /** The student's actor acknowledged the ready summary. */
  public record DeliveredToStudent(String sessionId, Instant at) implements Event {}

  // ---- state ----------------------------------------------------------------------------------

  public enum Status {
    EMPTY("none"),
    RECEIVED("pending"),
    GENERATING("generating"),
    READY("ready"),
    FAILED("failed");

    private final String wire;

    Status(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /**
   * @param waitingRetry the last attempt failed and the next one is due after the backoff
   */
  public record State(
      Status status, Request request, int attempts, boolean waitingRetry, String reason,
      SummaryContent content, String provider, boolean delivered)
      implements CborSerializable {

    static final State EMPTY = new State(Status.EMPTY, null, 0, false, null, null, null, false);

    State received(Request r) {
      return new State(Status.RECEIVED, r, 0, false, null, null, null, false);
    }

    State started(int attempt) {
      return new State(Status.GENERATING, request, attempt, false, reason, null, null, false);
    }

    State attemptFailed(String why) {
      return new State(Status.GENERATING, request, attempts, true, why, null, null, false);
    }

    State ready(SummaryReady r) {
      return new State(Status.READY, request, attempts, false, null, r.content(), r.provider(), false);
    }

    State failed(String why) {
      return new State(Status.FAILED, request, attempts, false, why, null, null, false);
    }

    State deliveredToStudent() {
      return new State(status, request, attempts, waitingRetry, reason, content, provider, true);
    }

    boolean unfinished() {
      return status == Status.RECEIVED || status == Status.GENERATING || (status == Status.READY && !delivered);
    }
  }

  // ---- the entity -----------------------------------------------------------------------------

  private static final BackoffSupervisorStrategy JOURNAL_FAILURE =
      SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);
  /** After a worker stopped, how long its last report may still be in the mailbox. */
  private static final Duration REPORT_GRACE = Duration.ofMillis(500);

  private final String sessionId;
  private final Deps deps;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Set<String> tags;

  // Not persisted: what runs in this incarnation. Recovery resets them and resumes the work.
  private int running;
  private boolean delivering;
  private int deliveryFailures;

  private final EntityMetrics metrics;
  /** When this incarnation started, for the recovery time; 0 once recovered. */
  private long startedNanos = System.nanoTime();

  private SessionSummaryEntity(
      String sessionId, Deps deps, ActorContext<Command> ctx, TimerScheduler<Command> timers) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), sessionId), JOURNAL_FAILURE);
    this.metrics = EntityMetrics.of(ctx.getSystem(), "session_summary");
    this.sessionId = sessionId;
    this.deps = deps;
    this.ctx = ctx;
    this.timers = timers;
    this.tags = Set.of(tagFor(sessionId, deps.settings().projectionTags()));
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return tags;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(deps.settings().snapshotEvery(), 3);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              metrics.recovered(startedNanos);
              startedNanos = 0;
              running = 0;
              delivering = false;
              if (state.unfinished()) {
                // generation or the hand-over was cut short (restart, crash, passivation): go on
                ctx.getSelf().tell(new Resume("recovered"));
              }
            })
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return this::onCommand;
  }

  private ReplyEffect<Event, State> onCommand(State s, Command c) {
    if (c instanceof Receive x) return onReceive(s, x);
    if (c instanceof Resume) return onResume(s);
    if (c instanceof RetryDue) return onResume(s);
    if (c instanceof Get x) return Effect().reply(x.replyTo(), view(s));
    if (c instanceof Forget x) return Effect().none().thenStop().thenReply(x.replyTo(), st -> org.apache.pekko.Done.getInstance());
    if (c instanceof GenerationDone x) return onOutcome(s, x.outcome());
    if (c instanceof WorkerStopped x) return onWorkerStopped(x);
    if (c instanceof WorkerLost x) return onWorkerLost(s, x);
    if (c instanceof Delivered x) return onDelivered(s, x);
    if (c instanceof DeliveryDue) return onDeliveryDue(s);
    throw new IllegalArgumentException("SessionSummaryEntity has no handler for " + c.getClass().getName());
  }

  private ReplyEffect<Event, State> onReceive(State s, Receive cmd) {
    if (s.status() == Status.EMPTY) {
      Request r = cmd.request();
      return Effect()
          .persist(new SummaryReceived(sessionId, r, deps.clock().instant()))
          .thenRun(st -> ctx.getSelf().tell(new Resume("received")))
          .thenRun(st -> count("elevare_summaries_received"))
          .thenReply(cmd.replyTo(), st -> new Accepted(r.summaryId(), "pending", true));
    }
    if (!s.request().studentId().equals(cmd.request().studentId())) {
      return Effect()
          .reply(cmd.replyTo(), new Conflict("This session_id already belongs to another student's session."));
    }
    // a retried delivery: same id, nothing new
    String status = s.status() == Status.READY ? "ready" : s.status() == Status.FAILED ? "failed" : "pending";
    return Effect().reply(cmd.replyTo(), new Accepted(s.request().summaryId(), status, false));
  }

  /** Continues whatever is unfinished; does nothing when it is already under way. */
  private ReplyEffect<Event, State> onResume(State s) {
    switch (s.status()) {
      case RECEIVED:
        return startAttempt(1);
      case GENERATING:
        if (running != 0) return Effect().noReply();
        if (s.waitingRetry()) {
          if (timers.isTimerActive("retry") ) return Effect().noReply();
          return s.attempts() >= deps.settings().maxAttempts()
              ? fail(s.attempts(), s.reason())
              : startAttempt(s.attempts() + 1);
        }
        // the attempt in the journal never finished (the node stopped): run it again
        ctx.getLog().info("Summary {} resumes attempt {}", sessionId, s.attempts());
        spawnWorker(s, s.attempts());
        return Effect().noReply();
      case READY:
        if (!s.delivered()) deliver(s);
        return Effect().noReply();
      default:
        return Effect().noReply();
    }
  }

  private ReplyEffect<Event, State> startAttempt(int attempt) {
    return Effect()
        .persist(new GenerationStarted(sessionId, attempt, deps.clock().instant()))
        .thenRun(st -> spawnWorker(st, attempt))
        .thenNoReply();
  }

  private void spawnWorker(State s, int attempt) {
    Request r = s.request();
    ActorRef<SummaryWorker.Outcome> adapter =
        ctx.messageAdapter(SummaryWorker.Outcome.class, GenerationDone::new);
    var worker =
        ctx.spawn(
            SummaryWorker.create(deps.generation(), sessionId, r.subject(), r.transcriptUrl(), attempt, adapter),
            "generate-" + attempt + "-" + System.nanoTime());
    ctx.watchWith(worker, new WorkerStopped(attempt));
    running = attempt;
  }

  private ReplyEffect<Event, State> onOutcome(State s, SummaryWorker.Outcome o) {
    if (o.attempt() != running || s.status() != Status.GENERATING) {
      return Effect().noReply(); // a report from an attempt this incarnation no longer waits for
    }
    running = 0;
    if (o.content() != null) {
      Request r = s.request();
      return Effect()
          .persist(
              new SummaryReady(
                  sessionId, r.summaryId(), r.studentId(), r.subject(), o.content(), o.provider(),
                  o.fallback(), deps.clock().instant()))
          .thenRun(this::deliver)
          .thenRun(st -> count("elevare_summaries_generated", "provider", o.provider(), "fallback", String.valueOf(o.fallback())))
          .thenNoReply();
    }
    return attemptFailed(o.attempt(), o.failure(), o.retryable());
  }

  private ReplyEffect<Event, State> attemptFailed(int attempt, String reason, boolean retryable) {
    if (!retryable) return fail(attempt, reason);
    if (attempt >= deps.settings().maxAttempts()) {
      return fail(attempt, "gave up after " + attempt + " attempts: " + reason);
    }
    Duration backoff = deps.settings().retryBackoff(attempt);
    ctx.getLog().info("Summary {} attempt {} failed ({}), retrying in {}", sessionId, attempt, reason, backoff);
    return Effect()
        .persist(new GenerationFailed(sessionId, attempt, reason, deps.clock().instant()))
        .thenRun(st -> timers.startSingleTimer("retry", new RetryDue(attempt + 1), backoff))
        .thenRun(st -> count("elevare_summary_attempts_failed"))
        .thenNoReply();
  }

  private ReplyEffect<Event, State> fail(int attempts, String reason) {
    ctx.getLog().info("Summary {} failed: {}", sessionId, reason);
    return Effect()
        .persist(new SummaryFailed(sessionId, attempts, truncate(reason), deps.clock().instant()))
        .thenRun(st -> count("elevare_summaries_failed"))
        .thenNoReply();
  }

  private void count(String name, String... tags) {
    Telemetry.get(ctx.getSystem()).count(name, tags);
  }

  private ReplyEffect<Event, State> onWorkerStopped(WorkerStopped m) {
    if (m.attempt() == running) {
      // its report may still be queued behind this notice: give it a moment before calling it lost
      timers.startSingleTimer("lost-" + m.attempt(), new WorkerLost(m.attempt()), REPORT_GRACE);
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> onWorkerLost(State s, WorkerLost m) {
    if (m.attempt() != running || s.status() != Status.GENERATING) return Effect().noReply();
    running = 0;
    ctx.getLog().warn("Summary {} attempt {} stopped without a report", sessionId, m.attempt());
    return attemptFailed(m.attempt(), "the generation stopped unexpectedly", true);
  }

  // ---- hand-over to the student -----------------------------------------------------------------

  private void deliver(State s) {
    if (delivering || s.status() != Status.READY || s.delivered()) return;
    delivering = true;
    Request r = s.request();
    SummaryFacts facts =
        new SummaryFacts(
            r.studentId(), sessionId, r.summaryId(), r.subject(), s.content().keyTopics(),
            s.content().nextSteps(), s.content().narrative(), deps.clock().instant());
    CompletableFuture<Done> result = new CompletableFuture<>();
    try {
      CompletionStage<Done> stage = deps.listener().summaryReady(facts);
      if (stage == null) {
        result.completeExceptionally(new IllegalStateException("the listener returned no stage"));
      } else {
        stage.whenComplete((d, e) -> {
          if (e != null) result.completeExceptionally(e);
          else result.complete(Done.getInstance());
        });
      }
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    ctx.pipeToSelf(
        result.orTimeout(DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
        (d, e) -> new Delivered(e == null, e == null ? null : e.toString()));
  }

  private ReplyEffect<Event, State> onDelivered(State s, Delivered m) {
    delivering = false;
    if (m.ok()) {
      deliveryFailures = 0;
      if (s.delivered()) return Effect().noReply();
      return Effect().persist(new DeliveredToStudent(sessionId, deps.clock().instant())).thenNoReply();
    }
    deliveryFailures++;
    Duration backoff = deps.settings().deliveryBackoff(deliveryFailures);
    ctx.getLog().warn("Summary {} not yet handed to the student ({}), again in {}", sessionId, m.error(), backoff);
    timers.startSingleTimer("deliver", new DeliveryDue(deliveryFailures), backoff);
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> onDeliveryDue(State s) {
    deliver(s);
    return Effect().noReply();
  }

  private View view(State s) {
    String summaryId = s.request() == null ? null : s.request().summaryId();
    return new View(sessionId, summaryId, s.status().wire(), s.attempts(), s.reason(), s.content(), s.provider(), s.delivered());
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 1000 ? s : s.substring(0, 997) + "...";
  }

  // ---- events to state ------------------------------------------------------------------------

  @Override
  public EventHandler<State, Event> eventHandler() {
    return SessionSummaryEntity::apply;
  }

  static State apply(State s, Event e) {
    if (e instanceof SummaryReceived x) return s.received(x.request());
    if (e instanceof GenerationStarted x) return s.started(x.attempt());
    if (e instanceof GenerationFailed x) return s.attemptFailed(x.reason());
    if (e instanceof SummaryReady x) return s.ready(x);
    if (e instanceof SummaryFailed x) return s.failed(x.reason());
    if (e instanceof DeliveredToStudent) return s.deliveredToStudent();
    throw new IllegalArgumentException("SessionSummaryEntity has no handler for " + e.getClass().getName());
  }
}
