package ai.elevare.nudge;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import ai.elevare.nudge.NudgeDeliveries.NewNudge;
import ai.elevare.nudge.NudgeDeliveries.Nudge;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The nudges table on H2 (the embedded default); the ITs run the same on PostgreSQL. */
class NudgeDeliveriesTest {
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  private Jdbc jdbc;
  private TestClock clock;
  private NudgeDeliveries deliveries;
  private String student;
  private String other;

  @BeforeEach
  void fresh() {
    jdbc = new Jdbc(NudgeTestDb.h2());
    clock = new TestClock(T0);
    deliveries = new NudgeDeliveries(jdbc, clock, true);
    student = NudgeTestDb.student(jdbc, "ada@example.com", "Ada Lovelace");
    other = NudgeTestDb.student(jdbc, "bob@example.com", "Bob");
  }

  private NewNudge nudge(String studentId, Instant at) {
    return new NewNudge(
        UUID.randomUUID().toString(), studentId, NudgeKind.INACTIVITY, "Come back!", "/app/practice?subject=math", false, at);
  }

  @Test
  void recordIsIdempotentAndMakesAnUnguessableToken() {
    NewNudge n = nudge(student, T0);
    assertTrue(deliveries.record(n));
    assertFalse(deliveries.record(n), "a redelivered NudgeSent adds nothing");
    Nudge stored = deliveries.byId(n.id()).orElseThrow();
    assertEquals("inactivity", stored.kind());
    assertEquals(NudgeDeliveries.PENDING, stored.emailStatus());
    assertEquals(T0, stored.emailNextAttemptAt());
    assertTrue(NudgeDeliveries.wellFormedToken(stored.token()));
    assertEquals(22, stored.token().length()); // 128 bits, base64url
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 200; i++) tokens.add(NudgeDeliveries.newToken());
    assertEquals(200, tokens.size());
  }

  @Test
  void aDecidedAndWrittenNudgeBecomesARow() {
    NudgeDecision.Send send =
        new NudgeDecision.Send(NudgeKind.CROSS_SUBJECT, new NudgeTarget("physics", "math", null, null, null), "physics");
    NudgeWriter.Written text = new NudgeWriter.Written("c1", "Try physics!", true, "template");
    NewNudge n = NewNudge.of("n-1", student, send, text, T0);
    assertEquals(
        new NewNudge("n-1", student, NudgeKind.CROSS_SUBJECT, "Try physics!", "/app/practice?subject=physics", true, T0), n);
    assertTrue(deliveries.record(n));
  }

  @Test
  void onlyOwnPagesAreLinks() {
    for (String bad :
        List.of("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "app", "")) {
      NewNudge n = new NewNudge(UUID.randomUUID().toString(), student, NudgeKind.INACTIVITY, "m", bad, false, T0);
      assertThrows(IllegalArgumentException.class, () -> deliveries.record(n), bad);
    }
    assertTrue(NudgeLinks.isOwnPage("/app/practice?subject=math"));
    assertTrue(NudgeLinks.isOwnPage("/app"));
  }

  @Test
  void emailOffWithoutSmtpAndOptedOutStudents() {
    NudgeDeliveries off = new NudgeDeliveries(jdbc, clock, false);
    NewNudge n = nudge(student, T0);
    off.record(n);
    assertEquals(NudgeDeliveries.OFF, off.byId(n.id()).orElseThrow().emailStatus());
    assertTrue(off.claimDue(Duration.ofMinutes(1), 10).isEmpty());

    deliveries.setEmailOptOut(other, true, other);
    NewNudge m = nudge(other, T0);
    deliveries.record(m);
    assertEquals(NudgeDeliveries.OPTED_OUT, deliveries.byId(m.id()).orElseThrow().emailStatus());
    deliveries.setEmailOptOut(other, false, other);
    assertFalse(deliveries.emailOptedOut(other));
  }

  @Test
  void newestFirstAndOnlyTheStudentsOwn() {
    NewNudge first = nudge(student, T0);
    NewNudge second = nudge(student, T0.plusSeconds(60));
    deliveries.record(first);
    deliveries.record(second);
    deliveries.record(nudge(other, T0));
    List<Nudge> mine = deliveries.forStudent(student, 50);
    assertEquals(List.of(second.id(), first.id()), mine.stream().map(Nudge::id).toList());
  }

  @Test
  void openedOnlyByThatStudentAndOnlyTheFirstTime() {
    NewNudge n = nudge(student, T0);
    deliveries.record(n);
    assertFalse(deliveries.markOpened(other, n.id()));
    assertNull(deliveries.byId(n.id()).orElseThrow().openedAt());
    clock.advance(Duration.ofMinutes(5));
    assertTrue(deliveries.markOpened(student, n.id()));
    clock.advance(Duration.ofMinutes(5));
    assertTrue(deliveries.markOpened(student, n.id()));
    assertEquals(T0.plus(Duration.ofMinutes(5)), deliveries.byId(n.id()).orElseThrow().openedAt());
    assertFalse(deliveries.markOpened(student, UUID.randomUUID().toString()));
  }

  @Test
  void clickRecordsTheFirstClickAndItsChannel() {
    NewNudge n = nudge(student, T0);
    deliveries.record(n);
    String token = deliveries.byId(n.id()).orElseThrow().token();
    clock.advance(Duration.ofHours(1));
    assertEquals("/app/practice?subject=math", deliveries.click(token, "email").orElseThrow());
    assertNull(deliveries.byId(n.id()).orElseThrow().openedAt(), "a click in the e-mail is no open in the app");
    clock.advance(Duration.ofHours(1));
    deliveries.click(token, "app");
    Nudge after = deliveries.byId(n.id()).orElseThrow();
    assertEquals(T0.plus(Duration.ofHours(1)), after.clickedAt());
    assertEquals("email", after.clickedVia());
    NewNudge m = nudge(student, T0);
    deliveries.record(m);
    deliveries.click(deliveries.byId(m.id()).orElseThrow().token(), "app");
    assertEquals(clock.instant(), deliveries.byId(m.id()).orElseThrow().openedAt(), "a click in the app shows it");
    assertTrue(deliveries.click("A".repeat(22), "app").isEmpty());
    assertTrue(deliveries.click("' OR 1=1 --", "app").isEmpty());
  }

  @Test
  void unsubscribeStopsPendingMailForThatStudentOnly() {
    NewNudge a = nudge(student, T0);
    NewNudge b = nudge(student, T0.plusSeconds(1));
    NewNudge c = nudge(other, T0);
    deliveries.record(a);
    deliveries.record(b);
    deliveries.record(c);
    String token = deliveries.byId(a.id()).orElseThrow().token();
    assertTrue(deliveries.unsubscribe(token));
    assertTrue(deliveries.unsubscribe(token), "idempotent");
    assertTrue(deliveries.emailOptedOut(student));
    assertNotNull(deliveries.byId(a.id()).orElseThrow().unsubscribedAt());
    assertEquals(NudgeDeliveries.OPTED_OUT, deliveries.byId(b.id()).orElseThrow().emailStatus());
    assertEquals(NudgeDeliveries.PENDING, deliveries.byId(c.id()).orElseThrow().emailStatus());
    assertFalse(deliveries.unsubscribe("B".repeat(22)));
  }

  @Test
  void claimsAreLeasedSoNoTwoRunsSendTheSameMail() {
    NewNudge n = nudge(student, T0);
    deliveries.record(n);
    assertEquals(1, deliveries.claimDue(Duration.ofMinutes(2), 10).size());
    assertTrue(deliveries.claimDue(Duration.ofMinutes(2), 10).isEmpty(), "held by the first claim");
    clock.advance(Duration.ofMinutes(2));
    assertEquals(1, deliveries.claimDue(Duration.ofMinutes(2), 10).size(), "a dead claimer's lease ends");
  }
}
