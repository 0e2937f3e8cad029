package ai.elevare.platform;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.testing.Eventually;
import ai.elevare.testing.NodeProcess;
import ai.elevare.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Three nodes as separate JVMs on loopback and one PostgreSQL database, students answering
 * practice items through all of them. The oldest node (it also runs the shard coordinator) gets
 * SIGKILL: every answer that got a 2xx is in the journal and in /progress afterwards, and the
 * students whose entities lived there answer again within a bound (the failover time, printed).
 * Then a second node leaves with SIGTERM (coordinated shutdown): its shards move to the last
 * node with no failed request.
 */
class ClusterFailoverIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** `make bench-failover` runs more students (-Dfailover.students). */
  private static final int STUDENTS = Integer.getInteger("failover.students", 12);
  /** Think time between one student's answers: a steady load, not a saturating one, on 2 cores. */
  private static final long THINK_MS = 250;
  private static final Duration FAILOVER_BOUND = Duration.ofSeconds(60);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void aKilledNodeLosesNoAcknowledgedAnswerAndAGracefulLeaveFailsNoRequest() throws Exception {
    long testStarted = System.nanoTime();
    String db = TestDatabases.create();
    Path logs = Path.of("target", "cluster-failover");
    List<int[]> ports = List.of(NodeProcess.freePorts(), NodeProcess.freePorts(), NodeProcess.freePorts());
    String seeds = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p[1]).toList());
    List<NodeProcess> nodes = new ArrayList<>();
    Load load = null;
    try {
      for (int i = 0; i < 3; i++) {
        Map<String, String> env = new HashMap<>();
        env.put("ELEVARE_CLUSTER_FORMATION", "seed-nodes");
        env.put("ELEVARE_SEED_NODES", seeds);
        env.put("ELEVARE_DB_URL", db);
        env.put("ELEVARE_DB_USER", "postgres");
        env.put("ELEVARE_DB_PASSWORD", "");
        env.put("ELEVARE_DB_JOURNAL_POOL", "3");
        env.put("ELEVARE_DB_APP_POOL", "3");
        env.put("ELEVARE_DB_QUERY_POOL", "1");
        env.put("ELEVARE_DEMO_ACCOUNTS", "true");
        // the load is a few students answering fast: per-user limits are not what this measures
        env.put("ELEVARE_RATE_PER_MINUTE", "100000");
        env.put("ELEVARE_RATE_PER_HOUR", "1000000");
        env.put("ELEVARE_WEBHOOK_SECRET", "cluster-failover-test");
        env.put("ELEVARE_DATA_DIR", logs.resolve("data-" + i).toAbsolutePath().toString());
        NodeProcess node = NodeProcess.start(ports.get(i),
            List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), env, logs.resolve("node-" + i + ".log"));
        nodes.add(node);
        // One after the other: three JVMs warming up at once on 2 shared cores starve each other
        // (an extension taking over 20 s to initialise fails the start). Generous deadline.
        node.awaitReady(Duration.ofMinutes(5));
      }
      assertTrue(Eventually.await(Duration.ofSeconds(60), () -> upMembers(nodes.get(2)) == 3), "three Up members");
      System.out.printf(Locale.ROOT, "cluster of 3 ready after %.1f s%n", seconds(testStarted));

      // Students, made by the admin and spread over the entry nodes.
      String admin = login(nodes.get(0), "admin@demo.elevare", "elevare-demo");
      List<Student> students = new ArrayList<>();
      for (int i = 0; i < STUDENTS; i++) {
        String email = "student" + i + "@failover.test";
        Reply created = call(nodes.get(0).httpPort, "POST", "/admin/users", admin,
            Map.of("email", email, "name", "Student " + i, "role", "student", "password", "failover-pass-" + i));
        assertEquals(201, created.status, created.body.toString());
        students.add(new Student(created.body.get("id").asText(), login(nodes.get(i % 3), email, "failover-pass-" + i), i % 3));
      }
      load = new Load(students, nodes);
      load.start();
      assertTrue(Eventually.await(Duration.ofSeconds(120), () -> students.stream().allMatch(s -> s.acked.size() >= 2)),
          "every student answers before the kill");

      // Which students live on the node about to die: their shards, read from its management port.
      NodeProcess victim = nodes.get(0);
      Set<String> victimShards = shardsOn(victim);
      List<Student> failedOver =
          students.stream().filter(s -> victimShards.contains(shardOf(s.id))).toList();
      assertFalse(failedOver.isEmpty(), "some students' entities live on the killed node: " + victimShards);

      long killedAt = System.nanoTime();
      load.down(0); // as a load balancer: no new requests to it
      victim.process().destroyForcibly();
      assertTrue(victim.process().waitFor(30, TimeUnit.SECONDS));
      assertTrue(
          Eventually.await(FAILOVER_BOUND, () -> failedOver.stream().allMatch(s -> s.lastAckStartedNanos.get() > killedAt)),
          "the killed node's students answer again within " + FAILOVER_BOUND);
      List<Double> failover = failedOver.stream()
          .map(s -> (s.firstAckAfter(killedAt) - killedAt) / 1e9).sorted().toList();
      System.out.printf(Locale.ROOT,
          "FAILOVER after SIGKILL: %d of %d students were on the killed node; answered again after %.1f s (median) / %.1f s (max); all students %s%n",
          failedOver.size(), STUDENTS, failover.get(failover.size() / 2), failover.get(failover.size() - 1),
          students.stream().map(s -> String.format(Locale.ROOT, "%.1f", (s.firstAckAfter(killedAt) - killedAt) / 1e9)).toList());
      assertTrue(Eventually.await(Duration.ofSeconds(60), () -> upMembers(nodes.get(2)) == 2), "the dead node was removed");

      // Graceful leave: node 1 drained of requests, then SIGTERM; its shards move to node 2.
      load.drain(1);
      load.failures.clear();
      long leaveStarted = System.nanoTime();
      NodeProcess leaving = nodes.get(1);
      leaving.process().destroy();
      assertTrue(leaving.process().waitFor(90, TimeUnit.SECONDS), "coordinated shutdown ends the process");
      long leftAt = System.nanoTime();
      System.out.printf(Locale.ROOT, "graceful leave took %.1f s (SIGTERM to exit)%n", (leftAt - leaveStarted) / 1e9);
      assertTrue(
          Eventually.await(Duration.ofSeconds(60), () -> students.stream().allMatch(s -> s.lastAckStartedNanos.get() > leftAt)),
          "every student answers through the last node after the leave");
      load.stop();
      assertEquals(List.of(), load.failures, "no failed request during and after the graceful leave");
      assertEquals(1, upMembers(nodes.get(2)));

      // Every acknowledged answer is in the journal and counted in /progress.
      try (Connection c = DriverManager.getConnection(db, "postgres", "")) {
        for (Student s : students) {
          for (String assignment : s.acked) {
            assertTrue(answerInJournal(c, s.id, assignment), "acknowledged answer " + assignment + " of " + s.id + " in the journal");
          }
          long inJournal = answersInJournal(c, s.id);
          Reply progress = call(nodes.get(2).httpPort, "GET", "/progress/" + s.id, s.token, null);
          assertEquals(200, progress.status, progress.body.toString());
          int attempts = 0;
          for (JsonNode r : progress.body.get("ratings")) attempts += r.get("attempts").asInt();
          assertEquals(inJournal, attempts, "/progress counts every stored answer of " + s.id);
          assertTrue(attempts >= s.acked.size(), "/progress has every acknowledged answer of " + s.id);
        }
      }
      System.out.printf(Locale.ROOT, "answers acknowledged: %d; failed requests around the kill: %d; test took %.1f s%n",
          students.stream().mapToInt(s -> s.acked.size()).sum(), load.failuresBeforeLeave.get(), seconds(testStarted));
    } finally {
      if (load != null) load.stop();
      for (NodeProcess n : nodes) n.close();
      TestDatabases.drop(db);
    }
  }

  /** One student's identity, entry node and acknowledged answers (assignment ids). */
  static final class Student {
    final String id;
    final String token;
    volatile int entry;
    final List<String> acked = new CopyOnWriteArrayList<>();
    /** When each acknowledged answer's cycle (assign, then complete) started. */
    final List<Long> ackStarted = new CopyOnWriteArrayList<>();
    final AtomicLong lastAckStartedNanos = new AtomicLong();

    Student(String id, String token, int entry) {
      this.id = id;
      this.token = token;
      this.entry = entry;
    }

    /** The first answer cycle started after {@code t} that was acknowledged: when its 2xx came. */
    long firstAckAfter(long t) {
      for (int i = 0; i < ackStarted.size(); i++) {
        if (ackStarted.get(i) > t) return ackDone.get(i);
      }
      return Long.MAX_VALUE;
    }

    final List<Long> ackDone = new CopyOnWriteArrayList<>();
  }

  /** Each student in a loop: assign, give up (an answer), think; through its entry node. */
  final class Load {
    final List<Student> students;
    final List<NodeProcess> nodes;
    final Set<Integer> downNodes = ConcurrentHashMap.newKeySet();
    final AtomicBoolean running = new AtomicBoolean(true);
    final List<String> failures = new CopyOnWriteArrayList<>();
    final AtomicLong failuresBeforeLeave = new AtomicLong();
    final List<Thread> threads = new ArrayList<>();
    /** Requests on their way to each node, so taking a node out can wait for them as a load balancer drains. */
    final AtomicIntegerArray inFlight;

    Load(List<Student> students, List<NodeProcess> nodes) {
      this.students = students;
      this.nodes = nodes;
      this.inFlight = new AtomicIntegerArray(nodes.size());
    }

    void start() {
      for (Student s : students) {
        Thread t = new Thread(() -> run(s), "student-" + s.id);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }

    /** No new request goes to {@code node} (those on their way may still fail, as when it is killed). */
    void down(int node) {
      downNodes.add(node);
    }

    /** {@link #down}, then waits for the requests already on their way, as a load balancer drains a node. */
    void drain(int node) throws Exception {
      down(node);
      assertTrue(Eventually.await(Duration.ofSeconds(40), () -> inFlight.get(node) == 0),
          "requests to node " + node + " drain");
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(40));
    }

    /**
     * One request through a node that is not down. The request counts as on its way before the node
     * is checked, so {@link #down} either sees it or it sees the node down.
     */
    private Reply route(Student s, String method, String path, Object body) throws Exception {
      while (true) {
        int node = s.entry;
        inFlight.incrementAndGet(node);
        try {
          if (!downNodes.contains(node)) return call(nodes.get(node).httpPort, method, path, s.token, body);
        } finally {
          inFlight.decrementAndGet(node);
        }
        s.entry = (node + 1) % nodes.size();
      }
    }

    private void run(Student s) {
      while (running.get()) {
        long started = System.nanoTime();
        try {
          Reply assigned = route(s, "GET", "/practice/assign?subject=biology", null);
          if (assigned.status != 200) {
            fail(s, "assign " + assigned.status + " " + assigned.body);
            continue;
          }
          String assignment = assigned.body.get("assignment_id").asText();
          Reply done = route(s, "POST", "/practice/complete", Map.of("assignment_id", assignment, "give_up", true));
          if (done.status / 100 == 2) {
            s.acked.add(assignment);
            s.ackStarted.add(started);
            s.ackDone.add(System.nanoTime());
            s.lastAckStartedNanos.set(started);
          } else {
            fail(s, "complete " + done.status + " " + done.body);
            continue;
          }
        } catch (Exception e) {
          fail(s, e.toString());
          continue;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(THINK_MS));
      }
    }

    private void fail(Student s, String what) {
      failures.add(s.id + " via node " + s.entry + ": " + what);
      failuresBeforeLeave.incrementAndGet();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // do not spin on a failing node
    }
  }

  record Reply(int status, JsonNode body) {}

  Reply call(int port, String method, String path, String token, Object body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode node = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    return new Reply(r.statusCode(), node);
  }

  private String login(NodeProcess node, String email, String password) throws Exception {
    Reply r = call(node.httpPort, "POST", "/auth/login", null, Map.of("email", email, "password", password));
    assertEquals(200, r.status, r.body.toString());
    return r.body.get("access_token").asText();
  }

  private int upMembers(NodeProcess node) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort + "/cluster/members")).build(),
        HttpResponse.BodyHandlers.ofString());
    int up = 0;
    for (JsonNode m : JSON.readTree(r.body()).get("members")) if (m.get("status").asText().equals("Up")) up++;
    return up;
  }

  /** The shard ids hosted by this node's Student region (pekko-management's /cluster/shards). */
  private Set<String> shardsOn(NodeProcess node) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort + "/cluster/shards/Student")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    Set<String> shards = new HashSet<>();
    for (JsonNode region : JSON.readTree(r.body()).get("regions")) shards.add(region.get("shardId").asText());
    return shards;
  }

  /** Sharding's default extractor: the entity id's hash modulo number-of-shards (100, cluster.conf). */
  private static String shardOf(String studentId) {
    return String.valueOf(Math.abs(studentId.hashCode() % 100));
  }

  private static boolean answerInJournal(Connection c, String studentId, String assignmentId) throws Exception {
    // CBOR keeps text as UTF-8 bytes: the assignment id is found verbatim in the event's payload.
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*) FROM event_journal WHERE persistence_id = ? AND event_ser_manifest LIKE '%AnswerSubmitted'"
            + " AND position(convert_to(?, 'UTF8') in event_payload) > 0")) {
      ps.setString(1, "Student|" + studentId);
      ps.setString(2, assignmentId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) == 1;
      }
    }
  }

  private static long answersInJournal(Connection c, String studentId) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*) FROM event_journal WHERE persistence_id = ? AND event_ser_manifest LIKE '%AnswerSubmitted'")) {
      ps.setString(1, "Student|" + studentId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
