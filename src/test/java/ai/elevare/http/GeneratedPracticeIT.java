package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.practice.ItemCatalog;
import ai.elevare.testing.TestApp;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Practice that never runs dry (docs/practice-content.md): with the local provider, a chemistry
 * student who has used up the bank at their level keeps getting new, gradable items at that level
 * from the generated pool; tutors review generated items; students flag the ones they were given.
 * Biology and English, whose bank has few calculations to vary, carry on with items from the study
 * glossary. Also tutor-authored root-list items.
 */
class GeneratedPracticeIT {

  @Test
  void chemistryKeepsGivingFreshCorrectItemsAfterTheBankAtTheLevelIsUsedUp() throws Exception {
    try (TestApp app = new TestApp(Map.of());
        Connection db = DriverManager.getConnection(app.dbUrl(), "postgres", "")) {
      String student = app.login("student@demo.elevare");
      String studentId = app.userId(student);
      String tutor = app.login("tutor@demo.elevare");

      Set<String> seen = new HashSet<>();
      List<String> sources = new ArrayList<>();
      String servedAi = null;
      for (int i = 0; i < 40; i++) {
        // The tutor pins the rating, so every question is meant for the same level.
        assertEquals(200, app.post("/overrides", tutor, Map.of("student_id", studentId, "kind", "rating",
            "subject", "chemistry", "value", 1000, "reason", "pinned level")).status());
        TestApp.Reply a = app.get("/practice/assign?subject=chemistry", student);
        assertEquals(200, a.status(), a.raw().body());
        String itemId = a.body().get("question").get("id").asText();
        String source = a.body().get("source").asText();
        sources.add(source);
        assertTrue(seen.add(itemId), "item " + itemId + " came again after " + sources);
        if (source.equals("ai")) {
          servedAi = itemId;
          int d = a.body().get("difficulty").asInt();
          assertTrue(Math.abs(d - 3) <= 1, "at the student's level (3) or next to it: " + d);
        }
        String answer = answerOf(db, itemId);
        TestApp.Reply c = app.post("/practice/complete", student,
            Map.of("assignment_id", a.body().get("assignment_id").asText(), "answer", answer, "time_ms", 20000));
        assertEquals(200, c.status(), c.raw().body());
        assertTrue(c.body().get("correct").asBoolean(), "the stored answer of " + itemId + " is graded correct: " + c.raw().body());
      }
      int firstAi = sources.indexOf("ai");
      assertTrue(firstAi > 0, "the bank comes first: " + sources);
      long aiAfter = sources.subList(firstAi, sources.size()).stream().filter("ai"::equals).count();
      assertTrue(aiAfter >= (sources.size() - firstAi) * 3 / 4,
          "once the bank at the level is used up, generated items carry on: " + sources);

      // Tutors review what was generated.
      TestApp.Reply queue = app.get("/items/review?subject=chemistry", tutor);
      assertEquals(200, queue.status(), queue.raw().body());
      assertTrue(queue.body().get("items").size() > 0);
      String toApprove = queue.body().get("items").get(0).get("id").asText();
      // one the student was never given: a student may flag only what they were given
      String toReject = null;
      for (var it : queue.body().get("items")) {
        String id = it.get("id").asText();
        if (!id.equals(toApprove) && !seen.contains(id)) {
          toReject = id;
          break;
        }
      }
      assertNotNull(toReject, "the queue holds items the student was never given");
      TestApp.Reply approved = app.post("/items/review/" + toApprove + "/approve", tutor, Map.of("note", "checked"));
      assertEquals(200, approved.status(), approved.raw().body());
      assertEquals("approved", approved.body().get("status").asText());
      assertEquals(1, count(db, "SELECT COUNT(*) FROM items WHERE id = ?", toApprove), "approved into the bank");
      assertEquals(409, app.post("/items/review/" + toApprove + "/approve", tutor, Map.of()).status());
      assertEquals(409, app.post("/items/review/" + toApprove + "/reject", tutor, Map.of()).status());
      assertEquals("rejected", app.post("/items/review/" + toReject + "/reject", tutor, Map.of("note", "too easy")).body().get("status").asText());
      assertEquals(404, app.post("/items/review/g-unknown/approve", tutor, Map.of()).status());
      assertEquals(400, app.get("/items/review?limit=0", tutor).status());
      assertEquals(400, app.get("/items/review?subject=alchemy", tutor).status());
      assertEquals(403, app.get("/items/review", student).status());
      assertEquals(403, app.post("/items/review/" + toReject + "/approve", student, Map.of()).status());

      // A student flags a generated item they were given; it leaves service and shows in the queue.
      assertNotNull(servedAi);
      TestApp.Reply bad = app.post("/items/" + servedAi + "/flag", student, Map.of());
      assertEquals(400, bad.status());
      assertEquals("application/problem+json", bad.contentType());
      assertEquals(403, app.post("/items/" + toReject + "/flag", student, Map.of("reason", "never saw it")).status());
      assertEquals(403, app.post("/items/" + servedAi + "/flag", tutor, Map.of("reason", "tutor")).status());
      TestApp.Reply flagged = app.post("/items/" + servedAi + "/flag", student, Map.of("reason", "two answers are right"));
      assertEquals(201, flagged.status(), flagged.raw().body());
      assertEquals(1, count(db, "SELECT COUNT(*) FROM generated_items WHERE id = ? AND flagged", servedAi));
      TestApp.Reply afterFlag = app.get("/items/review", tutor);
      String flaggedId = servedAi;
      boolean listed = false;
      for (var it : afterFlag.body().get("items")) {
        if (it.get("id").asText().equals(flaggedId)) {
          listed = true;
          assertTrue(it.get("flagged").asBoolean());
          assertEquals("two answers are right", it.get("flags").get(0).get("reason").asText());
        }
      }
      assertTrue(listed, "flagged items are in the review queue");
    }
  }

