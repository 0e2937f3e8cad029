package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import ai.elevare.nudge.NudgeDeliveries;
import ai.elevare.nudge.NudgeDeliveries.NewNudge;
import ai.elevare.nudge.NudgeKind;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Nudges over real HTTP on PostgreSQL with e-mail through GreenMail: the in-app list, open and
 * click tracking, the e-mail with its tracked link and one-click unsubscribe, the e-mail
 * preference, roles and bad input, and the engagement figures in the admin analytics. Nudges are
 * stored as the student actor's NudgeSent would store them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NudgeIT {
  private static final String PUBLIC = "https://learn.elevare.test";
  private GreenMail smtp;
  private TestApp app;
  private NudgeDeliveries deliveries;
  private String student, student2, tutor, parent, admin;
  private String studentId, student2Id;

  @BeforeAll
  void start() throws Exception {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    app =
        new TestApp(
            Map.of(
                "elevare.smtp.host", "127.0.0.1",
                "elevare.smtp.port", smtp.getSmtp().getPort(),
                "elevare.smtp.from", "ElevareAI <nudges@elevare.test>",
                "elevare.public-url", PUBLIC,
                "elevare.nudges.outbox-interval", "200ms",
                "elevare.rate-limit.per-minute", 100_000,
                "elevare.rate-limit.per-hour", 1_000_000));
    deliveries = new NudgeDeliveries(new Jdbc(app.app().database().dataSource()), Clock.systemUTC(), true);
    student = app.login("student@demo.elevare");
    student2 = app.login("student2@demo.elevare");
    tutor = app.login("tutor@demo.elevare");
    parent = app.login("parent@demo.elevare");
    admin = app.login("admin@demo.elevare");
    studentId = app.userId(student);
    student2Id = app.userId(student2);
  }

  @AfterAll
  void stop() {
    app.close();
    smtp.stop();
  }

  private String nudge(String sid, NudgeKind kind, String link, Instant at) {
    String id = UUID.randomUUID().toString();
    assertTrue(deliveries.record(new NewNudge(id, sid, kind, "Physics builds on your math: try a few questions!", link, false, at)));
    return id;
  }

  @Test
  void inAppListOpenAndClick() throws Exception {
    Instant now = Instant.now();
    String older = nudge(studentId, NudgeKind.INACTIVITY, "/app", now.minusSeconds(120));
    String newer = nudge(studentId, NudgeKind.GOAL_COMPLETED, "/app/practice?subject=physics", now.minusSeconds(60));
    String theirs = nudge(student2Id, NudgeKind.INACTIVITY, "/app", now);

    Reply list = app.get("/nudges", student);
    assertEquals(200, list.status());
    List<String> ids = ids(list.body());
    assertTrue(ids.indexOf(newer) < ids.indexOf(older), "newest first");
    assertFalse(ids.contains(theirs), "only the student's own");
    JsonNode first = find(list.body(), newer);
    assertEquals("goal_completed", first.get("kind").asText());
    assertEquals("Physics builds on your math: try a few questions!", first.get("message").asText());
    assertTrue(first.get("link").asText().matches("/n/[A-Za-z0-9_-]{22}\\?via=app"), first.toString());
    assertTrue(first.get("opened_at").isNull());
    assertTrue(first.get("clicked_at").isNull());
    assertTrue(first.has("created_at"));

    // opened: 204, idempotent; someone else's nudge or an unknown one: 404; a bad id: 400
    assertEquals(204, app.post("/nudges/" + newer + "/opened", student, "").status());
    assertEquals(204, app.post("/nudges/" + newer + "/opened", student, "").status());
    assertEquals(404, app.post("/nudges/" + theirs + "/opened", student, "").status());
    assertEquals(404, app.post("/nudges/" + UUID.randomUUID() + "/opened", student, "").status());
    Reply bad = app.post("/nudges/not-a-uuid/opened", student, "");
    assertEquals(400, bad.status());
    assertTrue(bad.contentType().startsWith("application/problem+json"));
    assertNull(deliveries.byId(theirs).orElseThrow().openedAt(), "refusals change nothing");

    // the tracked link needs no sign-in and redirects to our own page only
    Reply click = app.get(first.get("link").asText(), null);
    assertEquals(302, click.status());
    assertEquals("/app/practice?subject=physics", click.header("Location"));
    assertEquals("no-store", click.header("Cache-Control"));
    JsonNode after = find(app.get("/nudges", student).body(), newer);
    assertFalse(after.get("opened_at").isNull());
    assertFalse(after.get("clicked_at").isNull());
    assertEquals("app", deliveries.byId(newer).orElseThrow().clickedVia());

    Reply unknown = app.get("/n/AAAAAAAAAAAAAAAAAAAAAA", null);
    assertEquals(404, unknown.status());
    assertTrue(unknown.contentType().startsWith("application/problem+json"));
    assertEquals(404, app.get("/n/..%2F..%2Fetc", null).status());
  }

  @Test
  void onlyStudentsHaveNudgesAndOnlySignedIn() throws Exception {
    assertEquals(401, app.get("/nudges", null).status());
    assertEquals(403, app.get("/nudges", tutor).status());
    assertEquals(403, app.get("/nudges", admin).status());
    assertEquals(403, app.post("/nudges/" + UUID.randomUUID() + "/opened", parent, "").status());
  }

  @Test
  void emailWithTrackedLinkAndOneClickUnsubscribe() throws Exception {
    String id = nudge(student2Id, NudgeKind.CROSS_SUBJECT, "/app/practice?subject=chemistry", Instant.now());
    String token = deliveries.byId(id).orElseThrow().token();
    assertTrue(Eventually.await(Duration.ofSeconds(15), () -> mailWith(token) != null));
    MimeMessage m = mailWith(token);
    assertEquals("student2@demo.elevare", m.getAllRecipients()[0].toString().replaceAll(".*<|>.*", ""));
    assertEquals("<" + PUBLIC + "/unsubscribe/" + token + ">", m.getHeader("List-Unsubscribe", null));
    assertEquals("List-Unsubscribe=One-Click", m.getHeader("List-Unsubscribe-Post", null));
    String text = (String) ((MimeMultipart) m.getContent()).getBodyPart(0).getContent();
    Matcher link = Pattern.compile(Pattern.quote(PUBLIC) + "(/n/[A-Za-z0-9_-]+\\?via=email)").matcher(text);
    assertTrue(link.find(), text);
    assertTrue(Eventually.await(Duration.ofSeconds(5),
        () -> NudgeDeliveries.SENT.equals(deliveries.byId(id).orElseThrow().emailStatus())));

    // the link in the e-mail, followed without a session
    Reply click = app.get(link.group(1), null);
    assertEquals(302, click.status());
    assertEquals("/app/practice?subject=chemistry", click.header("Location"));
    assertEquals("email", deliveries.byId(id).orElseThrow().clickedVia());

    // GET only shows a page (mail scanners follow links); POST unsubscribes, no login needed
    Reply page = app.get("/unsubscribe/" + token, null);
    assertEquals(200, page.status());
    assertTrue(page.contentType().startsWith("text/html"));
    assertTrue(page.raw().body().contains("<form method=\"post\">"));
    assertFalse(deliveries.emailOptedOut(student2Id));
    Reply done = app.call("POST", "/unsubscribe/" + token, null, "List-Unsubscribe=One-Click",
        "application/x-www-form-urlencoded");
    assertEquals(200, done.status());
    assertTrue(deliveries.emailOptedOut(student2Id));
    assertNotNull(deliveries.byId(id).orElseThrow().unsubscribedAt());
    assertEquals(404, app.call("POST", "/unsubscribe/BBBBBBBBBBBBBBBBBBBBBB", null, "", "text/plain").status());

    // later nudges stay in the app, without e-mail
    String later = nudge(student2Id, NudgeKind.INACTIVITY, "/app", Instant.now());
    assertEquals(NudgeDeliveries.OPTED_OUT, deliveries.byId(later).orElseThrow().emailStatus());
    assertTrue(ids(app.get("/nudges", student2).body()).contains(later));

    // the student turns e-mail back on
    Reply on = app.call("PUT", "/nudges/email", student2, "{\"enabled\": true}");
    assertEquals(200, on.status());
    assertTrue(on.body().get("enabled").asBoolean());
    assertFalse(deliveries.emailOptedOut(student2Id));

    // engagement in the admin analytics
    JsonNode figures = app.get("/admin/analytics", admin).body().get("nudges");
    assertEquals(6, figures.size());
    JsonNode crossEmail = null;
    for (JsonNode r : figures) {
      if (r.get("kind").asText().equals("cross_subject") && r.get("channel").asText().equals("email")) crossEmail = r;
    }
    assertNotNull(crossEmail);
    assertTrue(crossEmail.get("sent").asLong() >= 1);
    assertTrue(crossEmail.get("clicked").asLong() >= 1);
    assertTrue(crossEmail.get("unsubscribed").asLong() >= 1);
    assertTrue(crossEmail.get("opened").isNull());
    assertTrue(crossEmail.has("returned_within_48h"));
  }

  @Test
  void emailPreferenceForAChildByTheParent() throws Exception {
    Reply off = app.call("PUT", "/nudges/email", parent, "{\"student_id\":\"" + studentId + "\",\"enabled\":false}");
    assertEquals(200, off.status(), off.raw().body());
    assertTrue(deliveries.emailOptedOut(studentId));
    Reply read = app.get("/nudges/email?student_id=" + studentId, parent);
    assertFalse(read.body().get("enabled").asBoolean());
    assertEquals(200, app.call("PUT", "/nudges/email", student, "{\"enabled\":true}").status());
    assertFalse(deliveries.emailOptedOut(studentId));

    // not the parent's child, a tutor, bad input: refused and nothing changes
    assertEquals(403, app.call("PUT", "/nudges/email", parent, "{\"student_id\":\"" + student2Id + "\",\"enabled\":false}").status());
    assertEquals(403, app.call("PUT", "/nudges/email", tutor, "{\"student_id\":\"" + studentId + "\",\"enabled\":false}").status());
    assertEquals(403, app.call("PUT", "/nudges/email", student2, "{\"student_id\":\"" + studentId + "\",\"enabled\":false}").status());
    assertEquals(400, app.call("PUT", "/nudges/email", student, "{}").status());
    assertEquals(400, app.call("PUT", "/nudges/email", student, "{\"enabled\":\"no\"}").status());
    assertEquals(415, app.call("PUT", "/nudges/email", student, "enabled=false", "text/plain").status());
    assertFalse(deliveries.emailOptedOut(studentId));
  }

  /** The e-mail of the nudge with {@code token} (other tests send e-mails too). */
  private MimeMessage mailWith(String token) throws Exception {
    for (MimeMessage m : smtp.getReceivedMessages()) {
      String h = m.getHeader("List-Unsubscribe", null);
      if (h != null && h.contains(token)) return m;
    }
    return null;
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new java.util.ArrayList<>();
    list.forEach(n -> ids.add(n.get("id").asText()));
    return ids;
  }

  private static JsonNode find(JsonNode list, String id) {
    for (JsonNode n : list) if (n.get("id").asText().equals(id)) return n;
    throw new AssertionError("no nudge " + id + " in " + list);
  }
}
