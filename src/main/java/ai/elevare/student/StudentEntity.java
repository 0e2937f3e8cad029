package ai.elevare.student;

import ai.elevare.rating.Elo;
import ai.elevare.ai.AiCall;
import ai.elevare.ai.AiRuntime;
import ai.elevare.ai.Turn;
import ai.elevare.core.CborSerializable;
import ai.elevare.practice.AnswerChecker;
import ai.elevare.practice.PracticeEngine;
import ai.elevare.practice.PracticeGenerator;
import ai.elevare.practice.PracticeRequest;
import ai.elevare.practice.Question;
import ai.elevare.qa.QaResult;
import ai.elevare.qa.QaService;
import ai.elevare.student.StudentState.Assignment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One student: Elo ratings per subject, open practice assignments, XP and streak, tutor overrides.
 * Sharded by student UUID; the HTTP layer asks it through {@link ClusterSharding}. Question
 * selection and answer checking may block (CAS), so they run in futures piped back to the actor,
 * which keeps serving other commands meanwhile. A 2xx reply is only sent after the event is stored.
 */
public final class StudentEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        StudentEntity.Command, StudentEntity.Event, StudentState> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Student");

  /**
   * Dependencies shared by every student on the node. {@code changes} hears of every stored change
   * (after the write), so open dashboards anywhere in the cluster can refresh at once.
   */
  public record Deps(
      PracticeEngine engine, Clock clock, int snapshotEvery, int tagCount,
      Consumer<StudentChanged> changes, Qa qa) {}

  /** Q&A: the analysis and policy (pure) and the node's AI providers; null disables Q&A. */
  public record Qa(QaService service, AiRuntime runtime) {}

  /** Published after a change is stored: practice, override, goal, summary, nudge, qa. */
  public record StudentChanged(String studentId, String kind, Instant at) implements CborSerializable {}

  // ---- commands -------------------------------------------------------------------------------

  public interface Command extends CborSerializable {}

  public record RequestAssignment(String subject, ActorRef<AssignReply> replyTo) implements Command {}

  public record Complete(
      String assignmentId,
      String answer,
      long timeMs,
      int hintsUsed,
      boolean giveUp,
      String zone,
      ActorRef<CompleteReply> replyTo)
      implements Command {}

  public record TakeHint(String assignmentId, ActorRef<HintReply> replyTo) implements Command {}

  public record GetProgress(String zone, ActorRef<ProgressView> replyTo) implements Command {}

  /** kind "rating" sets the rating; kind "difficulty" sets it to the centre of that level's band. */
  public record OverrideRating(
      String overrideId, String kind, String subject, double value, String tutorId, String reason,
      ActorRef<OverrideReply> replyTo)
      implements Command {}

  public record QueueAssignment(
      String overrideId, String subject, Question question, double itemRating, String tutorId,
      String reason, ActorRef<OverrideReply> replyTo)
      implements Command {}

  public record CreateGoal(
      String goalId, String subject, String title, int target, String createdBy,
      ActorRef<GoalReply> replyTo)
      implements Command {}

  /** Null fields stay as they are. */
  public record UpdateGoal(
      String goalId, String title, Integer target, String status, String by,
      ActorRef<GoalReply> replyTo)
      implements Command {}

  public record OverrideGoalProgress(
      String overrideId, String goalId, int value, String tutorId, String reason,
      ActorRef<OverrideReply> replyTo)
      implements Command {}

  public record GetGoals(ActorRef<GoalList> replyTo) implements Command {}

  public record AskQuestion(String question, String subject, ActorRef<QaReply> replyTo)
      implements Command {}

  public record GetInteraction(String interactionId, ActorRef<InteractionReply> replyTo)
      implements Command {}

  public record MarkEscalated(String interactionId, String threadId, ActorRef<InteractionReply> replyTo)
      implements Command {}

  /** Internal: an AI child answered. */
  record AiDone(AiCall.Result result) implements Command {}

  /** Internal: an AI child stopped; if it never answered, the student still gets a reply. */
  record AiChildStopped(String callId) implements Command {}

  /** Internal: a selection finished (local only, never crosses nodes). */
  record SelectionDone(
      RequestAssignment request, PracticeGenerator.Selected selected, String error)
      implements Command {}

  /** Internal: a check finished. */
  record AnswerChecked(Complete request, AnswerChecker.Check check, String error) implements Command {}

  // ---- replies --------------------------------------------------------------------------------

  public sealed interface AssignReply extends CborSerializable {}

  public sealed interface CompleteReply extends CborSerializable {}

  public sealed interface HintReply extends CborSerializable {}

  public sealed interface OverrideReply extends CborSerializable {}

  public sealed interface GoalReply extends CborSerializable {}

  public sealed interface QaReply extends CborSerializable {}

  public sealed interface InteractionReply extends CborSerializable {}

  public record Answered(String interactionId, QaResult result) implements QaReply {}

  public record InteractionView(StudentState.Interaction interaction) implements InteractionReply {}

  public record GoalList(List<StudentState.Goal> goals) implements CborSerializable {}

  /** A refusal; nothing was persisted. */
  public record Rejected(Reason reason, String detail)
      implements AssignReply, CompleteReply, HintReply, OverrideReply, GoalReply, QaReply,
          InteractionReply {}

  public enum Reason {
    NOT_FOUND,
    CONFLICT,
    UNAVAILABLE
  }

  public record AssignmentView(
      String assignmentId, String subject, Question question, int difficulty, double studentRating,
      String source)
      implements AssignReply {}

  public record CompleteResult(
      boolean correct,
      double score,
      double ratingBefore,
      double ratingAfter,
      int difficultyNext,
      int xpAwarded,
      int streakDays,
      boolean completed,
      boolean retryAllowed,
      String feedback,
      String solution)
      implements CompleteReply {}

  public record HintResult(String hint, int hintsUsed) implements HintReply {}

  public record OverrideApplied(String overrideId, String before, String after)
      implements OverrideReply {}

  public record GoalView(StudentState.Goal goal) implements GoalReply {}

  public record ProgressView(
      String studentId,
      List<RatingView> ratings,
      long xp,
      int streakDays,
      List<StudentState.PracticeRecord> recentPractice,
      List<StudentState.OverrideRecord> overrides,
      List<OpenView> openAssignments,
      List<StudentState.Goal> goals,
      List<StudentState.Interaction> flags)
      implements CborSerializable {}

  public record RatingView(String subject, double rating, int difficulty, int attempts, double lastChange)
      implements CborSerializable {}

  public record OpenView(String assignmentId, String subject, String itemId, String source, int attempts)
      implements CborSerializable {}

  // ---- events ---------------------------------------------------------------------------------

  public interface Event extends CborSerializable {
    String studentId();
  }

  public record AssignmentCreated(
      String studentId,
      String assignmentId,
      String subject,
      Question question,
      double itemRating,
      String source,
      String overrideId,
      Instant at)
      implements Event {}

  public record HintTaken(String studentId, String assignmentId, int hintsUsed, Instant at)
      implements Event {}

  public record AnswerSubmitted(
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
      Instant at)
      implements Event {}

  public record RatingOverridden(
      String studentId, String overrideId, String kind, String subject, double before, double after,
      String tutorId, String reason, Instant at)
      implements Event {}

  public record AssignmentQueued(
      String studentId, String overrideId, String subject, Question question, double itemRating,
      String tutorId, String reason, Instant at)
      implements Event {}

  public record GoalCreated(
      String studentId, String goalId, String subject, String title, int target, String createdBy,
      Instant at)
      implements Event {}

  public record GoalUpdated(
      String studentId, String goalId, String title, int target, String status, String by, Instant at)
      implements Event {}

  /** A goal reached its target; nudges suggest related subjects from here. */
  public record GoalCompleted(String studentId, String goalId, String subject, Instant at)
      implements Event {}

  public record GoalProgressOverridden(
      String studentId, String overrideId, String goalId, String subject, int before, int after,
      String tutorId, String reason, Instant at)
      implements Event {}

  /** A question answered with its confidence; the last 10 are the conversation context. */
  public record QuestionAnswered(
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
      implements Event {}

  /** The student sent an answer to their tutor as a message thread. */
  public record InteractionEscalated(
      String studentId, String interactionId, String threadId, Instant at)
      implements Event {}

  // ---- wiring ---------------------------------------------------------------------------------

  public static void init(ActorSystem<?> system, Deps deps) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), deps)));
  }

  public static Behavior<Command> create(String studentId, Deps deps) {
    return Behaviors.setup(ctx -> new StudentEntity(studentId, deps, ctx));
  }

  public static String tagFor(String studentId, int tagCount) {
    return "student-" + Math.floorMod(studentId.hashCode(), tagCount);
  }

  /** Immutable, so one for every entity: back off when the journal fails. */
  private static final BackoffSupervisorStrategy JOURNAL_FAILURE =
      SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1);

  /** A handful of tags; every entity of a tag shares one set instead of holding its own. */
  private static final ConcurrentMap<String, Set<String>> TAG_SETS = new ConcurrentHashMap<>();

  private final String studentId;
  private final Deps deps;
  private final ActorContext<Command> ctx;
  private final Set<String> tags;
  /** Not persisted: a check is in flight; further answers wait (stash) so none is judged twice. */
  private boolean checking;

  private StudentEntity(String studentId, Deps deps, ActorContext<Command> ctx) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), studentId),
        JOURNAL_FAILURE);
    this.studentId = studentId;
    this.deps = deps;
    this.ctx = ctx;
    this.tags = TAG_SETS.computeIfAbsent(tagFor(studentId, deps.tagCount()), Set::of);
  }

  @Override
  public StudentState emptyState() {
    return StudentState.empty();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return tags;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(deps.snapshotEvery(), 3);
  }

  // Both handlers are plain dispatch methods rather than builder tables: an idle entity keeps its
  // handlers for life, and the builders' per-entity tables were most of its heap (docs/benchmarks.md).

  @Override
  public CommandHandlerWithReply<Command, Event, StudentState> commandHandler() {
    return this::onCommand;
  }

  private ReplyEffect<Event, StudentState> onCommand(StudentState s, Command c) {
    if (c instanceof GetProgress x) return onGetProgress(s, x);
    if (c instanceof RequestAssignment x) return onRequestAssignment(s, x);
    if (c instanceof Complete x) return onComplete(s, x);
    if (c instanceof SelectionDone x) return onSelectionDone(s, x);
    if (c instanceof AnswerChecked x) return onAnswerChecked(s, x);
    if (c instanceof TakeHint x) return onTakeHint(s, x);
    if (c instanceof AskQuestion x) return onAskQuestion(s, x);
    if (c instanceof AiDone x) return onAiDone(s, x);
    if (c instanceof AiChildStopped x) return onAiChildStopped(s, x);
    if (c instanceof GetInteraction x) return onGetInteraction(s, x);
    if (c instanceof MarkEscalated x) return onMarkEscalated(s, x);
    if (c instanceof OverrideRating x) return onOverrideRating(s, x);
    if (c instanceof QueueAssignment x) return onQueueAssignment(s, x);
    if (c instanceof CreateGoal x) return onCreateGoal(s, x);
    if (c instanceof UpdateGoal x) return onUpdateGoal(s, x);
    if (c instanceof OverrideGoalProgress x) return onOverrideGoalProgress(s, x);
    if (c instanceof GetGoals x) return Effect().reply(x.replyTo(), new GoalList(s.goalList()));
    throw new IllegalArgumentException("StudentEntity has no handler for " + c.getClass().getName());
  }

  @Override
  public EventHandler<StudentState, Event> eventHandler() {
    return StudentEntity::applyEvent;
  }

  static StudentState applyEvent(StudentState s, Event e) {
    if (e instanceof AssignmentCreated x) {
      return s.withAssignment(
          new Assignment(x.assignmentId(), x.subject(), x.question(), x.itemRating(), x.source(), 0, 0, x.at()),
          x.overrideId());
    }
    if (e instanceof AnswerSubmitted x) return s.withAnswer(x);
    if (e instanceof HintTaken x) return s.withHints(x.assignmentId(), x.hintsUsed());
    if (e instanceof QuestionAnswered x) return s.withAnswered(x);
    if (e instanceof InteractionEscalated x) return s.withEscalated(x);
    if (e instanceof RatingOverridden x) return s.withRatingOverride(x);
    if (e instanceof AssignmentQueued x) return s.withQueued(x);
    if (e instanceof GoalCreated x) return s.withGoalCreated(x);
    if (e instanceof GoalUpdated x) return s.withGoalUpdated(x);
    if (e instanceof GoalCompleted x) return s.withGoalCompleted(x);
    if (e instanceof GoalProgressOverridden x) return s.withGoalProgress(x);
    throw new IllegalArgumentException("StudentEntity has no handler for " + e.getClass().getName());
  }

  // ---- practice -------------------------------------------------------------------------------

  private ReplyEffect<Event, StudentState> onRequestAssignment(
      StudentState state, RequestAssignment cmd) {
    Assignment existing = state.openIn(cmd.subject());
    if (existing != null) {
      // One open assignment per subject: asking again cannot skip a hard question.
      return Effect().reply(cmd.replyTo(), view(state, existing));
    }
    List<StudentState.QueuedItem> queued = state.queued().getOrDefault(cmd.subject(), List.of());
    if (!queued.isEmpty()) {
      StudentState.QueuedItem q = queued.get(0);
      return createAssignment(cmd, q.question(), q.itemRating(), "tutor", q.overrideId());
    }
    PracticeRequest request =
        new PracticeRequest(
            cmd.subject(),
            state.rating(cmd.subject()).rating(),
            state.recentItems().getOrDefault(cmd.subject(), List.of()),
            state.lastTopic().get(cmd.subject()),
            ThreadLocalRandom.current().nextLong());
    ctx.pipeToSelf(
        deps.engine().select(request),
        (selected, err) ->
            new SelectionDone(
                cmd,
                selected == null ? null : selected.orElse(null),
                err != null ? err.toString() : selected.isEmpty() ? "no question available" : null));
    return Effect().noReply();
  }

  private ReplyEffect<Event, StudentState> onSelectionDone(StudentState state, SelectionDone msg) {
    RequestAssignment cmd = msg.request();
    Assignment existing = state.openIn(cmd.subject());
    if (existing != null) return Effect().reply(cmd.replyTo(), view(state, existing));
    if (msg.selected() == null) {
      ctx.getLog().warn("No question for {} in {}: {}", studentId, cmd.subject(), msg.error());
      return Effect()
          .reply(cmd.replyTo(), new Rejected(Reason.UNAVAILABLE, "No question available right now."));
    }
    PracticeGenerator.Selected s = msg.selected();
    return createAssignment(cmd, s.question(), s.itemRating(), s.source(), null);
  }

  private ReplyEffect<Event, StudentState> createAssignment(
      RequestAssignment cmd, Question q, double itemRating, String source, String overrideId) {
    AssignmentCreated event =
        new AssignmentCreated(
            studentId, UUID.randomUUID().toString(), cmd.subject(), q, itemRating, source,
            overrideId, deps.clock().instant());
    return Effect()
        .persist(event)
        .thenRun(s -> changed("practice"))
        .thenReply(cmd.replyTo(), s -> view(s, s.open().get(event.assignmentId())));
  }

  private ReplyEffect<Event, StudentState> onComplete(StudentState state, Complete cmd) {
    Assignment a = state.open().get(cmd.assignmentId());
    if (a == null) return Effect().reply(cmd.replyTo(), unknownOrDone(state, cmd.assignmentId()));
    if (checking) return Effect().stash();
    if (cmd.giveUp()) {
      return submit(state, a, cmd, new AnswerChecker.Check(false, "Given up."));
    }
    checking = true;
    ctx.pipeToSelf(
        deps.engine().check(a.question(), cmd.answer()),
        (check, err) -> new AnswerChecked(cmd, check, err == null ? null : err.toString()));
    return Effect().noReply();
  }

  private ReplyEffect<Event, StudentState> onAnswerChecked(StudentState state, AnswerChecked msg) {
    checking = false;
    Complete cmd = msg.request();
    Assignment a = state.open().get(cmd.assignmentId());
    if (a == null) {
      return Effect()
          .reply(cmd.replyTo(), unknownOrDone(state, cmd.assignmentId()))
          .thenUnstashAll();
    }
    if (msg.check() == null) {
      ctx.getLog().error("Answer check failed for {}: {}", studentId, msg.error());
      return Effect()
          .reply(cmd.replyTo(), new Rejected(Reason.UNAVAILABLE, "The answer could not be checked."))
          .thenUnstashAll();
    }
    return submit(state, a, cmd, msg.check());
  }

  private ReplyEffect<Event, StudentState> submit(
      StudentState state, Assignment a, Complete cmd, AnswerChecker.Check check) {
    Instant now = deps.clock().instant();
    ZoneId zone = zoneOf(cmd.zone());
    StudentState.SubjectRating current = state.rating(a.subject());
    int attempt = a.attempts() + 1;
    int hints = Math.max(a.hintsUsed(), cmd.hintsUsed());
    boolean correct = !cmd.giveUp() && check.correct();
    double score =
        correct
            ? Elo.performanceScore(true, cmd.timeMs(), a.question().expectedTimeMs(), hints, attempt)
            : 0.0;
    double after = Elo.update(current.rating(), a.itemRating(), score, current.attempts());
    boolean completed = correct || cmd.giveUp();
    int xp = correct ? (int) Math.max(1, Math.round(10 * a.question().difficulty() * score)) : 0;
    AnswerSubmitted event =
        new AnswerSubmitted(
            studentId, a.assignmentId(), a.subject(), a.question().id(), a.question().topic(),
            a.source(), truncate(cmd.answer()), correct, cmd.giveUp(), score, current.rating(),
            after, a.itemRating(), attempt, hints, cmd.timeMs(), completed, xp,
            LocalDate.ofInstant(now, zone), now);
    List<Event> events = new ArrayList<>();
    events.add(event);
    if (correct) {
      // A correct answer counts toward the subject's active goals; reaching the target completes one.
      for (StudentState.Goal g : state.goals().values()) {
        if (g.active() && g.subject().equals(a.subject()) && g.progress() + 1 >= g.target()) {
          events.add(new GoalCompleted(studentId, g.goalId(), g.subject(), now));
        }
      }
    }
    String solution = completed && !correct ? a.question().solutionText() : null;
    String feedback =
        cmd.giveUp()
            ? "Here is the worked solution."
            : correct ? check.feedback() : check.feedback() + " You can try again or give up.";
    return Effect()
        .persist(events)
        .thenRun(s -> changed(events.size() > 1 ? "goal" : "practice"))
        .thenReply(
            cmd.replyTo(),
            s ->
                new CompleteResult(
                    correct, score, current.rating(), after, Elo.difficulty(after), xp,
                    s.streakOn(LocalDate.ofInstant(now, zone)), completed, !completed, feedback,
                    solution))
        .thenUnstashAll();
  }

  static final int MAX_ACTIVE_GOALS = 20;

  // ---- Q&A ------------------------------------------------------------------------------------

  /** A question waiting for its AI child; not persisted (a lost reply only costs an ask timeout). */
  private record PendingQa(String interactionId, QaService.Prepared prepared, ActorRef<QaReply> replyTo) {}

  /** Created on the first question: most entities never ask one while awake. */
  private java.util.Map<String, PendingQa> pending;

  private ReplyEffect<Event, StudentState> onAskQuestion(StudentState state, AskQuestion cmd) {
    if (deps.qa() == null) {
      return Effect().reply(cmd.replyTo(), new Rejected(Reason.UNAVAILABLE, "Q&A is not available."));
    }
    String interactionId = UUID.randomUUID().toString();
    List<Turn> history =
        state.interactions().stream().map(i -> new Turn(i.question(), i.answer(), i.subject())).toList();
    QaService.Prepared p = deps.qa().service().prepare(cmd.question(), cmd.subject(), history, List.of());
    if (!p.needsAi()) {
      return answered(interactionId, p, deps.qa().service().declined(p), cmd.replyTo());
    }
    // The AI call runs in its own child: its deadline, retries and fallback never block this actor.
    ActorRef<AiCall.Result> adapter = ctx.messageAdapter(AiCall.Result.class, AiDone::new);
    var child = ctx.spawnAnonymous(AiCall.answer(deps.qa().runtime(), interactionId, p.prompt(), adapter));
    ctx.watchWith(child, new AiChildStopped(interactionId));
    if (pending == null) pending = new java.util.HashMap<>(4);
    pending.put(interactionId, new PendingQa(interactionId, p, cmd.replyTo()));
    return Effect().noReply();
  }

  private ReplyEffect<Event, StudentState> onAiDone(StudentState state, AiDone msg) {
    PendingQa q = pending == null ? null : pending.remove(msg.result().callId());
    if (q == null) return Effect().noReply(); // already answered (stopped-child path)
    return answered(q.interactionId(), q.prepared(), deps.qa().service().finish(q.prepared(), msg.result().answer()), q.replyTo());
  }

  private ReplyEffect<Event, StudentState> onAiChildStopped(StudentState state, AiChildStopped msg) {
    PendingQa q = pending == null ? null : pending.remove(msg.callId());
    if (q == null) return Effect().noReply(); // normal: the child answered, then stopped
    ctx.getLog().warn("AI call {} of {} stopped without answering", msg.callId(), studentId);
    return answered(
        q.interactionId(), q.prepared(),
        deps.qa().service().finish(q.prepared(), ai.elevare.ai.AiAnswer.unavailable()), q.replyTo());
  }

  private ReplyEffect<Event, StudentState> answered(
      String interactionId, QaService.Prepared p, QaResult r, ActorRef<QaReply> replyTo) {
    QuestionAnswered event =
        new QuestionAnswered(
            studentId, interactionId, r.subject(), truncate(p.question()), r.answer(),
            r.confidence().score(), r.confidence().label().wire(), r.escalationSuggested(),
            r.escalationRequired(), r.followUp(), r.provider(), r.fallback(), deps.clock().instant());
    return Effect()
        .persist(event)
        .thenRun(s -> changed("qa"))
        .thenReply(replyTo, s -> new Answered(interactionId, r));
  }

  private ReplyEffect<Event, StudentState> onGetInteraction(StudentState state, GetInteraction cmd) {
    StudentState.Interaction i = state.interaction(cmd.interactionId());
    if (i == null) {
      return Effect().reply(cmd.replyTo(), new Rejected(Reason.NOT_FOUND, "No recent answer with this id."));
    }
    return Effect().reply(cmd.replyTo(), new InteractionView(i));
  }

  private ReplyEffect<Event, StudentState> onMarkEscalated(StudentState state, MarkEscalated cmd) {
    StudentState.Interaction i = state.interaction(cmd.interactionId());
    if (i == null) {
      return Effect().reply(cmd.replyTo(), new Rejected(Reason.NOT_FOUND, "No recent answer with this id."));
    }
    if (cmd.threadId().equals(i.threadId())) return Effect().reply(cmd.replyTo(), new InteractionView(i));
    return Effect()
        .persist(new InteractionEscalated(studentId, cmd.interactionId(), cmd.threadId(), deps.clock().instant()))
        .thenRun(s -> changed("qa"))
        .thenReply(cmd.replyTo(), s -> new InteractionView(s.interaction(cmd.interactionId())));
  }

  private void changed(String kind) {
    deps.changes().accept(new StudentChanged(studentId, kind, deps.clock().instant()));
  }

  private ReplyEffect<Event, StudentState> onTakeHint(StudentState state, TakeHint cmd) {
    Assignment a = state.open().get(cmd.assignmentId());
    if (a == null) return Effect().reply(cmd.replyTo(), unknownOrDone(state, cmd.assignmentId()));
    List<String> hints = new ArrayList<>(a.question().hints());
    // After the written hints, the worked steps one at a time, but never the last (the answer).
    List<String> steps = a.question().solutionSteps();
    for (int i = 0; i < steps.size() - 1; i++) hints.add("Step " + (i + 1) + ": " + steps.get(i));
    if (hints.isEmpty()) hints.add("Re-read the question and write down what is given and what is asked.");
    if (a.hintsUsed() >= hints.size()) {
      return Effect()
          .reply(cmd.replyTo(), new HintResult(hints.get(hints.size() - 1), a.hintsUsed()));
    }
    int used = a.hintsUsed() + 1;
    return Effect()
        .persist(new HintTaken(studentId, a.assignmentId(), used, deps.clock().instant()))
        .thenRun(s -> changed("practice"))
        .thenReply(cmd.replyTo(), s -> new HintResult(hints.get(used - 1), used));
  }

  // ---- views and overrides --------------------------------------------------------------------

  private ReplyEffect<Event, StudentState> onGetProgress(StudentState state, GetProgress cmd) {
    return Effect().reply(cmd.replyTo(), progress(state, zoneOf(cmd.zone())));
  }

  private ProgressView progress(StudentState state, ZoneId zone) {
    List<RatingView> ratings =
        state.ratings().entrySet().stream()
            .sorted(java.util.Map.Entry.comparingByKey())
            .map(
                e ->
                    new RatingView(
                        e.getKey(), e.getValue().rating(), Elo.difficulty(e.getValue().rating()),
                        e.getValue().attempts(), e.getValue().lastChange()))
            .toList();
    List<OpenView> open =
        state.open().values().stream()
            .map(
                a ->
                    new OpenView(
                        a.assignmentId(), a.subject(), a.question().id(), a.source(), a.attempts()))
            .toList();
    return new ProgressView(
        studentId, ratings, state.xp(),
        state.streakOn(LocalDate.ofInstant(deps.clock().instant(), zone)), state.recent(),
        state.overrides(), open, state.goalList(), state.flags());
  }

  private ReplyEffect<Event, StudentState> onOverrideRating(StudentState state, OverrideRating cmd) {
    double before = state.rating(cmd.subject()).rating();
    double after =
        cmd.kind().equals("difficulty")
            ? Elo.ratingForDifficulty((int) cmd.value())
            : Elo.clamp(cmd.value());
    RatingOverridden event =
        new RatingOverridden(
            studentId, cmd.overrideId(), cmd.kind(), cmd.subject(), before, after, cmd.tutorId(), cmd.reason(),
            deps.clock().instant());
    return Effect()
        .persist(event)
        .thenRun(s -> changed("override"))
        .thenReply(
            cmd.replyTo(),
            s ->
                new OverrideApplied(
                    cmd.overrideId(), String.valueOf(Math.round(before)),
                    String.valueOf(Math.round(after))));
  }

  private ReplyEffect<Event, StudentState> onQueueAssignment(
      StudentState state, QueueAssignment cmd) {
    AssignmentQueued event =
        new AssignmentQueued(
            studentId, cmd.overrideId(), cmd.subject(), cmd.question(), cmd.itemRating(),
            cmd.tutorId(), cmd.reason(), deps.clock().instant());
    return Effect()
        .persist(event)
        .thenRun(s -> changed("override"))
        .thenReply(
            cmd.replyTo(), s -> new OverrideApplied(cmd.overrideId(), null, cmd.question().id()));
  }

  // ---- goals ----------------------------------------------------------------------------------

  private ReplyEffect<Event, StudentState> onCreateGoal(StudentState state, CreateGoal cmd) {
    if (state.goals().containsKey(cmd.goalId())) {
      return Effect().reply(cmd.replyTo(), new GoalView(state.goals().get(cmd.goalId())));
    }
    if (state.goals().values().stream().filter(StudentState.Goal::active).count() >= MAX_ACTIVE_GOALS) {
      return Effect()
          .reply(cmd.replyTo(), new Rejected(Reason.CONFLICT, "At most " + MAX_ACTIVE_GOALS + " active goals."));
    }
    GoalCreated event =
        new GoalCreated(
            studentId, cmd.goalId(), cmd.subject(), cmd.title(), cmd.target(), cmd.createdBy(),
            deps.clock().instant());
    return Effect()
        .persist(event)
        .thenRun(s -> changed("goal"))
        .thenReply(cmd.replyTo(), s -> new GoalView(s.goals().get(cmd.goalId())));
  }

  private ReplyEffect<Event, StudentState> onUpdateGoal(StudentState state, UpdateGoal cmd) {
    StudentState.Goal g = state.goals().get(cmd.goalId());
    if (g == null) return Effect().reply(cmd.replyTo(), new Rejected(Reason.NOT_FOUND, "No such goal."));
    if (g.status().equals("completed") && cmd.status() != null && cmd.status().equals("active")) {
      return Effect()
          .reply(cmd.replyTo(), new Rejected(Reason.CONFLICT, "A completed goal cannot be reopened."));
    }
    Instant now = deps.clock().instant();
    String title = cmd.title() != null ? cmd.title() : g.title();
    int target = cmd.target() != null ? cmd.target() : g.target();
    String status = cmd.status() != null ? cmd.status() : g.status();
    List<Event> events = new ArrayList<>();
    events.add(new GoalUpdated(studentId, g.goalId(), title, target, status, cmd.by(), now));
    if (status.equals("active") && g.progress() >= target) {
      events.add(new GoalCompleted(studentId, g.goalId(), g.subject(), now));
    }
    return Effect()
        .persist(events)
        .thenRun(s -> changed("goal"))
        .thenReply(cmd.replyTo(), s -> new GoalView(s.goals().get(cmd.goalId())));
  }

  private ReplyEffect<Event, StudentState> onOverrideGoalProgress(
      StudentState state, OverrideGoalProgress cmd) {
    StudentState.Goal g = state.goals().get(cmd.goalId());
    if (g == null) return Effect().reply(cmd.replyTo(), new Rejected(Reason.NOT_FOUND, "No such goal."));
    Instant now = deps.clock().instant();
    List<Event> events = new ArrayList<>();
    events.add(
        new GoalProgressOverridden(
            studentId, cmd.overrideId(), g.goalId(), g.subject(), g.progress(), cmd.value(),
            cmd.tutorId(), cmd.reason(), now));
    if (g.active() && cmd.value() >= g.target()) {
      events.add(new GoalCompleted(studentId, g.goalId(), g.subject(), now));
    }
    return Effect()
        .persist(events)
        .thenRun(s -> changed("override"))
        .thenReply(
            cmd.replyTo(),
            s ->
                new OverrideApplied(
                    cmd.overrideId(), String.valueOf(g.progress()), String.valueOf(cmd.value())));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private AssignmentView view(StudentState state, Assignment a) {
    double rating = state.rating(a.subject()).rating();
    return new AssignmentView(
        a.assignmentId(), a.subject(), a.question(), a.question().difficulty(), rating, a.source());
  }

  private static Rejected unknownOrDone(StudentState state, String assignmentId) {
    Optional<StudentState.PracticeRecord> done =
        state.recent().stream()
            .filter(r -> r.assignmentId().equals(assignmentId) && (r.correct() || r.givenUp()))
            .findFirst();
    return done.isPresent()
        ? new Rejected(Reason.CONFLICT, "This assignment is already completed.")
        : new Rejected(Reason.NOT_FOUND, "No open assignment with this id.");
  }

  private static ZoneId zoneOf(String zone) {
    try {
      return zone == null ? ZoneId.of("UTC") : ZoneId.of(zone);
    } catch (RuntimeException e) {
      return ZoneId.of("UTC");
    }
  }

  private static String truncate(String answer) {
    if (answer == null) return "";
    return answer.length() <= 500 ? answer : answer.substring(0, 500);
  }
}
