package ai.elevare.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.HandlerRecoveryStrategy;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.StatusObserver;
import org.apache.pekko.projection.eventsourced.EventEnvelope;

/**
 * The read side's lag, per projection and tag (both short lists): how long after its write each
 * event was projected ({@code elevare_projection_event_delay_seconds}), the write time of the last
 * event whose offset is stored ({@code elevare_projection_offset_timestamp_seconds}, a stalled
 * projection stops moving it), events projected, handler errors and restarts.
 */
public final class ProjectionMetrics {
  private final MeterRegistry registry;
  private final ConcurrentMap<ProjectionId, Series> series = new ConcurrentHashMap<>();

  private ProjectionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** An observer for one projection: pass it to {@code withStatusObserver}. */
  public static <E> StatusObserver<EventEnvelope<E>> observer(ActorSystem<?> system) {
    return new Observer<>(Telemetry.get(system).group(ProjectionMetrics.class, ProjectionMetrics::new));
  }

  private Series series(ProjectionId id) {
    return series.computeIfAbsent(id, Series::new);
  }

  private final class Series {
    final Timer delay;
    final AtomicLong offsetMillis = new AtomicLong();

    Series(ProjectionId id) {
      delay =
          Timer.builder("elevare_projection_event_delay")
              .description("From an event's write to its projection")
              .tag("projection", id.name())
              .tag("tag", id.key())
              .serviceLevelObjectives(Buckets.LONG)
              .register(registry);
      Gauge.builder("elevare_projection_offset_timestamp_seconds", offsetMillis, v -> v.get() / 1000.0)
          .description("Write time (Unix seconds) of the last event whose offset is stored")
          .tag("projection", id.name())
          .tag("tag", id.key())
          .register(registry);
    }
  }

  private static final class Observer<E> extends StatusObserver<EventEnvelope<E>> {
    private final ProjectionMetrics m;

    Observer(ProjectionMetrics m) {
      this.m = m;
    }

    @Override
    public void started(ProjectionId id) {
      m.series(id);
    }

    @Override
    public void failed(ProjectionId id, Throwable cause) {
      m.registry.counter("elevare_projection_failures", "projection", id.name()).increment();
    }

    @Override
    public void stopped(ProjectionId id) {}

    @Override
    public void beforeProcess(ProjectionId id, EventEnvelope<E> envelope) {}

    @Override
    public void afterProcess(ProjectionId id, EventEnvelope<E> envelope) {
      long delay = System.currentTimeMillis() - envelope.timestamp();
      m.series(id).delay.record(Math.max(delay, 0), TimeUnit.MILLISECONDS);
    }

    @Override
    public void offsetProgress(ProjectionId id, EventEnvelope<E> envelope) {
      m.series(id).offsetMillis.accumulateAndGet(envelope.timestamp(), Math::max);
    }

    @Override
    public void error(
        ProjectionId id, EventEnvelope<E> envelope, Throwable cause, HandlerRecoveryStrategy strategy) {
      m.registry.counter("elevare_projection_errors", "projection", id.name()).increment();
    }
  }
}
