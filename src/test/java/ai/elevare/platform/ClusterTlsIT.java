package ai.elevare.platform;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.testing.Eventually;
import ai.elevare.testing.TestCertificates;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artery over mutual TLS with the transport settings of cluster.conf (production.conf turns
 * tls-tcp on): two nodes with certificates of the cluster's CA form a cluster; a node whose
 * certificate comes from another CA (same subject name) is refused and never becomes a member.
 */
class ClusterTlsIT {

  @Test
  void nodesWithTheClusterCaJoinAndANodeFromAnotherCaCannot(@TempDir Path dir) throws Exception {
    TestCertificates certs = new TestCertificates(dir);
    // keytool runs as a process per step: independent steps side by side
    ExecutorService keytools = Executors.newFixedThreadPool(3);
    CompletableFuture.allOf(
            CompletableFuture.runAsync(unchecked(() -> certs.ca("elevare-ca")), keytools),
            CompletableFuture.runAsync(unchecked(() -> certs.ca("other-ca")), keytools))
        .get(5, TimeUnit.MINUTES);
    var first = CompletableFuture.supplyAsync(
        uncheckedGet(() -> certs.node("node-1", "elevare-ca", "elevare-cluster")), keytools);
    var second = CompletableFuture.supplyAsync(
        uncheckedGet(() -> certs.node("node-2", "elevare-ca", "elevare-cluster")), keytools);
    // the same subject name as the cluster's nodes: only the CA differs
    var stranger = CompletableFuture.supplyAsync(
        uncheckedGet(() -> certs.node("stranger", "other-ca", "elevare-cluster")), keytools);
    CompletableFuture.allOf(first, second, stranger).get(5, TimeUnit.MINUTES);
    keytools.shutdown();

    ActorSystem a = node(first.get(), Map.of());
    ActorSystem b = null;
    ActorSystem c = null;
    try {
      Cluster clusterA = Cluster.get(a);
      Address seed = clusterA.selfAddress();
      assertEquals("tls-tcp", a.settings().config().getString("pekko.remote.artery.transport"));
      // Everyone the first node ever sees join, whatever happens after.
      Set<Address> seen = ConcurrentHashMap.newKeySet();
      a.actorOf(Props.create(Recorder.class, () -> new Recorder(seen)));
      clusterA.join(seed);

      b = node(second.get(), Map.of());
      Cluster.get(b).joinSeedNodes(List.of(seed));
      ActorSystem joined = b;
      assertTrue(
          Eventually.await(Duration.ofSeconds(60), () ->
              Cluster.get(joined).selfMember().status() == MemberStatus.up()
                  && clusterA.state().members().size() == 2),
          "a node with a certificate of the cluster's CA joins over TLS");

      // The stranger gives up on its own after shutdown-after-unsuccessful-join-seed-nodes: the
      // window in which it tried, and was refused, again and again.
      c = node(stranger.get(), Map.of("pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes", "8s"));
      Address strangerAddress = Cluster.get(c).selfAddress();
      Cluster.get(c).joinSeedNodes(List.of(seed));
      assertTrue(
          c.getWhenTerminated().toCompletableFuture().handle((t, e) -> true).get(90, TimeUnit.SECONDS),
          "the stranger stopped trying");
      assertFalse(seen.contains(strangerAddress), "the stranger never appeared as a member: " + seen);
      assertEquals(Set.of(seed, Cluster.get(b).selfAddress()), seen);
      assertEquals(2, clusterA.state().members().size());
    } finally {
      // All at once, then wait: one after the other, the last node's leave waits on peers already
      // gone. A slow shutdown is not what this test checks, so it only bounds the wait.
      for (ActorSystem s : new ActorSystem[] {c, b, a}) if (s != null) s.terminate();
      for (ActorSystem s : new ActorSystem[] {c, b, a}) {
        if (s == null) continue;
        try {
          s.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          System.err.println("ClusterTlsIT: " + s.name() + " still shutting down after 60 s");
        }
      }
    }
  }

  @Test
  void productionTurnsMutualTlsOn() {
    Config production =
        ConfigFactory.parseFile(new java.io.File("conf/production.conf"))
            .withFallback(ConfigFactory.parseResources("cluster.conf"))
            .resolve(com.typesafe.config.ConfigResolveOptions.defaults().setAllowUnresolved(true));
    assertEquals("tls-tcp", production.getString("pekko.remote.artery.transport"));
    assertEquals(
        "org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider",
        production.getString("pekko.remote.artery.ssl.ssl-engine-provider"));
    assertEquals(
        "/var/run/secrets/elevare/cluster-tls",
        production.getString("pekko.remote.artery.ssl.rotating-keys-engine.secret-mount-point"));
  }

  /** A bare cluster node (no application) on cluster.conf with tls-tcp and the given key directory. */
  private static ActorSystem node(Path tlsDir, Map<String, Object> extra) throws Exception {
    assertTrue(Files.exists(tlsDir.resolve("tls.key")));
    Map<String, Object> overrides = new java.util.HashMap<>(extra);
    overrides.put("pekko.remote.artery.transport", "tls-tcp");
    overrides.put("pekko.remote.artery.ssl.rotating-keys-engine.secret-mount-point", tlsDir.toString());
    overrides.put("pekko.remote.artery.canonical.port", 0);
    overrides.put("pekko.loglevel", "WARNING");
    overrides.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    Config config =
        ConfigFactory.load(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.parseResources("cluster.conf")));
    return ActorSystem.create("elevare", config);
  }

  interface Step {
    void run() throws Exception;
  }

  interface Make<T> {
    T get() throws Exception;
  }

  private static Runnable unchecked(Step step) {
    return () -> {
      try {
        step.run();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    };
  }

  private static <T> java.util.function.Supplier<T> uncheckedGet(Make<T> make) {
    return () -> {
      try {
        return make.get();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    };
  }

  /** Records every member the cluster reports as joining or up. */
  static final class Recorder extends AbstractActor {
    private final Set<Address> seen;

    Recorder(Set<Address> seen) {
      this.seen = seen;
    }

    @Override
    public void preStart() {
      Cluster.get(getContext().getSystem())
          .subscribe(getSelf(), ClusterEvent.initialStateAsEvents(), ClusterEvent.MemberEvent.class);
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(ClusterEvent.MemberEvent.class, e -> seen.add(e.member().address()))
          .matchAny(m -> {})
          .build();
    }
  }
}
