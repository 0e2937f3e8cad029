package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import ai.elevare.practice.BankItem;
import ai.elevare.practice.ItemCatalog;
import ai.elevare.testing.TestApp;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A student flags a bank item (docs/practice-content.md, "Review and flags"): the item is out of
 * service for everyone until a tutor or admin clears it (served again) or retires it (never again),
 * on this node at once and on another node at its catalogue's refresh.
 *
 * <p>The set-up makes selection deterministic: a tutor authors an English item X at difficulty 1 and
 * the five seeded English items at difficulty 1 are retired, so for a student whose rating is pinned
 * at 600 (target 409: difficulty 1 is within one level, difficulty 2 is not) X is the only unseen
 * item at their level, which the bank serves first. A student who is not given X is therefore not
 * given it because X is out of service.
 */
class ItemFlagsIT {
  private static final int PINNED = 600;

  @Test
  void aFlaggedBankItemLeavesServiceUntilReviewedAndARetiredOneNeverComesBack() throws Exception {
    try (TestApp app = new TestApp(Map.of());
        Connection db = DriverManager.getConnection(app.dbUrl(), "postgres", "")) {
      String tutor = app.login("tutor@demo.elevare");
      String admin = app.login("admin@demo.elevare");
      String parent = app.login("parent@demo.elevare");
      String a = app.login("student@demo.elevare");
      String aId = app.userId(a);
      String b = app.login("student2@demo.elevare");
      String bId = app.userId(b);

      Map<String, Object> draft = new HashMap<>(Map.of("subject", "english", "topic", "vocabulary",
          "prompt", "Which kitchen liquid is an acid?", "answer_format", "text", "answers", List.of("vinegar"),
          "hint", "It is sour.", "explanation", "Vinegar is dilute acetic acid.", "expected_time_ms", 30000,
          "difficulty", 1));
      TestApp.Reply authored = app.post("/items", tutor, draft);
      assertEquals(201, authored.status(), authored.raw().body());
      String x = authored.body().get("id").asText();

      // Retire the seeded items at X's level: retiring works on any bank item, flagged or not.
      List<String> others = ids(db, "SELECT id FROM items WHERE subject = 'english' AND difficulty = 1 AND id <> ?", x);
      assertEquals(5, others.size());
      for (String id : others) {
        TestApp.Reply r = app.post("/items/review/" + id + "/retire", admin, Map.of("note", "level test"));
        assertEquals(200, r.status(), r.raw().body());
        assertEquals("retired", r.body().get("status").asText());
        assertEquals("bank", r.body().get("kind").asText());
      }

      // Another node's catalogue over the same database: it learns of changes only by refreshing.
      ItemCatalog otherNode = new ItemCatalog(new Jdbc(dataSource(app.dbUrl())));
      otherNode.load();
      assertTrue(inSubject(otherNode, "english", x));
      for (String id : others) assertFalse(inSubject(otherNode, "english", id), "retired items are not loaded into service");

      // A is given X (the only unseen item at their level).
      pin(app, admin, aId);
      TestApp.Reply given = app.get("/practice/assign?subject=english", a);
      assertEquals(200, given.status(), given.raw().body());
      assertEquals(x, given.body().get("question").get("id").asText(), given.raw().body());

      // Refusals change nothing.
      problem(app.post("/items/" + x + "/flag", b, Map.of("reason", "never saw it")), 403); // not served
      problem(app.post("/items/" + x + "/flag", tutor, Map.of("reason", "tutor")), 403);
      problem(app.post("/items/" + x + "/flag", parent, Map.of("reason", "parent")), 403);
      problem(app.post("/items/" + x + "/flag", a, Map.of()), 400);
      problem(app.post("/items/" + x + "/flag", a, Map.of("reason", "   ")), 400);
      problem(app.post("/items/" + x + "/flag", a, Map.of("reason", "x".repeat(1001))), 400);
      problem(app.post("/items/" + x + "/flag", a, Map.of("reason", 5)), 400);
      problem(app.post("/items/" + UUID.randomUUID() + "/flag", a, Map.of("reason", "no such item")), 404);
      problem(app.post("/items/math:algebra:1:7/flag", a, Map.of("reason", "a CAS problem is not stored")), 404);
      assertEquals("active", status(db, x));
      assertEquals(0, count(db, "SELECT COUNT(*) FROM item_flags WHERE item_id = ?", x));
      assertTrue(inSubject(otherNode, "english", x));

      complete(app, db, a, given);

      // A flags X; a second flag by A changes nothing.
      TestApp.Reply flagged = app.post("/items/" + x + "/flag", a, Map.of("reason", "vinegar is not English vocabulary"));
      assertEquals(201, flagged.status(), flagged.raw().body());
      assertEquals(x, flagged.body().get("item_id").asText());
      assertTrue(flagged.body().get("flagged").asBoolean());
      TestApp.Reply again = app.post("/items/" + x + "/flag", a, Map.of("reason", "said twice"));
      assertEquals(201, again.status(), again.raw().body());
      assertEquals("flagged", status(db, x));
      assertEquals(1, count(db, "SELECT COUNT(*) FROM item_flags WHERE item_id = ?", x));
      assertEquals(List.of("vinegar is not English vocabulary"), ids(db, "SELECT reason FROM item_flags WHERE item_id = ?", x));

      // Out of service: B, who would get X first, gets other items; a tutor cannot assign it either.
      otherNode.refreshService();
      assertFalse(inSubject(otherNode, "english", x), "the other node follows at its refresh");
      assertFalse(otherNode.inService(x));
      for (int i = 0; i < 3; i++) {
        pin(app, admin, bId);
        TestApp.Reply r = app.get("/practice/assign?subject=english", b);
        assertEquals(200, r.status(), r.raw().body());
        assertNotEquals(x, r.body().get("question").get("id").asText(), "a flagged item is not assigned");
        complete(app, db, b, r);
      }
      TestApp.Reply assignX = app.post("/overrides", admin, Map.of("student_id", bId, "kind", "assignment",
          "subject", "english", "value", x, "reason", "try the flagged one"));
      assertEquals(400, assignX.status(), assignX.raw().body());

      // The review queue lists it with its flag, next to generated items.
      TestApp.Reply queue = app.get("/items/review?subject=english", tutor);
      assertEquals(200, queue.status(), queue.raw().body());
      JsonNode entry = find(queue.body().get("items"), x);
      assertNotNull(entry, "the flagged bank item is in the queue: " + queue.raw().body());
      assertEquals("bank", entry.get("kind").asText());
      assertEquals("bank", entry.get("origin").asText());
      assertEquals("flagged", entry.get("status").asText());
      assertTrue(entry.get("flagged").asBoolean());
      assertEquals(x, entry.get("bank_item_id").asText());
      assertEquals("Which kitchen liquid is an acid?", entry.get("prompt").asText());
      assertEquals(1, entry.get("flags").size());
      assertEquals(aId, entry.get("flags").get(0).get("student_id").asText());
      assertEquals("vinegar is not English vocabulary", entry.get("flags").get(0).get("reason").asText());
      assertTrue(queue.body().get("items").get(0).get("flagged").asBoolean(), "flagged items come first");
      for (JsonNode it : queue.body().get("items")) {
        assertTrue(it.get("kind").asText().equals("bank") || it.get("kind").asText().equals("generated"), it.toString());
      }
      assertNull(find(app.get("/items/review?subject=physics", tutor).body().get("items"), x), "the subject filter holds");

      // Only tutors and admins review; unknown ids are 404.
      problem(app.get("/items/review", a), 403);
      problem(app.post("/items/review/" + x + "/clear", a, Map.of()), 403);
      problem(app.post("/items/review/" + x + "/retire", a, Map.of()), 403);
      problem(app.post("/items/review/" + x + "/retire", parent, Map.of()), 403);
      problem(app.post("/items/review/" + x + "/clear", tutor, Map.of("note", "n".repeat(1001))), 400);
      problem(app.post("/items/review/" + UUID.randomUUID() + "/clear", tutor, Map.of()), 404);
      problem(app.post("/items/review/" + UUID.randomUUID() + "/retire", tutor, Map.of()), 404);
      assertEquals("flagged", status(db, x));

      // Cleared: back in service here and on the other node; B now gets it.
      TestApp.Reply cleared = app.post("/items/review/" + x + "/clear", tutor, Map.of("note", "fine as it is"));
      assertEquals(200, cleared.status(), cleared.raw().body());
      assertEquals("active", cleared.body().get("status").asText());
      assertFalse(cleared.body().get("flagged").asBoolean());
      problem(app.post("/items/review/" + x + "/clear", tutor, Map.of()), 409);
      assertNull(find(app.get("/items/review?subject=english", tutor).body().get("items"), x));
      otherNode.refreshService();
      assertTrue(inSubject(otherNode, "english", x));
      pin(app, admin, bId);
      TestApp.Reply toB = app.get("/practice/assign?subject=english", b);
      assertEquals(200, toB.status(), toB.raw().body());
      assertEquals(x, toB.body().get("question").get("id").asText(), "a cleared item is served again");
      complete(app, db, b, toB);

      // B flags it; the queue shows B's flag only (A's was reviewed). Then it is retired for good.
      assertEquals(201, app.post("/items/" + x + "/flag", b, Map.of("reason", "still odd")).status());
      JsonNode second = find(app.get("/items/review", tutor).body().get("items"), x);
      assertNotNull(second);
      assertEquals(1, second.get("flags").size());
      assertEquals(bId, second.get("flags").get(0).get("student_id").asText());
      TestApp.Reply retired = app.post("/items/review/" + x + "/retire", admin, Map.of());
      assertEquals(200, retired.status(), retired.raw().body());
      assertEquals("retired", retired.body().get("status").asText());
      problem(app.post("/items/review/" + x + "/retire", admin, Map.of()), 409);
      problem(app.post("/items/review/" + x + "/clear", tutor, Map.of()), 409);
      assertEquals(0, count(db, "SELECT COUNT(*) FROM item_flags WHERE item_id = ? AND reviewed_at IS NULL", x));
      // A flag of a retired item is taken and changes nothing.
      assertEquals(201, app.post("/items/" + x + "/flag", a, Map.of("reason", "late")).status());
      assertEquals("retired", status(db, x));
      assertEquals(0, count(db, "SELECT COUNT(*) FROM item_flags WHERE item_id = ? AND reviewed_at IS NULL", x));
      otherNode.refreshService();
      assertFalse(inSubject(otherNode, "english", x));

      // A new student, for whom X would be the first item, never gets it.
      String email = "flags-" + UUID.randomUUID() + "@example.org";
      TestApp.Reply made = app.post("/admin/users", admin, Map.of("email", email,
          "name", "Casey", "role", "student", "password", "correct horse battery"));
      assertEquals(201, made.status(), made.raw().body());
      String cId = made.body().get("id").asText();
      String c = app.post("/auth/login", null, Map.of("email", email,
          "password", "correct horse battery")).body().get("access_token").asText();
      pin(app, admin, cId);
      TestApp.Reply toC = app.get("/practice/assign?subject=english", c);
      assertEquals(200, toC.status(), toC.raw().body());
      assertNotEquals(x, toC.body().get("question").get("id").asText(), "a retired item is never assigned");
      assertEquals(400, app.post("/overrides", admin, Map.of("student_id", cId, "kind", "assignment",
          "subject", "english", "value", x, "reason", "try the retired one")).status());

      // After a restart the node loads the same service state.
      app.restart();
      String c2 = app.post("/auth/login", null, Map.of("email", email,
          "password", "correct horse battery")).body().get("access_token").asText();
      complete(app, db, c2, toC);
      pin(app, app.login("admin@demo.elevare"), cId);
      TestApp.Reply afterRestart = app.get("/practice/assign?subject=english", c2);
      assertEquals(200, afterRestart.status(), afterRestart.raw().body());
      assertNotEquals(x, afterRestart.body().get("question").get("id").asText());
    }
  }

