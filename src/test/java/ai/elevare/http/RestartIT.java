package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.testing.TestApp;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every acknowledged answer survives a restart of the node. */
class RestartIT {
  @Test
  void ratingsXpAndOpenAssignmentsSurviveARestart() throws Exception {
    try (TestApp app = new TestApp(Map.of("elevare.student.snapshot-every", 3))) {
      String token = app.login("student@demo.elevare");
      String id = app.userId(token);
      // Enough answers to cross a snapshot, so recovery uses snapshot + later events.
      for (int i = 0; i < 4; i++) {
        String a = app.get("/practice/assign?subject=biology", token).body().get("assignment_id").asText();
        assertEquals(200, app.post("/practice/complete", token, Map.of("assignment_id", a, "give_up", true)).status());
      }
      String open = app.get("/practice/assign?subject=physics", token).body().get("assignment_id").asText();
      JsonNode before = app.get("/progress/" + id, token).body();

      app.restart();
      String again = app.login("student@demo.elevare");
      JsonNode after = app.get("/progress/" + id, again).body();
      assertEquals(before.get("ratings"), after.get("ratings"));
      assertEquals(before.get("recent_practice"), after.get("recent_practice"));
      assertEquals(4, after.get("ratings").get(3).get("attempts").asInt(), after.toString());
      assertEquals(open, app.get("/practice/assign?subject=physics", again).body().get("assignment_id").asText());
    }
  }
}
