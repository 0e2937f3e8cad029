package ai.elevare.telemetry;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's one Prometheus registry, as an actor-system extension: entities, AI calls and
 * projections reach it through the system they run in, so no constructor has to carry it, and two
 * nodes in one JVM (the cluster tests) keep their own series. Every series of ours is named
 * {@code elevare_*}; labels stay bounded (route templates, kinds, never ids).
 */
public final class Telemetry implements Extension {
  public static final ExtensionId<Telemetry> ID =
      new ExtensionId<>() {
        @Override
        public Telemetry createExtension(ActorSystem<?> system) {
          return new Telemetry();
        }
      };

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** One instance per meter group (entity type, AI, ...), made on first use. */
  private final ConcurrentMap<Object, Object> groups = new ConcurrentHashMap<>();

  private Telemetry() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  public static Telemetry get(ActorSystem<?> system) {
    return system.registerExtension(ID); // creates it on first use, then returns the same one
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Adds one to counter {@code name} (without the {@code _total} Prometheus adds) with {@code tags}
   * as key, value pairs: for events counted a few times a minute (nudges, summaries), where the
   * lookup by name costs nothing that matters.
   */
  public void count(String name, String... tags) {
    registry.counter(name, tags).increment();
  }

  @SuppressWarnings("unchecked")
  <T> T group(Object key, Function<PrometheusMeterRegistry, T> create) {
    return (T) groups.computeIfAbsent(key, k -> create.apply(registry));
  }
}
