package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.nudge.TestClock;
import ai.elevare.testing.TestApp;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spaced review over HTTP on a clock the test moves: items given up come back as reviews after
 * their interval, and GET /progress/{id} shows what is due and when, to the student and their tutor.
 */
class ReviewIT {
  @Test
  void givenUpItemsComeBackAfterTheirIntervalAndProgressShowsWhatIsDue() throws Exception {
    Instant t0 = Instant.now();
    TestClock clock = new TestClock(t0);
    try (TestApp app = new TestApp(Map.of(), clock)) {
      String student = app.login("student@demo.elevare");
      String studentId = app.userId(student);
      String tutor = app.login("tutor@demo.elevare");

      JsonNode first = assignAndGiveUp(app, student);
      JsonNode progress = app.get("/progress/" + studentId, student).body();
      assertEquals(1, progress.get("reviews").size(), progress.toString());
      JsonNode review = progress.get("reviews").get(0);
      String firstItem = first.get("question").get("id").asText();
      assertEquals(firstItem, review.get("item_id").asText());
      assertEquals("chemistry", review.get("subject").asText());
      assertEquals(first.get("question").get("topic").asText(), review.get("topic").asText());
      assertFalse(review.get("due").asBoolean());
      assertEquals(1, review.get("lapses").asInt());
      // FSRS: after a lapse the item is due once its stability (0.4872 days) has passed
      assertEquals(0.49, review.get("interval_days").asDouble(), 0.01);
      Instant due = Instant.parse(review.get("due_at").asText());
      long expected = t0.plusSeconds(Math.round(0.4872 * 86_400)).getEpochSecond();
      assertTrue(Math.abs(expected - due.getEpochSecond()) <= 1, due + " vs " + Instant.ofEpochSecond(expected));

      // before the interval: fresh items; the second one given up joins the queue behind the first
      clock.set(due.minusSeconds(60));
      JsonNode second = assignAndGiveUp(app, student);
      assertEquals("bank", second.get("source").asText());
      assertNotEquals(firstItem, second.get("question").get("id").asText());

      clock.set(due.plusSeconds(1));
      JsonNode seen = app.get("/progress/" + studentId, tutor).body().get("reviews");
      assertEquals(2, seen.size());
      assertEquals(firstItem, seen.get(0).get("item_id").asText(), "earliest due first");
      assertTrue(seen.get(0).get("due").asBoolean());
      assertFalse(seen.get(1).get("due").asBoolean());

      TestApp.Reply back = app.get("/practice/assign?subject=chemistry", student);
      assertEquals(200, back.status(), back.raw().body());
      assertEquals("review", back.body().get("source").asText());
      assertEquals(firstItem, back.body().get("question").get("id").asText());

      // refusals change nothing: another student's progress, a malformed id
      String other = app.login("student2@demo.elevare");
      assertEquals(403, app.get("/progress/" + studentId, other).status());
      TestApp.Reply bad = app.get("/progress/not-a-uuid", student);
      assertEquals(400, bad.status());
      assertEquals("application/problem+json", bad.contentType());
      assertEquals(2, app.get("/progress/" + studentId, student).body().get("reviews").size());
    }
  }

  private static JsonNode assignAndGiveUp(TestApp app, String student) throws Exception {
    TestApp.Reply a = app.get("/practice/assign?subject=chemistry", student);
    assertEquals(200, a.status(), a.raw().body());
    TestApp.Reply done =
        app.post("/practice/complete", student, Map.of("assignment_id", a.body().get("assignment_id").asText(), "give_up", true));
    assertTrue(done.body().get("completed").asBoolean(), done.raw().body());
    return a.body();
  }
}
