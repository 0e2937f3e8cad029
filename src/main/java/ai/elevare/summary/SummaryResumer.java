package ai.elevare.summary;

import ai.elevare.core.CborSerializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;

/**
 * Wakes summaries whose work was cut short where no message would wake them again: a node that
 * died mid-generation, a hand-over to the student still unacknowledged, a retry timer lost with a
 * passivated entity. One instance in the cluster (a sharded daemon process) scans the read model
 * shortly after start and then periodically, and sends each such session a {@code Resume} through
 * sharding; an entity with the work already under way ignores it.
 */
public final class SummaryResumer {
  public static final String NAME = "summary-resumer";
  private static final Duration FIRST_SCAN = Duration.ofSeconds(2);
  private static final int BATCH = 500;

  private SummaryResumer() {}

  public interface Msg extends CborSerializable {}

  record Scan(int n) implements Msg {}

  record Found(List<String> sessions, String error) implements Msg {}

  record Stop(int n) implements Msg {}

  public static void init(ActorSystem<?> system, SummaryQueries queries, Executor blocking, Duration interval) {
    ShardedDaemonProcess.get(system)
        .init(
            Msg.class, NAME, 1, i -> create(system, queries, blocking, interval),
            ShardedDaemonProcessSettings.create(system), Optional.of(new Stop(0)));
  }

  static Behavior<Msg> create(ActorSystem<?> system, SummaryQueries queries, Executor blocking, Duration interval) {
    ClusterSharding sharding = ClusterSharding.get(system);
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startSingleTimer(new Scan(0), FIRST_SCAN);
                  timers.startTimerWithFixedDelay("scan", new Scan(1), interval);
                  return Behaviors.receive(Msg.class)
                      .onMessage(
                          Scan.class,
                          m -> {
                            ctx.pipeToSelf(
                                CompletableFuture.supplyAsync(() -> queries.unfinishedSessions(BATCH), blocking),
                                (list, e) -> new Found(list == null ? List.of() : list, e == null ? null : e.toString()));
                            return Behaviors.same();
                          })
                      .onMessage(
                          Found.class,
                          m -> {
                            if (m.error() != null) {
                              ctx.getLog().warn("Scanning for unfinished summaries failed: {}", m.error());
                            }
                            for (String session : m.sessions()) {
                              sharding
                                  .entityRefFor(SessionSummaryEntity.ENTITY_TYPE_KEY, session)
                                  .tell(new SessionSummaryEntity.Resume("scan"));
                            }
                            return Behaviors.same();
                          })
                      .onMessage(Stop.class, m -> Behaviors.stopped())
                      .build();
                }));
  }
}