  /** The tutor's pin: the rating at which X is the only unseen item at the student's level. */
  private static void pin(TestApp app, String admin, String studentId) throws Exception {
    TestApp.Reply r = app.post("/overrides", admin, Map.of("student_id", studentId, "kind", "rating",
        "subject", "english", "value", PINNED, "reason", "pinned level"));
    assertEquals(200, r.status(), r.raw().body());
  }

  /** Answers the assignment correctly, so no review of it falls due during the test. */
  private static void complete(TestApp app, Connection db, String token, TestApp.Reply assigned) throws Exception {
    String itemId = assigned.body().get("question").get("id").asText();
    TestApp.Reply c = app.post("/practice/complete", token, Map.of("assignment_id",
        assigned.body().get("assignment_id").asText(), "answer", answerOf(db, itemId), "time_ms", 20000));
    assertEquals(200, c.status(), c.raw().body());
  }

  private static void problem(TestApp.Reply r, int status) {
    assertEquals(status, r.status(), r.raw().body());
    assertEquals("application/problem+json", r.contentType());
  }

  private static JsonNode find(JsonNode items, String id) {
    for (JsonNode it : items) if (it.get("id").asText().equals(id)) return it;
    return null;
  }

  private static boolean inSubject(ItemCatalog catalog, String subject, String id) {
    return catalog.items(subject).stream().map(BankItem::id).anyMatch(id::equals);
  }

  private static PGSimpleDataSource dataSource(String url) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    ds.setUser("postgres");
    return ds;
  }

  private static String answerOf(Connection db, String id) throws Exception {
    for (String table : List.of("items", "generated_items")) {
      List<String> answers = ids(db, "SELECT answers FROM " + table + " WHERE id = ?", id);
      if (!answers.isEmpty()) return ItemCatalog.parseList(answers.get(0)).get(0);
    }
    throw new AssertionError("no stored answer for " + id);
  }

  private static String status(Connection db, String id) throws Exception {
    return ids(db, "SELECT status FROM items WHERE id = ?", id).get(0);
  }

  private static List<String> ids(Connection db, String sql, String param) throws Exception {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      ps.setString(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        List<String> out = new ArrayList<>();
        while (rs.next()) out.add(rs.getString(1));
        return out;
      }
    }
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
