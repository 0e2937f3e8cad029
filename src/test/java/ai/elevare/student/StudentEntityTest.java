package ai.elevare.student;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.practice.AnswerChecker;
import ai.elevare.practice.BankGenerator;
import ai.elevare.practice.BankItem;
import ai.elevare.practice.ItemCatalog;
import ai.elevare.practice.PracticeEngine;
import ai.elevare.practice.PracticeGeneratorFactory;
import ai.elevare.practice.PracticeGenerator;
import ai.elevare.practice.Question;
import ai.elevare.practice.math.Cas;
import ai.elevare.practice.math.MathAnswerChecker;
import ai.elevare.student.StudentCommand.*;
import ai.elevare.student.StudentEntity.*;
import ai.elevare.student.StudentEvent.*;
import ai.elevare.student.StudentReply.*;
import ai.elevare.rating.Elo;
import ai.elevare.rating.RatingModel.ItemSlopes;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The student actor on the in-memory journal: the testkit checks that every command, event and
 * state survives a Jackson-CBOR round trip, and restart() replays the journal.
 */
class StudentEntityTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(ConfigFactory.parseResources("serialization.conf"))
              .withFallback(ConfigFactory.defaultReference())
              .resolve());
  static final Cas cas = Cas.create(1);

  static final List<BankItem> ITEMS = new ArrayList<>();

  static {
    for (int d = 1; d <= 10; d++) {
      ITEMS.add(new BankItem(UUID.randomUUID().toString(), "chemistry", d % 2 == 0 ? "acids" : "bonds",
          "Symbol of element " + d + "?", "text", List.of(), List.of("answer" + d), "hint " + d,
          "Explained " + d + ". More.", 20000, d));
    }
  }

  private EventSourcedBehaviorTestKit<StudentCommand, StudentEvent, StudentState> kit;
  private ItemCatalog catalog;
  private final List<StudentChanged> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-28T10:00:00Z"));

  /** A clock the test moves, to put answers on chosen days. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
  private final String id = UUID.randomUUID().toString();
  private final MemoryPorts ports = new MemoryPorts();

  /** The relational side in memory: numbered threads, the goal index as a map. */
  static final class MemoryPorts implements StudentPorts {
    final java.util.Map<String, String> goalIndex = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile boolean tutorLinked = true;

    @Override
    public java.util.concurrent.CompletionStage<String> openEscalation(String studentId, QaModule.Interaction i) {
      threads.add((tutorLinked ? "escalation " : "escalation to the admins ") + i.interactionId());
      return java.util.concurrent.CompletableFuture.completedFuture("thread-" + threads.size());
    }

    @Override
    public java.util.concurrent.CompletionStage<String> openOverrideThread(
        String studentId, String actorId, String subject, String kind, String reason) {
      threads.add(kind + ": " + reason);
      return java.util.concurrent.CompletableFuture.completedFuture("thread-" + threads.size());
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> indexGoal(String goalId, String studentId, Instant at) {
      goalIndex.put(goalId, studentId);
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
  }

  @BeforeEach
  void setUp() {
    catalog = ItemCatalog.of(ITEMS);
    PracticeEngine engine = new PracticeEngine(
        new PracticeGeneratorFactory(new BankGenerator(catalog, null), null),
        new AnswerChecker(new MathAnswerChecker(cas)),
        Executors.newSingleThreadExecutor(),
        catalog::slopes);
    Deps deps = new Deps(engine, clock, 100, 4, changes::add, null, ports, null);
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), StudentEntity.create(id, deps));
  }

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
    cas.close();
  }

  /** An entity whose question selection waits in {@code gate} until the test runs it. */
  private org.apache.pekko.actor.typed.ActorRef<StudentCommand> spawnGated(
      java.util.concurrent.ConcurrentLinkedQueue<Runnable> gate) {
    // the bank has no physics: a physics selection reaches this source, which may block, so it runs on the pool
    PracticeGenerator generated = new PracticeGenerator() {
      @Override
      public String source() {
        return "ai";
      }

      @Override
      public java.util.Optional<Selected> next(ai.elevare.practice.PracticeRequest r) {
        Question q = new Question("generated-1", r.subject(), "forces", "What is F = m a for m = 2, a = 3?", "number",
            "text", List.of(), List.of("6"), List.of(), "", List.of(), 20_000, 3);
        return java.util.Optional.of(new Selected(q, 1000, source()));
      }
    };
    PracticeEngine engine = new PracticeEngine(
        new PracticeGeneratorFactory(new BankGenerator(catalog, null), null, generated),
        new AnswerChecker(new MathAnswerChecker(cas)), gate::add, catalog::slopes);
    Deps deps = new Deps(engine, clock, 100, 4, changes::add, null, ports, null);
    return testKit.spawn(StudentEntity.create(UUID.randomUUID().toString(), deps));
  }

  @Test
  void shardingsStopWaitsForTheReplyOfASelectionInFlight() {
    var gate = new java.util.concurrent.ConcurrentLinkedQueue<Runnable>();
    var entity = spawnGated(gate);
    TestProbe<AssignReply> assigned = testKit.createTestProbe();
    TestProbe<ProgressView> progress = testKit.createTestProbe();
    TestProbe<Object> watcher = testKit.createTestProbe();
    entity.tell(new RequestAssignment("physics", assigned.ref()));
    entity.tell(Stop.INSTANCE);
    entity.tell(new GetProgress(null, progress.ref()));
    assertTrue(progress.receiveMessage().openAssignments().isEmpty(), "still running after the stop: a reply is owed");
    assertEquals(1, gate.size(), "the selection waits");
    gate.poll().run();
    assertInstanceOf(AssignmentView.class, assigned.receiveMessage(), "the owed reply arrives");
    watcher.expectTerminated(entity);
  }

  @Test
  void shardingsStopEndsAnIdleEntityAtOnce() {
    var entity = spawnGated(new java.util.concurrent.ConcurrentLinkedQueue<>());
    TestProbe<ProgressView> progress = testKit.createTestProbe();
    entity.tell(new GetProgress(null, progress.ref()));
    progress.receiveMessage();
    entity.tell(Stop.INSTANCE);
    testKit.createTestProbe().expectTerminated(entity);
  }

  /** Selection runs in a future, so assignment goes through a probe rather than runCommand. */
  private AssignmentView assign(String subject) {
    TestProbe<AssignReply> probe = testKit.createTestProbe();
    kit.runCommand(new RequestAssignment(subject, probe.ref()));
    return (AssignmentView) probe.receiveMessage();
  }

  private CompleteReply complete(String assignmentId, String answer, boolean giveUp) {
    return complete(assignmentId, answer, giveUp, "UTC");
  }

  private CompleteReply complete(String assignmentId, String answer, boolean giveUp, String zone) {
    TestProbe<CompleteReply> probe = testKit.createTestProbe();
    kit.runCommand(new Complete(assignmentId, answer, 10_000, 0, giveUp, zone, null, probe.ref()));
    return probe.receiveMessage();
  }

  private String answerOf(AssignmentView v) {
    return v.question().answers().get(0);
  }

  @Test
  void newStudentGetsAnItemNearTheirRating() {
    AssignmentView v = assign("chemistry");
    assertEquals("bank", v.source());
    // 1000 - 191 ≈ 809: the band of difficulty 3 (720..880).
    assertTrue(v.difficulty() >= 2 && v.difficulty() <= 4, "difficulty " + v.difficulty());
    assertEquals(Elo.INITIAL_RATING, v.studentRating());
    assertEquals(v.assignmentId(), assign("chemistry").assignmentId(), "one open assignment per subject");
  }

  @Test
  void correctAnswerRaisesRatingAndCompletes() {
    AssignmentView v = assign("chemistry");
    CompleteResult r = (CompleteResult) complete(v.assignmentId(), answerOf(v).toUpperCase() + " ", false);
    assertTrue(r.correct());
    assertTrue(r.completed());
    assertTrue(r.ratingAfter() > r.ratingBefore());
    assertEquals(1, r.streakDays());
    StudentState s = kit.getState();
    assertTrue(s.practice().open().isEmpty());
    assertEquals(1, s.practice().rating("chemistry").attempts());
    assertEquals(r.xpAwarded(), s.practice().xp());
  }

  @Test
  void answersAreJudgedWithTheCatalogsItemSlopes() {
    AssignmentView v = assign("chemistry");
    complete(v.assignmentId(), "nope", false); // the topic now has answers for the slopes to multiply
    ItemSlopes slopes = new ItemSlopes(1.5, -1.0);
    catalog.ratingChanged(v.question().id(), catalog.rating(v.question().id()), slopes);
    PracticeModule.State before = kit.getState().practice();
    PracticeModule.Assignment a = before.open().get(v.assignmentId());
    CompleteResult r = (CompleteResult) complete(v.assignmentId(), answerOf(v), false);
    assertTrue(r.correct());
    double with = PracticeRatings.judge(
        before.rating("chemistry"), a.question().topic(), a.itemRating(), slopes, r.score()).ratingAfter();
    double without = PracticeRatings.judge(
        before.rating("chemistry"), a.question().topic(), a.itemRating(), ItemSlopes.NONE, r.score()).ratingAfter();
    assertNotEquals(without, with, 1e-6);
    assertEquals(with, r.ratingAfter(), 1e-9);
  }

  @Test
  void wrongAnswerAllowsRetryWithLessCredit() {
    AssignmentView v = assign("chemistry");
    CompleteResult wrong = (CompleteResult) complete(v.assignmentId(), "nope", false);
    assertFalse(wrong.correct());
    assertTrue(wrong.retryAllowed());
    assertTrue(wrong.ratingAfter() < wrong.ratingBefore());
    CompleteResult retry = (CompleteResult) complete(v.assignmentId(), answerOf(v), false);
    assertTrue(retry.correct());
    assertTrue(retry.score() < 1.0 * 0.7 + 0.3, "retry credit is reduced");
    assertEquals(2, kit.getState().practice().rating("chemistry").attempts());
    Rejected again = (Rejected) complete(v.assignmentId(), answerOf(v), false);
    assertEquals(Reason.CONFLICT, again.reason());
  }

  @Test
  void giveUpShowsSolutionAndUnknownIdsAreRefused() {
    AssignmentView v = assign("chemistry");
    CompleteResult r = (CompleteResult) complete(v.assignmentId(), "", true);
    assertFalse(r.correct());
    assertTrue(r.completed());
    assertTrue(r.solution().contains(answerOf(v)));
    Rejected unknown = (Rejected) complete(UUID.randomUUID().toString(), "x", false);
    assertEquals(Reason.NOT_FOUND, unknown.reason());
  }

  @Test
  void hintsAreCountedAndCapped() {
    AssignmentView v = assign("chemistry");
    int total = v.question().hints().size();
    for (int i = 1; i <= total + 1; i++) {
      var result = kit.<HintReply>runCommand(r -> new TakeHint(v.assignmentId(), r));
      assertEquals(Math.min(i, total), ((HintResult) result.reply()).hintsUsed());
    }
  }

  @Test
  void overridesApplyAndTutorItemsComeFirst() {
    var o = kit.<OverrideReply>runCommand(r -> new OverrideRating("o1", "rating", "chemistry", 1600, "t1", "why", false, r));
    assertInstanceOf(RatingOverridden.class, o.event());
    assertEquals(1600.0, o.state().practice().rating("chemistry").rating());
    var d = kit.<OverrideReply>runCommand(r -> new OverrideRating("o2", "difficulty", "chemistry", 2, "t1", "easier", false, r));
    assertEquals(Elo.ratingForDifficulty(2), d.state().practice().rating("chemistry").rating());

    BankItem item = ITEMS.get(9);
    kit.<OverrideReply>runCommand(r -> new QueueAssignment("o3", "chemistry", item.toQuestion(), 1900, "t1", "try this", false, r));
    AssignmentView v = assign("chemistry");
    assertEquals(item.id(), v.question().id());
    assertEquals("tutor", v.source());
    assertTrue(kit.getState().practice().queued().isEmpty());
    assertEquals(3, kit.getState().overrides().records().size());
  }

  private ProgressView progress() {
    return kit.<ProgressView>runCommand(r -> new GetProgress("UTC", r)).reply();
  }

  @Test
  void aWrongAnswerComesBackAsAReviewAfterItsIntervalAndNotBefore() {
    AssignmentView a = assign("chemistry");
    complete(a.assignmentId(), "nope", false);
    assertTrue(((CompleteResult) complete(a.assignmentId(), answerOf(a), false)).correct());
    PracticeModule.Review r = kit.getState().practice().review(a.question().id());
    assertNotNull(r, "right only after a wrong attempt: scheduled for review");
    assertTrue(r.dueAt().isAfter(clock.instant().plusSeconds(3600)), "not before its interval: " + r.dueAt());

    // a minute before it is due: a fresh item, and the progress shows when the review is due
    clock.set(r.dueAt().minusSeconds(60));
    ReviewView waiting = progress().reviews().get(0);
    assertEquals(a.question().id(), waiting.itemId());
    assertEquals(r.dueAt(), waiting.dueAt());
    assertFalse(waiting.due());
    AssignmentView b = assign("chemistry");
    assertEquals("bank", b.source());
    assertNotEquals(a.question().id(), b.question().id());
    complete(b.assignmentId(), answerOf(b), false);

    clock.set(r.dueAt());
    assertTrue(progress().reviews().get(0).due());
    AssignmentView again = assign("chemistry");
    assertEquals("review", again.source());
    assertEquals(a.question().id(), again.question().id());
    // a good answer moves the review further out than the first interval
    assertTrue(((CompleteResult) complete(again.assignmentId(), answerOf(again), false)).correct());
    PracticeModule.Review moved = kit.getState().practice().review(a.question().id());
    assertTrue(Duration.between(moved.lastAt(), moved.dueAt()).compareTo(Duration.between(r.lastAt(), r.dueAt())) > 0);
    StudentState before = kit.getState();
    kit.restart();
    assertEquals(before, kit.getState(), "the queue replays from the journal");
  }

  @Test
  void stateSurvivesRestart() {
    AssignmentView v = assign("chemistry");
    complete(v.assignmentId(), "nope", false);
    complete(v.assignmentId(), answerOf(v), false);
    AssignmentView open = assign("chemistry");
    StudentState before = kit.getState();
    kit.restart();
    assertEquals(before, kit.getState());
    assertEquals(open.assignmentId(), assign("chemistry").assignmentId());
  }

  @Test
  void goalsProgressWithCorrectAnswersAndComplete() {
    GoalView created = createGoal("g1", "chemistry", 2);
    assertEquals("g1", created.goal().goalId());
    assertEquals(id, ports.goalIndex.get("g1"), "the reply waits for the goal index");
    createGoal("g2", "physics", 1);
    for (int i = 0; i < 2; i++) {
      AssignmentView v = assign("chemistry");
      assertTrue(((CompleteResult) complete(v.assignmentId(), answerOf(v), false)).correct());
    }
    GoalsModule.Goal g1 = kit.getState().goals().get("g1");
    assertEquals(2, g1.progress());
    assertEquals("completed", g1.status());
    assertNotNull(g1.completedAt());
    assertEquals(0, kit.getState().goals().get("g2").progress());
    assertTrue(changes.stream().anyMatch(c -> c.kind().equals("goal")), "completion is published");

    var over = kit.<OverrideReply>runCommand(r -> new OverrideGoalProgress("o9", "g2", 1, "t1", "did it in class", false, r));
    assertEquals(2, over.events().size(), "the override completes the goal");
    assertInstanceOf(GoalCompleted.class, over.events().get(1));
    var reopen = kit.<GoalReply>runCommand(r -> new UpdateGoal("g2", null, null, "active", id, r));
    assertEquals(Reason.CONFLICT, ((Rejected) reopen.reply()).reason());
    var missing = kit.<GoalReply>runCommand(r -> new UpdateGoal("nope", "x", null, null, id, r));
    assertEquals(Reason.NOT_FOUND, ((Rejected) missing.reply()).reason());
    kit.restart();
    assertEquals("completed", kit.getState().goals().get("g2").status());
  }

  private GoalView createGoal(String goalId, String subject, int target) {
    TestProbe<GoalReply> probe = testKit.createTestProbe();
    kit.runCommand(new CreateGoal(goalId, subject, "Goal " + goalId, target, id, probe.ref()));
    return (GoalView) probe.receiveMessage();
  }

  @Test
  void answersRecordTheStreakAndTheGoalsTheyAdvanced() {
    createGoal("g1", "chemistry", 5);
    AssignmentView v = assign("chemistry");
    complete(v.assignmentId(), answerOf(v), false);
    AnswerSubmitted e =
        kit.getState().practice().recent().isEmpty() ? null : lastAnswer();
    assertNotNull(e);
    assertEquals(1, e.streakDays());
    assertEquals(List.of(new GoalProgress("g1", 1)), e.goalProgress());
    assertEquals(1, kit.getState().goals().get("g1").progress());
  }

  private AnswerSubmitted lastAnswer() {
    var events = kit.persistenceTestKit().persistedInStorage(StudentEntity.ENTITY_KEY.name() + "|" + id);
    AnswerSubmitted last = null;
    for (Object o : events) if (o instanceof AnswerSubmitted a) last = a;
    return last;
  }

  @Test
  void difficultyOutsideTheLevelsIsRefusedAndChangesNothing() {
    var r = kit.<OverrideReply>runCommand(x -> new OverrideRating("o1", "difficulty", "chemistry", 4294967297.0, "t1", "why", false, x));
    assertEquals(Reason.CONFLICT, ((Rejected) r.reply()).reason());
    assertTrue(r.events().isEmpty());
    assertEquals(Elo.INITIAL_RATING, kit.getState().practice().rating("chemistry").rating());
  }

  @Test
  void anOverrideCanOpenAThreadBeforeItReplies() {
    TestProbe<OverrideReply> probe = testKit.createTestProbe();
    kit.runCommand(new OverrideRating("o1", "rating", "chemistry", 1500, "t1", "placement", true, probe.ref()));
    OverrideApplied a = (OverrideApplied) probe.receiveMessage();
    assertEquals("thread-1", a.threadId());
    assertEquals(List.of("rating: placement"), ports.threads);
    assertEquals(1500.0, kit.getState().practice().rating("chemistry").rating());
  }

  @Test
  void escalationOpensOneThreadPerExchange() {
    String low = UUID.randomUUID().toString();
    String lonely = UUID.randomUUID().toString();
    kit.persistenceTestKit()
        .persistForRecovery(
            StudentEntity.ENTITY_KEY.name() + "|" + id,
            List.of(asked(low), asked(lonely)));
    kit.restart();
    assertEquals(new Escalated("thread-1"), escalate(low));
    assertEquals(new Escalated("thread-1"), escalate(low), "the same exchange keeps its thread");
    assertEquals(1, ports.threads.size());
    assertEquals("thread-1", kit.getState().qa().find(low).threadId());
    ports.tutorLinked = false;
    assertEquals(new Escalated("thread-2"), escalate(lonely), "with no tutor the admins get it");
    assertEquals("escalation to the admins " + lonely, ports.threads.get(1));
    assertEquals("thread-2", kit.getState().qa().find(lonely).threadId());
    assertEquals(Reason.NOT_FOUND, ((Rejected) escalate(UUID.randomUUID().toString())).reason());
  }

  private QuestionAnswered asked(String interactionId) {
    return new QuestionAnswered(
        id, interactionId, "physics", "Why is the sky blue?", "Scattering.", 0.3, "low", true, true,
        false, "local", false, clock.instant());
  }

  private EscalateReply escalate(String interactionId) {
    TestProbe<EscalateReply> probe = testKit.createTestProbe();
    kit.runCommand(new Escalate(interactionId, probe.ref()));
    return probe.receiveMessage();
  }

  @Test
  void everyStoredChangeIsPublished() {
    AssignmentView v = assign("chemistry");
    complete(v.assignmentId(), answerOf(v), false);
    kit.<OverrideReply>runCommand(r -> new OverrideRating("o1", "rating", "chemistry", 1500, "t1", "why", false, r));
    assertEquals(List.of("practice", "practice", "override"), changes.stream().map(StudentChanged::kind).toList());
    assertTrue(changes.stream().allMatch(c -> c.studentId().equals(id)));
  }

  @Test
  void streaksCountDaysInTheStudentsTimeZone() {
    // 14:00 and 16:00 UTC are one day in UTC but two in Tokyo (23:00, then 01:00 the next day).
    clock.set(Instant.parse("2026-11-28T14:00:00Z"));
    AssignmentView v1 = assign("chemistry");
    assertEquals(1, ((CompleteResult) complete(v1.assignmentId(), answerOf(v1), false, "Asia/Tokyo")).streakDays());
    clock.set(Instant.parse("2026-11-28T16:00:00Z"));
    AssignmentView v2 = assign("chemistry");
    assertEquals(2, ((CompleteResult) complete(v2.assignmentId(), answerOf(v2), false, "Asia/Tokyo")).streakDays());
    // Two idle days later the streak has lapsed, and practice starts it again at 1.
    clock.set(Instant.parse("2026-12-01T16:00:00Z"));
    AssignmentView v3 = assign("chemistry");
    assertEquals(1, ((CompleteResult) complete(v3.assignmentId(), answerOf(v3), false, "Asia/Tokyo")).streakDays());
  }
}
