package ai.elevare.nudge;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import ai.elevare.nudge.NudgeDeliveries.NewNudge;
import ai.elevare.nudge.NudgeDeliveries.Nudge;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import ai.elevare.testing.NodeProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nudge e-mails through a real SMTP server in the test JVM (GreenMail), with authentication: the
 * message's parts, links and RFC 8058 headers, and the outbox's retries while the server is down.
 */
class NudgeEmailTest {
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  private static final String PUBLIC = "https://learn.example.org";
  private int port;
  private GreenMail smtp;
  private TestClock clock;
  private NudgeDeliveries deliveries;
  private NudgeOutbox outbox;
  private String student;

  @BeforeEach
  void setUp() throws Exception {
    port = NodeProcess.freePort();
    Jdbc jdbc = new Jdbc(NudgeTestDb.h2());
    clock = new TestClock(T0);
    deliveries = new NudgeDeliveries(jdbc, clock, true);
    MailSettings mail = new MailSettings("127.0.0.1", port, "mailer", "secret", "ElevareAI <nudges@elevare.test>", PUBLIC);
    outbox = new NudgeOutbox(deliveries, new NudgeMailer(mail), clock);
    student = NudgeTestDb.student(jdbc, "ada@example.com", "Ada Lovelace");
  }

  @AfterEach
  void tearDown() {
    if (smtp != null) smtp.stop();
  }

  private void startSmtp() {
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
        .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "secret"));
    smtp.start();
  }

  private Nudge stored(String message) {
    NewNudge n =
        new NewNudge(
            UUID.randomUUID().toString(), student, NudgeKind.GOAL_COMPLETED, message,
            "/app/practice?subject=physics", false, T0);
    deliveries.record(n);
    return deliveries.byId(n.id()).orElseThrow();
  }

  @Test
  void multipartMessageWithTrackedLinkAndOneClickUnsubscribe() throws Exception {
    startSmtp();
    Nudge n = stored("Great work on <Fractions> & more! Physics is next.");
    assertEquals(1, outbox.runOnce());

    MimeMessage[] got = smtp.getReceivedMessages();
    assertEquals(1, got.length);
    MimeMessage m = got[0];
    assertEquals("ada@example.com", m.getAllRecipients()[0].toString().replaceAll(".*<|>.*", ""));
    assertEquals("You reached your goal: what's next?", m.getSubject());
    assertTrue(m.getFrom()[0].toString().contains("nudges@elevare.test"));
    String unsubscribe = PUBLIC + "/unsubscribe/" + n.token();
    assertEquals("<" + unsubscribe + ">", m.getHeader("List-Unsubscribe", null));
    assertEquals("List-Unsubscribe=One-Click", m.getHeader("List-Unsubscribe-Post", null));

    assertTrue(m.getContentType().startsWith("multipart/alternative"), m.getContentType());
    MimeMultipart parts = (MimeMultipart) m.getContent();
    assertEquals(2, parts.getCount());
    BodyPart text = parts.getBodyPart(0);
    BodyPart html = parts.getBodyPart(1);
    assertTrue(text.isMimeType("text/plain"));
    assertTrue(html.isMimeType("text/html"));
    String link = PUBLIC + "/n/" + n.token() + "?via=email";
    String plain = (String) text.getContent();
    assertTrue(plain.startsWith("Hi Ada,"), plain);
    assertTrue(plain.contains("Great work on <Fractions> & more! Physics is next."));
    assertTrue(plain.contains(link));
    assertTrue(plain.contains(unsubscribe));
    String page = (String) html.getContent();
    assertTrue(page.contains("Great work on &lt;Fractions&gt; &amp; more!"), "escaped: " + page);
    assertTrue(page.contains("href=\"" + link + "\""));
    assertTrue(page.contains("href=\"" + unsubscribe + "\""));

    Nudge after = deliveries.byId(n.id()).orElseThrow();
    assertEquals(NudgeDeliveries.SENT, after.emailStatus());
    assertEquals(1, after.emailAttempts());
    assertEquals(T0, after.emailSentAt());
    assertEquals(0, outbox.runOnce(), "sent once only");
  }

  @Test
  void retriedWithBackoffAfterTheServerWasDownAndTheFailureIsVisible() throws Exception {
    Nudge n = stored("Come back to physics.");
    assertEquals(0, outbox.runOnce()); // nothing listens on the port
    Nudge failed = deliveries.byId(n.id()).orElseThrow();
    assertEquals(NudgeDeliveries.RETRYING, failed.emailStatus());
    assertEquals(1, failed.emailAttempts());
    assertNotNull(failed.emailLastError());
    assertEquals(T0.plus(NudgeOutbox.backoff(1)), failed.emailNextAttemptAt());
    // the in-app nudge is there all along
    assertEquals(1, deliveries.forStudent(student, 10).size());

    startSmtp();
    assertEquals(0, outbox.runOnce(), "not before the backoff");
    assertEquals(0, smtp.getReceivedMessages().length);
    clock.advance(NudgeOutbox.backoff(1));
    assertEquals(1, outbox.runOnce());
    assertEquals(1, smtp.getReceivedMessages().length);
    Nudge sent = deliveries.byId(n.id()).orElseThrow();
    assertEquals(NudgeDeliveries.SENT, sent.emailStatus());
    assertEquals(2, sent.emailAttempts());
  }

  @Test
  void givesUpAfterMaxAttempts() {
    Nudge n = stored("Come back.");
    for (int i = 1; i <= NudgeOutbox.MAX_ATTEMPTS; i++) {
      outbox.runOnce();
      clock.advance(NudgeOutbox.backoff(i));
    }
    Nudge failed = deliveries.byId(n.id()).orElseThrow();
    assertEquals(NudgeDeliveries.FAILED, failed.emailStatus());
    assertEquals(NudgeOutbox.MAX_ATTEMPTS, failed.emailAttempts());
    assertNull(failed.emailNextAttemptAt());
    clock.advance(Duration.ofDays(30));
    assertEquals(0, outbox.runOnce());
  }

  @Test
  void optOutAfterQueueingStopsTheMail() {
    startSmtp();
    Nudge n = stored("Come back.");
    deliveries.setEmailOptOut(student, true, student);
    assertEquals(0, outbox.runOnce());
    assertEquals(0, smtp.getReceivedMessages().length);
    assertEquals(NudgeDeliveries.OPTED_OUT, deliveries.byId(n.id()).orElseThrow().emailStatus());
  }

  @Test
  void backoffGrowsAndIsCapped() {
    assertEquals(Duration.ofSeconds(30), NudgeOutbox.backoff(1));
    assertEquals(Duration.ofMinutes(2), NudgeOutbox.backoff(2));
    assertEquals(Duration.ofMinutes(8), NudgeOutbox.backoff(3));
    assertEquals(Duration.ofHours(6), NudgeOutbox.backoff(20));
  }
}
