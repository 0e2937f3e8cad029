package ai.elevare.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The life of one entity type on this node: how many are running, how many recovered (and how long
 * the replay took), how many stopped (passivated when idle, or handed off to another node).
 */
public final class EntityMetrics {
  private final AtomicInteger active = new AtomicInteger();
  private final Counter recoveries;
  private final Counter recoveryFailures;
  private final Timer recoveryTime;
  private final Counter stops;

  private EntityMetrics(MeterRegistry registry, String type) {
    Gauge.builder("elevare_entities_active", active, AtomicInteger::get)
        .description("Entities running on this node")
        .tag("type", type)
        .register(registry);
    recoveries =
        Counter.builder("elevare_entity_recoveries")
            .description("Entities started and recovered from the journal")
            .tag("type", type)
            .register(registry);
    recoveryFailures =
        Counter.builder("elevare_entity_recovery_failures")
            .description("Entities whose recovery failed")
            .tag("type", type)
            .register(registry);
    recoveryTime =
        Timer.builder("elevare_entity_recovery")
            .description("From the entity's start to its recovery completing")
            .tag("type", type)
            .serviceLevelObjectives(Buckets.SHORT)
            .register(registry);
    stops =
        Counter.builder("elevare_entity_passivations")
            .description("Entities stopped: passivated when idle or handed off to another node")
            .tag("type", type)
            .register(registry);
  }

  /** The metrics of entity {@code type} ("student", "session_summary") on {@code system}'s node. */
  public static EntityMetrics of(ActorSystem<?> system, String type) {
    return Telemetry.get(system).group("entity:" + type, r -> new EntityMetrics(r, type));
  }

  public void started() {
    active.incrementAndGet();
  }

  /**
   * @param startedNanos {@link System#nanoTime()} when the entity started; 0 for a recovery after a
   *     journal failure restarted it, whose replay start is unknown (counted, not timed)
   */
  public void recovered(long startedNanos) {
    recoveries.increment();
    if (startedNanos != 0) recoveryTime.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
  }

  public void recoveryFailed() {
    recoveryFailures.increment();
  }

  public void stopped() {
    active.decrementAndGet();
    stops.increment();
  }
}
