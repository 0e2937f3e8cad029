package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import ai.elevare.student.StudentCommand;
import ai.elevare.student.StudentCommand.EvaluateNudges;
import ai.elevare.student.StudentCommand.GetProgress;
import ai.elevare.student.StudentEntity;
import ai.elevare.student.StudentReply.ProgressView;
import ai.elevare.testing.Eventually;
import ai.elevare.testing.TestApp;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one cluster on one PostgreSQL database, each waking the same student again and
 * again around the due time (as two scanners or redelivered wake-ups would): one nudge is stored,
 * one row is in the app, one e-mail goes out (both nodes run an outbox).
 */
class TwoNodeNudgeIT {

  @Test
  void wakeUpsFromTwoNodesSendOneNudge() throws Exception {
    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Map<String, Object> nudges = new HashMap<>();
    nudges.put("elevare.nudges.inactivity-after", "5s");
    nudges.put("elevare.nudges.scan-interval", "1s");
    nudges.put("elevare.nudges.quiet-hours", "off");
    nudges.put("elevare.nudges.outbox-interval", "200ms");
    nudges.put("elevare.smtp.host", "127.0.0.1");
    nudges.put("elevare.smtp.port", smtp.getSmtp().getPort());
    try (TestApp a = new TestApp(nudges)) {
      Map<String, Object> second = new HashMap<>(nudges);
      second.put("elevare.cluster.formation", "seed-nodes");
      second.put("pekko.cluster.seed-nodes", List.of(Cluster.get(a.app().system()).selfMember().address().toString()));
      TestApp b = new TestApp(a.dbUrl(), second);
      try {
        assertTrue(Eventually.await(Duration.ofSeconds(30), () ->
            Cluster.get(a.app().system()).state().members().size() == 2
                && Cluster.get(b.app().system()).selfMember().status() == MemberStatus.up()));
        String token = b.login("student@demo.elevare");
        String studentId = b.userId(token);
        String assignment = b.get("/practice/assign?subject=biology", token).body().get("assignment_id").asText();
        assertEquals(200, b.post("/practice/complete", token, Map.of("assignment_id", assignment, "give_up", true)).status());

        List<EntityRef<StudentCommand>> refs =
            List.of(ref(a, studentId), ref(b, studentId));
        Jdbc jdbc = new Jdbc(a.app().database().dataSource());
        String nudgeRows = "SELECT COUNT(*) FROM nudges WHERE student_id = ?";
        assertTrue(
            Eventually.await(Duration.ofSeconds(60), () -> {
              refs.forEach(r -> r.tell(new EvaluateNudges()));
              return count(jdbc, nudgeRows, studentId) > 0;
            }),
            "a nudge after the student stopped");
        for (int i = 0; i < 10; i++) refs.forEach(r -> r.tell(new EvaluateNudges()));
        // each node's wake-ups are handled before its own ask
        for (EntityRef<StudentCommand> r : refs) {
          r.<ProgressView>ask(p -> new GetProgress("UTC", p), Duration.ofSeconds(10)).toCompletableFuture().get();
        }
        assertTrue(Eventually.await(Duration.ofSeconds(30), () ->
            count(jdbc, "SELECT COUNT(*) FROM nudges WHERE student_id = ? AND email_status = 'sent'", studentId) == 1));

        assertEquals(1, count(jdbc, nudgeRows, studentId));
        assertEquals(1, count(jdbc,
            "SELECT COUNT(*) FROM event_journal WHERE persistence_id = ? AND event_ser_manifest LIKE '%NudgeSent'",
            "Student|" + studentId));
        assertEquals(1, smtp.getReceivedMessages().length, "one e-mail");
      } finally {
        b.app().close();
      }
    } finally {
      smtp.stop();
    }
  }

  private static EntityRef<StudentCommand> ref(TestApp node, String studentId) {
    return ClusterSharding.get(node.app().system()).entityRefFor(StudentEntity.ENTITY_KEY, studentId);
  }

  private static long count(Jdbc jdbc, String sql, String param) {
    return jdbc.queryOne(sql, rs -> rs.getLong(1), param).orElseThrow();
  }
}
