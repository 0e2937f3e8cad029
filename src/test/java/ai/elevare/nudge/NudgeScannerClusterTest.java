package ai.elevare.nudge;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scanner as the product starts it: a sharded daemon process on a one-node cluster. */
class NudgeScannerClusterTest {
  private static ActorTestKit kit;
  private static ExecutorService blocking;

  @BeforeAll
  static void start() {
    kit =
        ActorTestKit.create(
            "NudgeScannerClusterTest",
            ConfigFactory.parseString(
                """
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                pekko.loglevel = WARNING
                """));
    blocking = Executors.newFixedThreadPool(2);
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(
        Duration.ofSeconds(10),
        () -> {
          assertEquals(MemberStatus.up(), cluster.selfMember().status());
          return null;
        });
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
    blocking.shutdownNow();
  }

  @Test
  void theDaemonWakesDueStudents() {
    Instant t0 = Instant.parse("2026-06-01T12:00:00Z");
    TestClock clock = new TestClock(t0);
    NudgeIndex index = new NudgeIndex(new Jdbc(NudgeTestDb.h2()));
    index.upsertDue("due-student", t0.minusSeconds(1));
    index.upsertDue("later-student", t0.plus(Duration.ofDays(1)));
    TestProbe<String> woken = kit.createTestProbe();
    NudgeScanner.init(kit.system(), index, clock, Duration.ofMillis(200), blocking, woken.ref()::tell);
    assertEquals("due-student", woken.receiveMessage(Duration.ofSeconds(15)));
    woken.expectNoMessage(Duration.ofMillis(600));
    clock.advance(Duration.ofDays(1));
    assertEquals("later-student", woken.receiveMessage(Duration.ofSeconds(5)));
  }
}
