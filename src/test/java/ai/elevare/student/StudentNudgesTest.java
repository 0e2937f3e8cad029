package ai.elevare.student;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.ai.AiBreakers;
import ai.elevare.ai.AiRuntime;
import ai.elevare.ai.AiSettings;
import ai.elevare.ai.FakeOpenAiServer;
import ai.elevare.ai.FakeOpenAiServer.Reply;
import ai.elevare.ai.KnowledgeIndex;
import ai.elevare.ai.LocalProvider;
import ai.elevare.ai.OpenAiProvider;
import ai.elevare.ai.RetryPolicy;
import ai.elevare.nudge.NudgeDecision;
import ai.elevare.nudge.NudgeKind;
import ai.elevare.nudge.NudgeRules;
import ai.elevare.nudge.NudgeSettings;
import ai.elevare.nudge.SubjectRelations;
import ai.elevare.practice.AnswerChecker;
import ai.elevare.practice.BankGenerator;
import ai.elevare.practice.ItemCatalog;
import ai.elevare.practice.PracticeEngine;
import ai.elevare.practice.PracticeGeneratorFactory;
import ai.elevare.practice.math.MathAnswerChecker;
import ai.elevare.student.StudentCommand.*;
import ai.elevare.student.StudentEntity.Deps;
import ai.elevare.student.StudentEvent.NudgeScheduled;
import ai.elevare.student.StudentEvent.NudgeSent;
import ai.elevare.student.StudentEvent.TimeZoneChanged;
import ai.elevare.student.StudentReply.*;
import ai.elevare.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nudges in the student actor on the in-memory journal, with a clock the test moves (days pass
 * without sleeping): the rules fire, the cap and the one-per-spell rule hold over any number of
 * wake-ups and over a restart, quiet hours delay, and a down AI gives the template. Wake-ups are
 * EvaluateNudges as the scanner sends them; what the actor decided is read from the journal.
 */
class StudentNudgesTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  private static final SubjectRelations RELATED =
      new SubjectRelations(Map.of("chemistry", List.of("physics", "biology")));
  private static FakeOpenAiServer server;
  private static ExecutorService executor;
  private static OpenAiProvider openai;
  private static LocalProvider local;

  private final StudentEntityTest.MovableClock clock = new StudentEntityTest.MovableClock(T0);
  private final String id = UUID.randomUUID().toString();
  private NudgeRules rules;
  private EventSourcedBehaviorTestKit<StudentCommand, StudentEvent, StudentState> kit;

  @BeforeAll
  static void start() {
    server = FakeOpenAiServer.start();
    executor = Executors.newCachedThreadPool();
    AiSettings s = AiSettings.defaults().withProvider("openai", server.baseUrl(), "test-key");
    openai = new OpenAiProvider(s, executor);
    local = new LocalProvider(q -> Optional.empty(), KnowledgeIndex.empty(), executor);
    // the client's first call loads its classes (OkHttp, Kotlin): pay that outside the deadlines
    server.byDefault(Reply.content("warm-up"));
    openai.complete(ai.elevare.ai.AiTask.NUDGE, "s", "u", Duration.ofSeconds(30)).toCompletableFuture().join();
  }

  @AfterAll
  static void stop() {
    openai.close();
    server.close();
    executor.shutdownNow();
  }

  @BeforeEach
  void setUp() {
    server.reset();
    start(NudgeSettings.defaults());
  }

  /** The entity with these rule settings and the fake OpenAI server as the AI. */
  private void start(NudgeSettings settings) {
    rules = new NudgeRules(settings, RELATED);
    AiSettings ai =
        AiSettings.defaults()
            .withDeadline(Duration.ofSeconds(2))
            .withRetry(new RetryPolicy(1, Duration.ofMillis(20), Duration.ofMillis(50), 0.2));
    var system = StudentEntityTest.testKit.system();
    AiRuntime runtime = AiRuntime.of(ai, openai, local, AiBreakers.create(system, ai.breaker()));
    PracticeEngine engine =
        new PracticeEngine(
            new PracticeGeneratorFactory(new BankGenerator(ItemCatalog.of(StudentEntityTest.ITEMS), null), null),
            new AnswerChecker(new MathAnswerChecker(StudentEntityTest.cas)),
            executor);
    Deps deps =
        new Deps(engine, clock, 100, 4, c -> {}, null, new StudentEntityTest.MemoryPorts(),
            new StudentEntity.Nudges(rules, runtime));
    kit = EventSourcedBehaviorTestKit.create(system, StudentEntity.create(id, deps));
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  private void practise(String subject, String zone) {
    TestProbe<AssignReply> assigned = StudentEntityTest.testKit.createTestProbe();
    kit.runCommand(new RequestAssignment(subject, assigned.ref()));
    AssignmentView v = (AssignmentView) assigned.receiveMessage();
    TestProbe<CompleteReply> done = StudentEntityTest.testKit.createTestProbe();
    kit.runCommand(new Complete(v.assignmentId(), v.question().answers().get(0), 10_000, 0, false, zone, null, done.ref()));
    assertTrue(((CompleteResult) done.receiveMessage()).correct());
  }

  private List<StudentEvent> journal() {
    return kit.persistenceTestKit().persistedInStorage(StudentEntity.ENTITY_KEY.name() + "|" + id).stream()
        .map(StudentEvent.class::cast)
        .toList();
  }

  private List<NudgeSent> sent() {
    return journal().stream().filter(NudgeSent.class::isInstance).map(NudgeSent.class::cast).toList();
  }

  /** Wakes the actor as the scanner would, {@code times} times, and waits until each was handled. */
  private void wake(int times) {
    for (int i = 0; i < times; i++) kit.runCommand(new EvaluateNudges());
  }

  private NudgeSent awaitNudge(int n) throws Exception {
    assertTrue(Eventually.await(Duration.ofSeconds(15), () -> sent().size() >= n), "nudge " + n + " in " + journal());
    return sent().get(n - 1);
  }

  /**
   * Nothing is on its way: the state the wake-ups left is one in which the rules send nothing, so
   * none of them started a writer (each wake-up decides from this same state).
   */
  private void assertNothingDue() {
    NudgeDecision d = NudgesModule.evaluate(kit.getState(), id, rules, clock.instant()).decision();
    assertFalse(d instanceof NudgeDecision.Send, "the rules would send " + d);
  }

  private void createGoal(String goalId, String subject, int target) {
    TestProbe<GoalReply> probe = StudentEntityTest.testKit.createTestProbe();
    kit.runCommand(new CreateGoal(goalId, subject, "Ten in " + subject, target, id, probe.ref()));
    assertInstanceOf(GoalView.class, probe.receiveMessage());
  }

  // ---- tests -----------------------------------------------------------------------------------------

  @Test
  void sevenDaysWithoutPracticeGiveExactlyOneNudge() throws Exception {
    server.byDefault(Reply.content("Chemistry misses you: ten minutes of practice today keeps it fresh."));
    practise("chemistry", "UTC");
    // the first activity stores when the index should wake the student; later answers store nothing
    List<NudgeScheduled> scheduled =
        journal().stream().filter(NudgeScheduled.class::isInstance).map(NudgeScheduled.class::cast).toList();
    assertEquals(1, scheduled.size(), journal().toString());
    Instant due = scheduled.get(0).dueAt();
    assertEquals(T0.plus(Duration.ofDays(7)), due);
    practise("chemistry", "UTC");
    assertEquals(1, journal().stream().filter(NudgeScheduled.class::isInstance).count(), "no event per answer");

    clock.set(due.minusSeconds(60));
    wake(3);
    assertTrue(sent().isEmpty(), "not due yet");

    clock.set(due.plus(Duration.ofMinutes(5)));
    wake(1);
    NudgeSent n = awaitNudge(1);
    assertEquals(NudgeKind.INACTIVITY, n.kind());
    assertEquals("/app/practice?subject=chemistry", n.link());
    assertEquals("Chemistry misses you: ten minutes of practice today keeps it fresh.", n.message());
    assertEquals("openai", n.provider());
    assertFalse(n.fallback());
    assertNull(n.nextDueAt(), "one per spell of inactivity: nothing pending");

    // rescans, days later: still one
    wake(5);
    clock.set(due.plus(Duration.ofDays(3)));
    wake(5);
    assertNothingDue();
    assertEquals(1, sent().size());
  }

  @Test
  void anInactivityNudgePointsAtTheLastSessionsNextStep() throws Exception {
    server.byDefault(Reply.serverError());
    practise("chemistry", "UTC");
    kit.<SummaryRecorded>runCommand(
        r -> new RecordSessionSummary("sum-1", "session-1", "chemistry", List.of("acids"),
            List.of("Revise acids and bases."), "We worked on acids.", T0, r));
    clock.set(T0.plus(Duration.ofDays(9)));
    wake(1);
    NudgeSent n = awaitNudge(1);
    assertEquals(NudgeKind.INACTIVITY, n.kind());
    assertEquals(
        "It's been 9 days since your last practice. Your tutor's next step for you: Revise acids and bases."
            + " Ten minutes today is a great start!",
        n.message());
  }

  @Test
  void theCapHoldsOverRescansAndARestart() throws Exception {
    createGoal("g1", "chemistry", 2);
    practise("chemistry", "UTC");
    Instant t1 = T0.plus(Duration.ofDays(7)).plus(Duration.ofHours(1));
    clock.set(t1);
    wake(1);
    NudgeSent first = awaitNudge(1);
    assertEquals(NudgeKind.INACTIVITY, first.kind());
    assertEquals("g1", kit.getState().goals().list().get(0).goalId());

    // an hour later the student comes back and reaches the goal: the goal nudge waits for the cap
    clock.set(t1.plus(Duration.ofHours(1)));
    practise("chemistry", "UTC");
    assertEquals("completed", kit.getState().goals().get("g1").status());
    Instant capEnd = first.at().plus(Duration.ofDays(1));
    assertTrue(
        Eventually.await(Duration.ofSeconds(5), () -> capEnd.equals(kit.getState().nudges().dueAt())),
        "the index is told when the cap ends: " + kit.getState().nudges());
    clock.set(t1.plus(Duration.ofHours(2)));
    wake(5);
    assertNothingDue();
    assertEquals(1, sent().size());

    // a restart (passivation, a new node) changes nothing: the history is in the journal
    StudentState before = kit.getState();
    kit.restart();
    assertEquals(before, kit.getState());
    wake(3);
    assertNothingDue();
    assertEquals(1, sent().size());

    clock.set(capEnd.plusSeconds(60));
    wake(2);
    NudgeSent goal = awaitNudge(2);
    assertEquals(NudgeKind.GOAL_COMPLETED, goal.kind());
    assertEquals("g1", goal.key());
    assertEquals("/app/practice?subject=physics", goal.link(), "the related subject never tried");
    assertFalse(Duration.between(first.at(), goal.at()).minus(Duration.ofDays(1)).isNegative());
    wake(3);
    assertNothingDue();
    assertEquals(2, sent().size());
  }

  @Test
  void quietHoursInTheStudentsZoneDelayTheNudge() throws Exception {
    // 13:00 UTC is 22:00 in Tokyo, inside the default quiet hours 21:00-08:00
    Instant practisedAt = Instant.parse("2026-11-28T13:00:00Z");
    clock.set(practisedAt);
    practise("chemistry", "Asia/Tokyo");
    assertEquals("Asia/Tokyo", kit.getState().nudges().zone());
    Instant due = practisedAt.plus(Duration.ofDays(7));
    clock.set(due.plus(Duration.ofMinutes(30)));
    wake(3);
    assertTrue(sent().isEmpty(), "22:30 in Tokyo");
    Instant morning = Instant.parse("2026-12-05T23:00:00Z"); // 08:00 in Tokyo
    assertEquals(morning, kit.getState().nudges().dueAt(), "delayed, not dropped");
    clock.set(morning.plusSeconds(60));
    wake(1);
    assertEquals(NudgeKind.INACTIVITY, awaitNudge(1).kind());
  }

  @Test
  void theZoneIsStoredWhenItChanges() {
    var first = kit.<ProgressView>runCommand(r -> new GetProgress("Europe/Berlin", r));
    assertEquals(List.of(new TimeZoneChanged(id, "Europe/Berlin", T0)), first.events());
    assertTrue(kit.<ProgressView>runCommand(r -> new GetProgress("Europe/Berlin", r)).events().isEmpty());
    assertTrue(kit.<ProgressView>runCommand(r -> new GetProgress("Not/AZone", r)).events().isEmpty());
    assertEquals("Europe/Berlin", kit.getState().nudges().zone());
  }

  @Test
  void aReachedGoalSuggestsARelatedSubjectAndADownAiGivesTheTemplate() throws Exception {
    server.byDefault(Reply.serverError());
    createGoal("g1", "chemistry", 1);
    practise("chemistry", "UTC");
    NudgeSent n = awaitNudge(1);
    assertEquals(NudgeKind.GOAL_COMPLETED, n.kind());
    assertEquals("/app/practice?subject=physics", n.link());
    assertTrue(n.fallback());
    assertEquals("template", n.provider());
    assertEquals(
        "Congratulations on reaching your goal \"Ten in chemistry\"! Physics builds on what you practised in"
            + " Chemistry: why not try a few questions?",
        n.message());
    assertFalse(server.requests().isEmpty(), "the AI was asked first");
  }

  @Test
  void strongInOneSubjectSuggestsARelatedOneNeverTried() throws Exception {
    // placed low first: ten correct answers from the default rating can reach the bar on their own
    kit.<OverrideReply>runCommand(r -> new OverrideRating("o0", "rating", "chemistry", 600, "t1", "placement", false, r));
    for (int i = 0; i < NudgeRules.STRONG_ATTEMPTS; i++) practise("chemistry", "UTC");
    wake(1);
    assertTrue(kit.getState().practice().rating("chemistry").rating() < NudgeRules.STRONG_RATING);
    assertTrue(sent().isEmpty(), "ten answers, but not strong yet");
    kit.<OverrideReply>runCommand(r -> new OverrideRating("o1", "rating", "chemistry", 1500, "t1", "placement", false, r));
    NudgeSent n = awaitNudge(1);
    assertEquals(NudgeKind.CROSS_SUBJECT, n.kind());
    assertEquals("physics", n.key());
    assertEquals("/app/practice?subject=physics", n.link());
  }

  @Test
  void withoutQuietHoursAndAShortInactivityTheActorsOwnTimerSends() throws Exception {
    // the due time is within the timer horizon: no wake-up from outside is needed
    start(NudgeSettings.defaults().withQuietHours(null).withInactivityAfter(Duration.ofMillis(300)));
    practise("chemistry", "UTC");
    clock.set(T0.plusSeconds(1)); // the timer fires in real time; the clock says it is due
    assertEquals(NudgeKind.INACTIVITY, awaitNudge(1).kind());
  }
}
