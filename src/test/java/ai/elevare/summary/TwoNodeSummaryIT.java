package ai.elevare.summary;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import ai.elevare.testing.Eventually;
import ai.elevare.testing.TestApp;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;

/** Rails retries landing on different nodes at once still make one summary with one id. */
class TwoNodeSummaryIT {

  @Test
  void fourConcurrentDuplicatesOnTwoNodesGiveOneSummary() throws Exception {
    try (TestApp a = new TestApp(Map.of("elevare.ai.provider", "local"))) {
      String seed = Cluster.get(a.app().system()).selfMember().address().toString();
      TestApp b = new TestApp(a.dbUrl(), Map.of(
          "elevare.ai.provider", "local",
          "elevare.cluster.formation", "seed-nodes",
          "pekko.cluster.seed-nodes", List.of(seed)));
      try {
        assertTrue(Eventually.await(Duration.ofSeconds(30), () ->
            Cluster.get(a.app().system()).state().members().size() == 2
                && Cluster.get(b.app().system()).selfMember().status() == MemberStatus.up()));
        String studentId = a.userId(a.login("student@demo.elevare"));
        String tutorId = a.userId(a.login("tutor@demo.elevare"));
        String sessionId = "rails-" + UUID.randomUUID();
        Map<String, Object> session = Webhook.session(sessionId, studentId, tutorId, "chemistry");
        session.put("transcript", TranscriptSummarizerTest.fixture("chemistry-limiting-reactant.txt"));
        List<Webhook> senders = List.of(
            new Webhook(a.app().port(), TestApp.WEBHOOK_SECRET), new Webhook(b.app().port(), TestApp.WEBHOOK_SECRET));

        Set<String> ids = new HashSet<>();
        for (Webhook.Reply r : Webhook.concurrently(senders, session, 4)) {
          assertEquals(202, r.status(), String.valueOf(r.body()));
          ids.add(r.body().get("summary_id").asText());
        }
        assertEquals(Set.of(SummaryIds.forSession(sessionId)), ids);

        Jdbc jdbc = new Jdbc(a.app().database().dataSource());
        assertTrue(Eventually.await(Duration.ofSeconds(15), () ->
            jdbc.queryOne("SELECT status FROM session_summary WHERE session_id = ?", rs -> rs.getString(1), sessionId)
                .map("ready"::equals).orElse(false)), "one ready summary");
        assertEquals(1, jdbc.queryOne("SELECT count(*) FROM summary_deliveries WHERE session_id = ?", rs -> rs.getInt(1), sessionId).orElseThrow());
        assertEquals(1, jdbc.queryOne(
            "SELECT count(*) FROM event_journal WHERE persistence_id = ? AND event_ser_manifest LIKE '%SummaryReceived'",
            rs -> rs.getInt(1), "SessionSummary|" + sessionId).orElseThrow());
      } finally {
        b.app().close();
      }
    }
  }
}
