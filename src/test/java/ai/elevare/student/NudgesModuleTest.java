package ai.elevare.student;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.nudge.NudgeDecision;
import ai.elevare.nudge.NudgeKind;
import ai.elevare.nudge.NudgeRules;
import ai.elevare.nudge.NudgeSettings;
import ai.elevare.nudge.NudgeTarget;
import ai.elevare.nudge.NudgeWriter;
import ai.elevare.nudge.SubjectRelations;
import ai.elevare.student.StudentEvent.HintTaken;
import ai.elevare.student.StudentEvent.NudgeScheduled;
import ai.elevare.student.StudentEvent.NudgeSent;
import ai.elevare.student.StudentEvent.QuestionAnswered;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The nudges module without an actor system: the due time it stores, activity, the re-check. */
class NudgesModuleTest {
  private static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");
  private static final NudgeRules RULES =
      new NudgeRules(NudgeSettings.defaults().withQuietHours(null), new SubjectRelations(Map.of()));

  @Test
  void theStoredDueTimeMayBeEarlyButNeverLate() {
    Instant past = NOW.minusSeconds(60);
    Instant soon = NOW.plusSeconds(60);
    Instant later = NOW.plusSeconds(3600);
    // earlier than stored, or none stored: store it
    assertTrue(NudgesModule.mustRecord(null, soon, NOW));
    assertTrue(NudgesModule.mustRecord(later, soon, NOW));
    // later than a stored time still ahead: the wake-up at the stored time moves it (no event per answer)
    assertFalse(NudgesModule.mustRecord(soon, later, NOW));
    assertFalse(NudgesModule.mustRecord(soon, soon, NOW));
    // the stored time has passed: move it on, or clear it
    assertTrue(NudgesModule.mustRecord(past, later, NOW));
    assertTrue(NudgesModule.mustRecord(past, null, NOW));
    assertFalse(NudgesModule.mustRecord(soon, null, NOW));
    assertFalse(NudgesModule.mustRecord(null, null, NOW));
    // due now: the index must say so until the nudge is stored
    assertTrue(NudgesModule.mustRecord(null, NOW, NOW));
    assertTrue(NudgesModule.mustRecord(later, NOW, NOW));
    assertFalse(NudgesModule.mustRecord(past, NOW, NOW));
  }

  @Test
  void practiceAndQuestionsAreActivityAndTimeNeverRunsBack() {
    NudgesModule.State s = NudgesModule.State.EMPTY;
    s = NudgesModule.evolve(s, new HintTaken("s1", "a1", 1, NOW));
    assertEquals(NOW, s.lastActivityAt());
    s = NudgesModule.evolve(s, question(NOW.minusSeconds(5)));
    assertEquals(NOW, s.lastActivityAt(), "an older event keeps the newer activity");
    s = NudgesModule.evolve(s, question(NOW.plusSeconds(5)));
    assertEquals(NOW.plusSeconds(5), s.lastActivityAt());
    s = NudgesModule.evolve(s, new NudgeScheduled("s1", NOW.plusSeconds(99), NOW));
    assertEquals(NOW.plusSeconds(99), s.dueAt());
    s = NudgesModule.evolve(s, sentEvent("n1", NOW.plusSeconds(10), null));
    assertNull(s.dueAt(), "a nudge carries the next due time");
    assertEquals(NOW.plusSeconds(10), s.history().lastSentAt(NudgeKind.INACTIVITY).orElseThrow());
  }

  @Test
  void aStateFromASnapshotWithoutTheSliceStillKnowsTheLastActivity() {
    StudentState old = StudentState.empty().evolve(question(NOW));
    // as if loaded from a snapshot written before the nudges slice: the other slices have the answer
    StudentState loaded = new StudentState(old.practice(), old.goals(), old.qa(), old.overrides(), old.summaries(), null);
    assertNull(loaded.nudges().lastActivityAt());
    assertEquals(NOW, NudgesModule.facts(loaded).lastActivityAt());
  }

  @Test
  void aWrittenNudgeIsDroppedWhenTheStudentCameBackMeanwhile() {
    StudentState idle = StudentState.empty().evolve(question(NOW.minus(Duration.ofDays(8))));
    NudgeDecision.Send send =
        assertInstanceOf(NudgeDecision.Send.class, NudgesModule.evaluate(idle, "s1", RULES, NOW).decision());
    NudgeWriter.Written text = new NudgeWriter.Written("n1", "Ten minutes today keeps it fresh.", true, "template");

    NudgeSent stored = NudgesModule.sent(idle, "s1", RULES, "n1", send, text, NOW);
    assertNotNull(stored);
    assertEquals("/app", stored.link());
    assertNull(stored.nextDueAt(), "one per spell: nothing pending after it");

    StudentState back = idle.evolve(question(NOW.minusSeconds(1)));
    assertNull(NudgesModule.sent(back, "s1", RULES, "n1", send, text, NOW));
  }

  @Test
  void onlyAValidNewZoneIsStored() {
    NudgesModule.State s = NudgesModule.State.EMPTY;
    assertEquals("Asia/Tokyo", NudgesModule.zoneSeen(s, "s1", "Asia/Tokyo", NOW).orElseThrow().zone());
    assertTrue(NudgesModule.zoneSeen(s, "s1", "Mars/Olympus", NOW).isEmpty());
    assertTrue(NudgesModule.zoneSeen(s, "s1", null, NOW).isEmpty());
    s = NudgesModule.evolve(s, NudgesModule.zoneSeen(s, "s1", "Asia/Tokyo", NOW).orElseThrow());
    assertTrue(NudgesModule.zoneSeen(s, "s1", "Asia/Tokyo", NOW).isEmpty());
    assertEquals("Asia/Tokyo", s.zoneId().getId());
  }

  private static QuestionAnswered question(Instant at) {
    return new QuestionAnswered(
        "s1", "i-" + at, "physics", "Why?", "Because.", 0.8, "high", false, false, false, "local", false, at);
  }

  private static NudgeSent sentEvent(String nudgeId, Instant at, Instant next) {
    return new NudgeSent(
        "s1", nudgeId, NudgeKind.INACTIVITY, "", new NudgeTarget(null, null, null, null, null).link(),
        "Come back!", true, "template", at, next);
  }
}
