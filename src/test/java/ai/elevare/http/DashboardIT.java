package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.testing.Eventually;
import ai.elevare.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two nodes of one cluster on one PostgreSQL: goals over HTTP, and a tutor's override reaching the
 * dashboard streams open on both nodes within 2 s (at least one of them is not where the student's
 * actor lives).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
  private TestApp a;
  private TestApp b;

  @BeforeAll
  void start() throws Exception {
    a = new TestApp(Map.of());
    var address = Cluster.get(a.app().system()).selfMember().address().toString();
    b = new TestApp(a.dbUrl(), Map.of(
        "elevare.cluster.formation", "seed-nodes",
        "pekko.cluster.seed-nodes", List.of(address)));
    assertTrue(Eventually.await(Duration.ofSeconds(20), () ->
        Cluster.get(a.app().system()).state().members().size() == 2
            && Cluster.get(b.app().system()).selfMember().status() == MemberStatus.up()));
    // Up is not enough: each node's topic learns of the other's subscriber by receptionist gossip,
    // and a change published before that never reaches the other node's streams.
    assertTrue(Eventually.await(Duration.ofSeconds(30), () -> reached(a) == 2 && reached(b) == 2),
        "both nodes' change topics know each other");
  }

  private static int reached(TestApp node) throws Exception {
    var system = node.app().system();
    return node.app().changes().nodesReached(Duration.ofSeconds(3), system.scheduler())
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() {
    b.app().close();
    a.close();
  }

  /** Opens a stream and returns its event names as they arrive, once the response has started. */
  private java.util.concurrent.BlockingQueue<String> events(TestApp node, String studentId, String token)
      throws Exception {
    HttpRequest req = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.app().port() + "/progress/" + studentId + "/stream"))
        .header("Authorization", "Bearer " + token).build();
    HttpResponse<Stream<String>> r =
        HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    var queue = new java.util.concurrent.LinkedBlockingQueue<String>();
    CompletableFuture.runAsync(() -> r.body()
        .filter(l -> l.startsWith("event:"))
        .forEach(l -> queue.add(l.substring(6).trim())));
    return queue;
  }

  private void override(TestApp node, String token, String studentId, int difficulty) throws Exception {
    assertEquals(200, node.post("/overrides", token, Map.of("student_id", studentId, "kind", "difficulty",
        "subject", "physics", "value", difficulty, "reason", "moved to another set")).status());
  }

  @Test
  void overridesReachStreamsOnEveryNode() throws Exception {
    String student = a.login("student@demo.elevare");
    String studentId = a.userId(student);
    String tutor = b.login("tutor@demo.elevare");
    String parent = a.login("parent@demo.elevare");
    var onA = events(a, studentId, student);
    var onB = events(b, studentId, parent);
    override(b, tutor, studentId, 5);
    assertEquals("override", onA.poll(5, TimeUnit.SECONDS));
    assertEquals("override", onB.poll(5, TimeUnit.SECONDS));
    long sent = System.nanoTime();
    override(a, tutor, studentId, 6);
    assertEquals("override", onA.poll(2, TimeUnit.SECONDS));
    assertEquals("override", onB.poll(2, TimeUnit.SECONDS));
    assertTrue(System.nanoTime() - sent < Duration.ofSeconds(2).toNanos());
    String student2 = a.login("student2@demo.elevare");
    assertEquals(403, a.get("/progress/" + studentId + "/stream", student2).status());
  }

  @Test
  void goalsFollowPracticeAndRoles() throws Exception {
    String student = a.login("student@demo.elevare");
    String studentId = a.userId(student);
    String tutor = a.login("tutor@demo.elevare");
    String parent = a.login("parent@demo.elevare");
    String student2 = a.login("student2@demo.elevare");
    TestApp.Reply g = a.post("/goals", tutor, Map.of("student_id", studentId, "subject", "english", "title", "Ten right", "target", 10));
    assertEquals(201, g.status(), g.raw().body());
    String goalId = g.body().get("id").asText();
    assertEquals(403, a.post("/goals", parent, Map.of("student_id", studentId, "subject", "english", "title", "x", "target", 1)).status());
    assertEquals(403, a.post("/goals", student2, Map.of("student_id", studentId, "subject", "english", "title", "x", "target", 1)).status());
    assertEquals(400, a.post("/goals", student, Map.of("student_id", studentId, "subject", "english", "title", "x", "target", 0)).status());
    assertEquals(200, a.get("/goals?student_id=" + studentId, parent).status());
    assertEquals(403, a.get("/goals?student_id=" + studentId, student2).status());
    assertEquals(400, a.get("/goals", student).status());

    assertEquals(403, a.call("PATCH", "/goals/" + goalId, student, "{\"target\": 1}").status(), "the tutor set it");
    TestApp.Reply patched = a.call("PATCH", "/goals/" + goalId, tutor, "{\"target\": 3, \"title\": \"Three right\"}");
    assertEquals(200, patched.status(), patched.raw().body());
    assertEquals(3, patched.body().get("target").asInt());
    assertEquals(403, a.call("PATCH", "/goals/" + goalId, parent, "{\"target\": 1}").status());
    assertEquals(404, a.call("PATCH", "/goals/" + java.util.UUID.randomUUID(), student, "{\"target\": 1}").status());

    TestApp.Reply o = b.post("/overrides", tutor, Map.of("student_id", studentId, "kind", "goal_progress",
        "goal_id", goalId, "value", 3, "reason", "worked through it together"));
    assertEquals(200, o.status(), o.raw().body());
    var goals = a.get("/progress/" + studentId, parent).body().get("goals");
    assertEquals("completed", goals.get(0).get("status").asText());
    assertEquals(400, b.post("/overrides", tutor, Map.of("student_id", studentId, "kind", "goal_progress",
        "value", 3, "reason", "no goal id")).status());
  }
}
