package ai.elevare.platform;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.dispatch.MessageDispatcher;

/**
 * What the management port reports about this node. pekko-management builds its routes and health
 * checks by class name when it starts, before the database pool and the metrics registry exist:
 * {@link App} hands them over here as they come up, and until then the node is simply not ready.
 */
public final class NodeStatus implements Extension {
  public static final Id ID = new Id();

  private volatile Database database;
  private volatile PrometheusMeterRegistry metrics;
  private volatile boolean serving;

  public void database(Database database) {
    this.database = database;
  }

  /** The public HTTP port is bound: the start is complete. */
  public void serving() {
    this.serving = true;
  }

  public void metrics(PrometheusMeterRegistry metrics) {
    io.micrometer.core.instrument.Gauge.builder("elevare.ready", lastReady, java.util.concurrent.atomic.AtomicInteger::get)
        .description("1 when the node's last readiness check (cluster member, database, migrations) passed")
        .register(metrics);
    this.metrics = metrics;
  }

  private final java.util.concurrent.atomic.AtomicInteger lastReady = new java.util.concurrent.atomic.AtomicInteger();

  void recordReady(boolean ready) {
    lastReady.set(ready ? 1 : 0);
  }

  /** The registry, or null while the node is starting. */
  PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /**
   * The public port serves (management starts long before it), migrations ran and the database
   * answers a trivial query. Blocks: call off the HTTP dispatcher.
   */
  boolean ready() {
    Database db = database;
    return serving && db != null && db.ready();
  }

  public static final class Id extends AbstractExtensionId<NodeStatus> {
    @Override
    public NodeStatus createExtension(ExtendedActorSystem system) {
      return new NodeStatus();
    }
  }

  /**
   * The readiness check named {@code elevare} in cluster.conf, beside pekko-management's own
   * {@code cluster-membership}. Runs on the blocking dispatcher: the JDBC check may wait.
   */
  public static final class ReadyCheck implements Supplier<CompletionStage<Boolean>> {
    private final NodeStatus status;
    private final MessageDispatcher blocking;

    public ReadyCheck(ActorSystem system) {
      this.status = ID.get(system);
      this.blocking = system.dispatchers().lookup("elevare-blocking-dispatcher");
    }

    @Override
    public CompletionStage<Boolean> get() {
      return CompletableFuture.supplyAsync(status::ready, blocking);
    }
  }
}
