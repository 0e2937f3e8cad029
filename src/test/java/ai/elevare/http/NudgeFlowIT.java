package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import ai.elevare.nudge.NudgeDeliveries;
import ai.elevare.nudge.NudgeIndex;
import ai.elevare.student.StudentCommand.EvaluateNudges;
import ai.elevare.student.StudentCommand.GetProgress;
import ai.elevare.student.StudentEntity;
import ai.elevare.student.StudentReply.ProgressView;
import ai.elevare.testing.Eventually;
import ai.elevare.testing.TestApp;
import ai.elevare.testing.TestApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.junit.jupiter.api.Test;

/**
 * The whole nudge path on PostgreSQL with e-mail through GreenMail, as the demo runs it
 * (inactivity after 30 s, a scan every second, no quiet hours): a student who practises once and
 * stops gets exactly one inactivity nudge in the app and one e-mail, with the node restarted
 * before the nudge is due (the actor and its timer are gone; the activity index and the scanner
 * bring it back) and again after it was sent (nothing more is sent); the e-mail's link records
 * the click.
 */
class NudgeFlowIT {
  private static final String PUBLIC = "https://learn.elevare.test";
  private static final String EMAIL = "student@demo.elevare";

  @Test
  void aStudentWhoPractisesOnceAndStopsGetsOneNudgeAcrossRestarts() throws Exception {
    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try (TestApp app =
        new TestApp(
            Map.of(
                "elevare.nudges.inactivity-after", "30s",
                "elevare.nudges.scan-interval", "1s",
                "elevare.nudges.quiet-hours", "off",
                "elevare.nudges.outbox-interval", "200ms",
                "elevare.smtp.host", "127.0.0.1",
                "elevare.smtp.port", smtp.getSmtp().getPort(),
                "elevare.public-url", PUBLIC,
                "elevare.rate-limit.per-minute", 100_000,
                "elevare.rate-limit.per-hour", 1_000_000))) {
      String token = app.login(EMAIL);
      String studentId = app.userId(token);
      String assignment = app.get("/practice/assign?subject=biology", token).body().get("assignment_id").asText();
      assertEquals(
          200, app.post("/practice/complete", token, Map.of("assignment_id", assignment, "give_up", true)).status());
      assertTrue(
          Eventually.await(Duration.ofSeconds(20), () -> index(app).dueAt(studentId).isPresent()),
          "the projection writes the due time to the activity index");

      // Restarted before it is due: the actor (and its timer) is gone until the scanner wakes it.
      app.restart();
      token = app.login(EMAIL);
      assertEquals(0, nudges(app, token).size(), "the restart came before the nudge was due");

      String t = token;
      assertTrue(
          Eventually.await(Duration.ofSeconds(90), () -> nudges(app, t).size() > 0),
          "an inactivity nudge in the app");
      JsonNode nudge = nudges(app, token).get(0);
      assertEquals("inactivity", nudge.get("kind").asText());
      assertTrue(nudge.get("message").asText().contains("last practice"), nudge.toString());
      String nudgeId = nudge.get("id").asText();

      assertTrue(
          Eventually.await(
              Duration.ofSeconds(30),
              () -> NudgeDeliveries.SENT.equals(deliveries(app).byId(nudgeId).orElseThrow().emailStatus())),
          "its e-mail is sent");
      // after it, nothing is pending: the scanner has no reason to wake the student again
      assertTrue(Eventually.await(Duration.ofSeconds(20), () -> index(app).dueAt(studentId).isEmpty()));

      // Restarted again and woken as a rescan would (several times): nothing more is sent.
      app.restart();
      EntityRef<ai.elevare.student.StudentCommand> student =
          ClusterSharding.get(app.app().system()).entityRefFor(StudentEntity.ENTITY_KEY, studentId);
      for (int i = 0; i < 3; i++) student.tell(new EvaluateNudges());
      // one sender, one entity: the wake-ups are handled before this answer
      student.<ProgressView>ask(r -> new GetProgress("UTC", r), Duration.ofSeconds(10)).toCompletableFuture().get();
      token = app.login(EMAIL);
      assertEquals(1, nudges(app, token).size());
      assertTrue(index(app).dueAt(studentId).isEmpty());
      List<MimeMessage> mails = mailsTo(smtp, EMAIL);
      assertEquals(1, mails.size(), "exactly one e-mail");

      // the e-mail's tracked link, followed without a session, records the click
      String text = (String) ((MimeMultipart) mails.get(0).getContent()).getBodyPart(0).getContent();
      Matcher link = Pattern.compile(Pattern.quote(PUBLIC) + "(/n/[A-Za-z0-9_-]{22}\\?via=email)").matcher(text);
      assertTrue(link.find(), text);
      Reply click = app.get(link.group(1), null);
      assertEquals(302, click.status());
      assertEquals("/app/practice?subject=biology", click.header("Location"));
      JsonNode clicked = nudges(app, token).get(0);
      assertFalse(clicked.get("clicked_at").isNull());
      assertEquals("email", deliveries(app).byId(nudgeId).orElseThrow().clickedVia());
    } finally {
      smtp.stop();
    }
  }

  /** The node's pool changes with each restart. */
  private static NudgeIndex index(TestApp app) {
    return new NudgeIndex(new Jdbc(app.app().database().dataSource()));
  }

  private static NudgeDeliveries deliveries(TestApp app) {
    return new NudgeDeliveries(new Jdbc(app.app().database().dataSource()), Clock.systemUTC(), true);
  }

  private static JsonNode nudges(TestApp app, String token) throws Exception {
    Reply r = app.get("/nudges", token);
    assertEquals(200, r.status(), r.raw().body());
    return r.body();
  }

  private static List<MimeMessage> mailsTo(GreenMail smtp, String address) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(
            m -> {
              try {
                return m.getAllRecipients()[0].toString().contains(address);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }
}
