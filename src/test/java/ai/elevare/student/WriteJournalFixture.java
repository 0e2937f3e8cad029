package ai.elevare.student;

import ai.elevare.testing.TestApp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (run by name): drives a student through practice, goals, Q&A, escalation
 * and every kind of override over HTTP, then writes that student's journal rows, snapshot and
 * /progress answer to src/test/resources/journal/. The committed fixture was written by the code
 * before the student actor became a shell over feature modules; {@code JournalCompatibilityIT}
 * replays it into today's entity.
 */
class WriteJournalFixture {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void write() throws Exception {
    try (TestApp app = new TestApp(Map.of("elevare.student.snapshot-every", 12))) {
      String student = app.login("student@demo.elevare");
      String tutor = app.login("tutor@demo.elevare");
      String studentId = app.userId(student);
      String mathGoal =
          app.post("/goals", student, Map.of("student_id", studentId, "subject", "chemistry", "title", "Two right", "target", 2))
              .body().get("id").asText();
      app.post("/goals", tutor, Map.of("student_id", studentId, "subject", "math", "title", "Fifty", "target", 50));
      app.call("PATCH", "/goals/" + mathGoal, student, JSON.writeValueAsString(Map.of("title", "Two right answers")));
      // Chemistry items the tutor queues, so the answers are known.
      String[][] items = bankItems(app.dbUrl(), "chemistry", 3);
      for (String[] item : items) {
        app.post("/overrides", tutor, Map.of("student_id", studentId, "kind", "assignment", "value", item[0], "reason", "Revise " + item[1]));
      }
      for (int i = 0; i < items.length; i++) {
        JsonNode a = app.get("/practice/assign?subject=chemistry", student).body();
        String id = a.get("assignment_id").asText();
        if (i == 0) {
          app.post("/practice/hint", student, Map.of("assignment_id", id));
          app.post("/practice/complete", student, Map.of("assignment_id", id, "answer", "surely wrong", "time_ms", 20000));
        }
        String answer = answerOf(app.dbUrl(), a.get("question").get("id").asText());
        app.post("/practice/complete", student, Map.of("assignment_id", id, "answer", answer, "time_ms", 15000, "hints_used", i == 0 ? 1 : 0));
      }
      for (int i = 0; i < 2; i++) {
        JsonNode a = app.get("/practice/assign?subject=math", student).body();
        app.post("/practice/complete", student, Map.of("assignment_id", a.get("assignment_id").asText(), "give_up", true));
      }
      app.get("/practice/assign?subject=physics", student); // stays open
      app.post("/overrides", tutor, Map.of("student_id", studentId, "kind", "rating", "subject", "math", "value", 1300, "reason", "Placement test"));
      app.post("/overrides", tutor, Map.of("student_id", studentId, "kind", "difficulty", "subject", "biology", "value", 3, "reason", "New topic", "open_thread", true));
      String goals = app.get("/goals?student_id=" + studentId, tutor).raw().body();
      String mathGoalId = JSON.readTree(goals).get(1).get("id").asText();
      app.post("/overrides", tutor, Map.of("student_id", studentId, "kind", "goal_progress", "goal_id", mathGoalId, "value", 7, "reason", "Worked in class"));
      JsonNode q1 = app.post("/qa/query", student, Map.of("question", "What is the derivative of x^3?", "subject", "math")).body();
      app.post("/qa/query", student, Map.of("question", "what about x^4?")).body();
      JsonNode q3 = app.post("/qa/query", student, Map.of("question", "Why is the sky blue at noon but red at sunset?")).body();
      app.post("/qa/" + q3.get("interaction_id").asText() + "/escalate", student, Map.of());
      app.post("/qa/" + q1.get("interaction_id").asText() + "/escalate", student, Map.of());
      JsonNode progress = app.get("/progress/" + studentId, tutor).body();

      ObjectNode out = JSON.createObjectNode();
      out.put("persistence_id", "Student|" + studentId);
      out.put("student_id", studentId);
      out.put("written_by", "git " + System.getProperty("fixture.commit", "unknown"));
      out.set("journal", rows(app.dbUrl(), "SELECT * FROM event_journal WHERE persistence_id = 'Student|" + studentId + "' ORDER BY sequence_number"));
      out.set("snapshots", rows(app.dbUrl(), "SELECT * FROM snapshot WHERE persistence_id = 'Student|" + studentId + "' ORDER BY sequence_number"));
      out.set("progress", progress);
      Files.writeString(Path.of("src/test/resources/journal/student-v1.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    }
  }

  private static String[][] bankItems(String url, String subject, int n) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, topic FROM items WHERE subject = '" + subject + "' AND answer_format = 'text' ORDER BY difficulty, id LIMIT " + n)) {
      String[][] out = new String[n][];
      for (int i = 0; rs.next(); i++) out[i] = new String[] {rs.getString(1), rs.getString(2)};
      return out;
    }
  }

  private static String answerOf(String url, String itemId) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT answers FROM items WHERE id = '" + itemId + "'")) {
      rs.next();
      return JSON.readTree(rs.getString(1)).get(0).asText();
    }
  }

  private static ArrayNode rows(String url, String sql) throws Exception {
    ArrayNode arr = JSON.createArrayNode();
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        ObjectNode row = JSON.createObjectNode();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          String col = md.getColumnName(i);
          if (col.equals("ordering")) continue;
          Object v = rs.getObject(i);
          if (v == null) row.putNull(col);
          else if (v instanceof byte[] b) row.put(col, Base64.getEncoder().encodeToString(b));
          else if (v instanceof Number num) row.put(col, num.longValue());
          else if (v instanceof Boolean bo) row.put(col, bo);
          else row.put(col, v.toString());
        }
        arr.add(row);
      }
    }
    return arr;
  }
}
