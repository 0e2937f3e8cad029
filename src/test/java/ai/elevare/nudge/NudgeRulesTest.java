package ai.elevare.nudge;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.nudge.NudgeDecision.Idle;
import ai.elevare.nudge.NudgeDecision.Send;
import ai.elevare.nudge.NudgeDecision.Wait;
import ai.elevare.nudge.NudgeFacts.GoalFact;
import ai.elevare.nudge.NudgeFacts.SubjectFact;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules with fixed times: no clock, no sleeping; "days later" is just a later Instant. */
class NudgeRulesTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final SubjectRelations RELATIONS =
      new SubjectRelations(
          Map.of(
              "math", List.of("physics", "chemistry"),
              "physics", List.of("math", "chemistry"),
              "chemistry", List.of("biology", "physics", "math"),
              "biology", List.of("chemistry", "english"),
              "english", List.of("biology")));
  // noon UTC: outside the default quiet hours in UTC
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  private final NudgeRules rules = new NudgeRules(NudgeSettings.defaults(), RELATIONS);
  private final NudgeRules noQuiet = new NudgeRules(NudgeSettings.defaults().withQuietHours(null), RELATIONS);

  private static NudgeFacts facts(Instant lastActivity, NudgeHistory h) {
    return new NudgeFacts(
        UTC, lastActivity, h, Map.of("math", new SubjectFact(1050, 6)), List.of(), List.of());
  }

  private static NudgeHistory sent(NudgeKind kind, String key, Instant at) {
    return NudgeHistory.empty().plus(new NudgeHistory.Sent(UUID.randomUUID().toString(), kind, key, at));
  }

  @Test
  void noActivityNoNudge() {
    assertEquals(new Idle(), rules.decide(facts(null, null), T0));
  }

  @Test
  void inactivityIsDueSevenDaysAfterTheLastActivity() {
    NudgeFacts f = facts(T0, null);
    assertEquals(new Wait(T0.plus(Duration.ofDays(7))), rules.decide(f, T0.plusSeconds(60)));
    assertEquals(new Wait(T0.plus(Duration.ofDays(7))), rules.decide(f, T0.plus(Duration.ofDays(7)).minusMillis(1)));
    NudgeDecision d = rules.decide(f, T0.plus(Duration.ofDays(7)));
    Send s = assertInstanceOf(Send.class, d);
    assertEquals(NudgeKind.INACTIVITY, s.kind());
    assertEquals("math", s.target().subject()); // the most practised subject
    assertEquals("/app/practice?subject=math", s.target().link());
  }

  @Test
  void exactlyOneInactivityNudgePerSpell() {
    Instant due = T0.plus(Duration.ofDays(7));
    NudgeFacts after = facts(T0, sent(NudgeKind.INACTIVITY, "", due));
    // days and weeks later, still nothing: one per spell of inactivity
    assertEquals(new Idle(), rules.decide(after, due.plus(Duration.ofDays(1))));
    assertEquals(new Idle(), rules.decide(after, due.plus(Duration.ofDays(30))));
    // new activity starts a new spell
    Instant back = due.plus(Duration.ofDays(2));
    NudgeFacts active = facts(back, after.history());
    assertEquals(new Wait(back.plus(Duration.ofDays(7))), rules.decide(active, back));
  }

  @Test
  void capHoldsAcrossKinds() {
    // an inactivity nudge went out 2 hours ago; a goal completed since then waits for the gap
    Instant sentAt = T0;
    GoalFact g = new GoalFact("g1", "math", "20 right", 20, 20, "completed", T0.plusSeconds(3600));
    NudgeFacts f =
        new NudgeFacts(
            UTC, T0.plusSeconds(3600), sent(NudgeKind.INACTIVITY, "", sentAt), Map.of(), List.of(g), List.of());
    assertEquals(new Wait(sentAt.plus(Duration.ofDays(1))), noQuiet.decide(f, T0.plusSeconds(7200)));
    Send s = assertInstanceOf(Send.class, noQuiet.decide(f, sentAt.plus(Duration.ofDays(1))));
    assertEquals(NudgeKind.GOAL_COMPLETED, s.kind());
  }

  @Test
  void quietHoursDelayInTheStudentsZoneNeverDrop() {
    // last activity at 23:00 Berlin time; seven days later it is 23:00 again: quiet
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    Instant last = Instant.parse("2026-06-01T21:00:00Z"); // 23:00 CEST
    NudgeFacts f =
        new NudgeFacts(berlin, last, null, Map.of("math", new SubjectFact(1000, 3)), List.of(), List.of());
    Instant due = last.plus(Duration.ofDays(7));
    Instant morning = Instant.parse("2026-06-09T06:00:00Z"); // 08:00 CEST
    assertEquals(new Wait(morning), rules.decide(f, due));
    assertEquals(new Wait(morning), rules.decide(f, due.plus(Duration.ofHours(8)).minusSeconds(1)));
    assertInstanceOf(Send.class, rules.decide(f, morning));
    // the same facts in UTC: 21:00Z is quiet too (21:00 local) -> 08:00Z
    NudgeFacts utc = new NudgeFacts(UTC, last, null, Map.of(), List.of(), List.of());
    assertEquals(new Wait(Instant.parse("2026-06-09T08:00:00Z")), rules.decide(utc, due));
    // and with quiet hours off it goes at once
    assertInstanceOf(Send.class, noQuiet.decide(f, due));
  }

  @Test
  void goalCompletedSuggestsTheLeastTriedRelatedSubject() {
    Instant done = T0.minusSeconds(60);
    GoalFact g = new GoalFact("g1", "chemistry", "Master moles", 10, 10, "completed", done);
    NudgeFacts f =
        new NudgeFacts(
            UTC,
            done,
            null,
            Map.of(
                "chemistry", new SubjectFact(1100, 30),
                "biology", new SubjectFact(1000, 4),
                "physics", new SubjectFact(1000, 0)),
            List.of(g),
            List.of());
    Send s = assertInstanceOf(Send.class, rules.decide(f, T0));
    assertEquals(NudgeKind.GOAL_COMPLETED, s.kind());
    assertEquals("g1", s.key());
    assertEquals("physics", s.target().subject()); // never tried beats biology's 4 answers
    assertEquals("chemistry", s.target().fromSubject());
    assertEquals("Master moles", s.target().goalTitle());
    // once celebrated, it is not celebrated again
    NudgeFacts after =
        new NudgeFacts(UTC, done, sent(NudgeKind.GOAL_COMPLETED, "g1", T0), f.subjects(), List.of(g), List.of());
    NudgeDecision next = rules.decide(after, T0.plus(Duration.ofDays(2)));
    assertFalse(next instanceof Send s2 && s2.kind() == NudgeKind.GOAL_COMPLETED);
  }

  @Test
  void oldGoalCompletionsAreNotNews() {
    GoalFact g = new GoalFact("g1", "math", "t", 5, 5, "completed", T0.minus(Duration.ofDays(8)));
    NudgeFacts f = new NudgeFacts(UTC, T0, null, Map.of(), List.of(g), List.of());
    assertEquals(new Wait(T0.plus(Duration.ofDays(7))), rules.decide(f, T0));
  }

  @Test
  void crossSubjectWhenStrongInOneAndARelatedOneNeverTried() {
    NudgeFacts f =
        new NudgeFacts(
            UTC,
            T0,
            null,
            Map.of("math", new SubjectFact(1350, 40), "physics", new SubjectFact(1010, 3)),
            List.of(),
            List.of());
    Send s = assertInstanceOf(Send.class, rules.decide(f, T0.plusSeconds(5)));
    assertEquals(NudgeKind.CROSS_SUBJECT, s.kind());
    assertEquals("chemistry", s.target().subject()); // physics was tried
    assertEquals("math", s.target().fromSubject());
    // suggested once only; then the next candidate is inactivity
    NudgeFacts after =
        new NudgeFacts(UTC, T0, sent(NudgeKind.CROSS_SUBJECT, "chemistry", T0), f.subjects(), List.of(), List.of());
    assertEquals(new Wait(T0.plus(Duration.ofDays(7))), rules.decide(after, T0.plusSeconds(10)));
  }

  @Test
  void weakOrThinRatingsSuggestNothing() {
    NudgeFacts weak =
        new NudgeFacts(UTC, T0, null, Map.of("math", new SubjectFact(1150, 80)), List.of(), List.of());
    NudgeFacts thin =
        new NudgeFacts(UTC, T0, null, Map.of("math", new SubjectFact(1500, 9)), List.of(), List.of());
    assertInstanceOf(Wait.class, rules.decide(weak, T0));
    assertInstanceOf(Wait.class, rules.decide(thin, T0));
  }

  @Test
  void goalBeatsInactivityWhenBothAreDue() {
    Instant last = T0.minus(Duration.ofDays(10));
    GoalFact g = new GoalFact("g1", "math", "t", 5, 5, "completed", T0.minus(Duration.ofDays(1)));
    NudgeFacts f =
        new NudgeFacts(UTC, last, null, Map.of("math", new SubjectFact(1500, 50)), List.of(g), List.of());
    assertEquals(NudgeKind.GOAL_COMPLETED, assertInstanceOf(Send.class, rules.decide(f, T0)).kind());
  }

  @Test
  void inactivityPointsAtTheNextStepThenTheClosestGoal() {
    GoalFact near = new GoalFact("g-near", "physics", "Forces", 10, 8, "active", null);
    GoalFact far = new GoalFact("g-far", "math", "Fractions", 10, 2, "active", null);
    Instant due = T0.plus(Duration.ofDays(7));
    NudgeFacts withStep =
        new NudgeFacts(UTC, T0, null, Map.of(), List.of(far, near), List.of("Revise Newton's second law"));
    Send s = assertInstanceOf(Send.class, rules.decide(withStep, due));
    assertEquals("Revise Newton's second law", s.target().nextStep());
    assertEquals("physics", s.target().subject());
    NudgeFacts noStep = new NudgeFacts(UTC, T0, null, Map.of(), List.of(far, near), List.of());
    Send s2 = assertInstanceOf(Send.class, rules.decide(noStep, due));
    assertEquals("g-near", s2.target().goalId());
    assertEquals("Forces", s2.target().goalTitle());
    NudgeFacts nothing = new NudgeFacts(UTC, T0, null, Map.of(), List.of(), List.of());
    assertEquals("/app", assertInstanceOf(Send.class, rules.decide(nothing, due)).target().link());
  }

  @Test
  void dueTimeForTheIndex() {
    assertEquals(T0, new Send(NudgeKind.INACTIVITY, new NudgeTarget(null, null, null, null, null), "").dueAt(T0));
    assertEquals(T0.plusSeconds(5), new Wait(T0.plusSeconds(5)).dueAt(T0));
    assertNull(new Idle().dueAt(T0));
  }

  @Test
  void settingsFromConfig() {
    NudgeSettings s =
        NudgeSettings.fromConfig(
            com.typesafe.config.ConfigFactory.parseString(
                "inactivity-after = 20s, min-gap = 1d, quiet-hours = off, scan-interval = 2s"));
    assertEquals(Duration.ofSeconds(20), s.inactivityAfter());
    assertTrue(s.quietHours().isEmpty());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            NudgeSettings.fromConfig(
                com.typesafe.config.ConfigFactory.parseString(
                    "inactivity-after = 0s, min-gap = 1d, quiet-hours = off, scan-interval = 2s")));
  }

  @Test
  void historyStaysSmall() {
    NudgeHistory h = NudgeHistory.empty();
    Instant t = T0;
    for (int i = 0; i < 200; i++) {
      t = t.plus(Duration.ofDays(1));
      NudgeKind k = i % 2 == 0 ? NudgeKind.INACTIVITY : NudgeKind.GOAL_COMPLETED;
      h = h.plus(new NudgeHistory.Sent("n" + i, k, k == NudgeKind.GOAL_COMPLETED ? "g" + i : "", t));
    }
    h = h.plus(new NudgeHistory.Sent("x", NudgeKind.CROSS_SUBJECT, "physics", t.plusSeconds(1)));
    assertTrue(h.sent().size() <= 12, "history kept " + h.sent().size());
    assertEquals(t.plusSeconds(1), h.lastSentAt().orElseThrow());
    assertTrue(h.sentFor(NudgeKind.CROSS_SUBJECT, "physics"));
    assertEquals(t.minus(Duration.ofDays(1)), h.lastSentAt(NudgeKind.INACTIVITY).orElseThrow());
  }
}
