package ai.elevare.ai;

import ai.elevare.telemetry.AiMetrics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.CircuitBreaker;
import org.slf4j.Logger;

/**
 * One circuit breaker per remote provider, shared by every {@link AiCall} of this node, so that
 * when a provider is down the calls of all students stop hitting it together. Create it once at
 * start; breakers are made on first use of a provider name.
 */
public final class AiBreakers {

  private final org.apache.pekko.actor.Scheduler scheduler;
  private final AiSettings.BreakerSettings settings;
  private final Logger log;
  private final AiMetrics metrics;
  private final ConcurrentMap<String, CircuitBreaker> byProvider = new ConcurrentHashMap<>();

  private AiBreakers(ActorSystem<?> system, AiSettings.BreakerSettings settings) {
    this.scheduler = system.classicSystem().scheduler();
    this.settings = settings;
    this.log = system.log();
    this.metrics = AiMetrics.of(system);
  }

  public static AiBreakers create(ActorSystem<?> system, AiSettings.BreakerSettings settings) {
    return new AiBreakers(system, settings);
  }

  /** The breaker of {@code provider}, created on first use. */
  public CircuitBreaker forProvider(String provider) {
    return byProvider.computeIfAbsent(provider, this::newBreaker);
  }

  private CircuitBreaker newBreaker(String provider) {
    CircuitBreaker b =
        CircuitBreaker.create(
            scheduler, settings.maxFailures(), settings.callTimeout(), settings.resetTimeout());
    if (settings.maxResetTimeout().compareTo(settings.resetTimeout()) > 0) {
      b = b.withExponentialBackoff(settings.maxResetTimeout());
    }
    metrics.circuitCreated(provider);
    return b.addOnOpenListener(
            () -> {
              metrics.circuit(provider, AiMetrics.Circuit.OPEN);
              log.warn("AI provider {}: circuit opened, answering from the fallback", provider);
            })
        .addOnHalfOpenListener(
            () -> {
              metrics.circuit(provider, AiMetrics.Circuit.HALF_OPEN);
              log.info("AI provider {}: circuit half-open, trying", provider);
            })
        .addOnCloseListener(
            () -> {
              metrics.circuit(provider, AiMetrics.Circuit.CLOSED);
              log.info("AI provider {}: circuit closed again", provider);
            });
  }
}