  @Test
  void biologyAndEnglishKeepGivingNewQuestionsFromTheGlossaryAfterTheBankAtTheLevelIsUsedUp() throws Exception {
    // 160 answers in a row by one student: above the per-minute limit this test is not about
    try (TestApp app = new TestApp(Map.of("elevare.rate-limit.per-minute", 1000));
        Connection db = DriverManager.getConnection(app.dbUrl(), "postgres", "")) {
      String student = app.login("student@demo.elevare");
      String studentId = app.userId(student);
      String tutor = app.login("tutor@demo.elevare");
      for (String subject : List.of("biology", "english")) {
        Set<String> seen = new HashSet<>();
        List<String> sources = new ArrayList<>();
        int glossary = 0;
        for (int i = 0; i < 40; i++) {
          assertEquals(200, app.post("/overrides", tutor, Map.of("student_id", studentId, "kind", "rating",
              "subject", subject, "value", 1000, "reason", "pinned level")).status());
          TestApp.Reply a = app.get("/practice/assign?subject=" + subject, student);
          assertEquals(200, a.status(), a.raw().body());
          String itemId = a.body().get("question").get("id").asText();
          sources.add(a.body().get("source").asText());
          assertTrue(seen.add(itemId), subject + ": item " + itemId + " came again after " + sources);
          // a glossary item: written by the local writer from no bank item
          if (count(db, "SELECT COUNT(*) FROM generated_items WHERE id = ? AND origin = 'local' AND source_item_id IS NULL", itemId) == 1) {
            glossary++;
          }
          TestApp.Reply c = app.post("/practice/complete", student,
              Map.of("assignment_id", a.body().get("assignment_id").asText(), "answer", answerOf(db, itemId), "time_ms", 20000));
          assertEquals(200, c.status(), c.raw().body());
          assertTrue(c.body().get("correct").asBoolean(), subject + ": the stored answer of " + itemId + " is graded correct");
        }
        int firstAi = sources.indexOf("ai");
        assertTrue(firstAi > 0, subject + ": the bank comes first: " + sources);
        long aiAfter = sources.subList(firstAi, sources.size()).stream().filter("ai"::equals).count();
        assertTrue(aiAfter >= (sources.size() - firstAi) * 3 / 4, subject + ": generated items carry on: " + sources);
        // rewordings of answered bank items are not served, so what carries on is mostly new questions
        assertTrue(glossary >= aiAfter / 2, subject + ": " + glossary + " glossary items of " + aiAfter);
      }
    }
  }

  @Test
  void tutorsAuthorRootListItemsAndLearnWhatEachFormatTakes() throws Exception {
    try (TestApp app = new TestApp(Map.of())) {
      String tutor = app.login("tutor@demo.elevare");
      Map<String, Object> item = new HashMap<>(Map.of("subject", "math", "topic", "quadratics",
          "prompt", "Solve x^2 + x - 6 = 0.", "answer_format", "roots", "answers", List.of("x = 2, x = -3"),
          "hint", "Factor.", "explanation", "(x + 3)(x - 2) = 0.", "expected_time_ms", 60000, "difficulty", 4));
      assertEquals(201, app.post("/items", tutor, item).status());

      item.put("answers", List.of("x = 2, x = ("));
      TestApp.Reply unreadable = app.post("/items", tutor, item);
      assertEquals(400, unreadable.status(), unreadable.raw().body());
      assertTrue(unreadable.body().get("errors").get(0).get("message").asText().contains("roots takes"), unreadable.raw().body());

      item.put("answers", List.of("{2, -3}"));
      item.put("subject", "chemistry");
      TestApp.Reply notMath = app.post("/items", tutor, item);
      assertEquals(400, notMath.status());
      assertEquals("answer_format", notMath.body().get("errors").get(0).get("field").asText());

      item.put("subject", "math");
      item.put("answer_format", "set");
      TestApp.Reply unknown = app.post("/items", tutor, item);
      assertEquals(400, unknown.status());
      String message = unknown.body().get("errors").get(0).get("message").asText();
      for (String f : List.of("number:", "expression", "choice:", "text:", "roots")) assertTrue(message.contains(f), message);
    }
  }

  private static String answerOf(Connection db, String id) throws Exception {
    for (String table : List.of("items", "generated_items")) {
      try (PreparedStatement ps = db.prepareStatement("SELECT answers FROM " + table + " WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) return ItemCatalog.parseList(rs.getString(1)).get(0);
        }
      }
    }
    throw new AssertionError("no stored answer for " + id);
  }

  private static long count(Connection db, String sql, String id) throws Exception {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
