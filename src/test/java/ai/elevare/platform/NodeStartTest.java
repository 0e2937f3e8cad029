package ai.elevare.platform;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.testing.NodeProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a node finds its cluster and its ports, and how it refuses to start when it cannot. */
class NodeStartTest {

  @Test
  void seedNodesFromTheEnvironmentBecomeArteryAddresses() {
    assertEquals(
        List.of("pekko://elevare@10.0.0.5:25520", "pekko://elevare@node-2.local:25521"),
        Settings.seedNodes("10.0.0.5:25520, node-2.local:25521"));
    for (String bad : List.of("10.0.0.5", "host:", ":25520", "host:port", "host:0", "host:70000", "a:1,,b:2")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.seedNodes(bad), bad);
      assertTrue(e.getMessage().startsWith("ELEVARE_SEED_NODES: "), e.getMessage());
    }
  }

  @Test
  void seedNodeFormationWithoutSeedsIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () ->
            Settings.load("application", Map.of(
                "elevare.db.url", "jdbc:postgresql://127.0.0.1:5432/unused",
                "elevare.cluster.formation", "seed-nodes")));
    assertTrue(e.getMessage().contains("ELEVARE_SEED_NODES"), e.getMessage());
    Settings ok = Settings.load("application", Map.of(
        "elevare.db.url", "jdbc:postgresql://127.0.0.1:5432/unused",
        "elevare.cluster.formation", "seed-nodes",
        "elevare.cluster.seed-nodes", "127.0.0.1:25520"));
    assertEquals(List.of("pekko://elevare@127.0.0.1:25520"), ok.config().getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void theEmbeddedDefaultTakesAnyFreeClusterAndManagementPort() {
    Settings s = Settings.load("application", Map.of());
    assertEquals(0, s.config().getInt("pekko.remote.artery.canonical.port"));
    assertEquals(0, s.config().getInt("pekko.management.http.port"));
  }

  @Test
  void aTakenPortIsNamedInOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> PortCheck.check("127.0.0.1", port, "cluster port (ELEVARE_CLUSTER_PORT)"));
      assertEquals(
          "The cluster port (ELEVARE_CLUSTER_PORT) " + port + " on 127.0.0.1 is in use: another node or program"
              + " listens there. Stop it or choose another port.",
          e.getMessage());
    }
    PortCheck.check("127.0.0.1", 0, "any free port"); // nothing to check, nothing thrown
  }

  @Test
  void aSecondEmbeddedNodeGetsItsOwnDatabaseAndAnExplicitDirectoryInUseIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("elevare.mv.db");
    Files.writeString(file, "");
    assertSame(dir, EmbeddedDataDir.choose(dir, true, 8081), "free: used as is");
    try (FileChannel open = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = open.lock()) {
      assertTrue(EmbeddedDataDir.inUse(dir));
      assertEquals(dir.resolve("node-8081"), EmbeddedDataDir.choose(dir, true, 8081));
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> EmbeddedDataDir.choose(dir, false, 8081));
      assertTrue(e.getMessage().contains("set ELEVARE_DATA_DIR"), e.getMessage());
    }
  }

  /** The real process: exit code 1 and one line naming the port, no stack trace, nothing started. */
  @Test
  void aNodeOnATakenClusterPortExitsWithOneLine(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int[] ports = NodeProcess.freePorts();
      ports[1] = taken.getLocalPort();
      NodeProcess node = NodeProcess.start(ports, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
          Map.of("ELEVARE_DATA_DIR", dir.resolve("data").toString()), dir.resolve("node.log"));
      assertTrue(node.process().waitFor(120, TimeUnit.SECONDS), "exits by itself");
      assertEquals(1, node.process().exitValue());
      String out = Files.readString(dir.resolve("node.log"));
      assertTrue(out.contains("ElevareAI failed to start: The cluster port (ELEVARE_CLUSTER_PORT) "
          + ports[1] + " on 127.0.0.1 is in use"), out);
      assertFalse(out.contains("\tat "), "no stack trace:\n" + out);
      assertFalse(Files.exists(dir.resolve("data").resolve("elevare.mv.db")), "nothing started: no database");
    }
  }
}
