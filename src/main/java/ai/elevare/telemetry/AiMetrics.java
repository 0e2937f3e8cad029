package ai.elevare.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * AI calls on this node: each call's time to its one reply by task and outcome (primary,
 * fallback, unavailable), the primary's failures by kind, the fallbacks by reason, and each remote
 * provider's circuit breaker state. Tasks, kinds, reasons and providers are short fixed lists.
 */
public final class AiMetrics {
  public enum Outcome { PRIMARY, FALLBACK, UNAVAILABLE }

  /** Gauge values of {@code elevare_ai_circuit_state}. */
  public enum Circuit { CLOSED, HALF_OPEN, OPEN }

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Timer> calls = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AtomicInteger> circuits = new ConcurrentHashMap<>();

  private AiMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public static AiMetrics of(ActorSystem<?> system) {
    return Telemetry.get(system).group(AiMetrics.class, AiMetrics::new);
  }

  /** One call of {@code task} answered with {@code outcome} after {@code nanos}. */
  public void call(String task, Outcome outcome, long nanos) {
    String o = outcome.name().toLowerCase();
    calls
        .computeIfAbsent(
            task + '|' + o,
            k ->
                Timer.builder("elevare_ai_calls")
                    .description("AI calls from start to their one reply")
                    .tag("task", task)
                    .tag("outcome", o)
                    .serviceLevelObjectives(Buckets.LONG)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** An attempt of the primary {@code provider} failed ({@code kind}: rate_limited, io, circuit_open, ...). */
  public void failure(String provider, String kind) {
    registry.counter("elevare_ai_failures", "provider", provider, "kind", kind).increment();
  }

  /** The fallback took over ({@code reason}: circuit_open, deadline, retries_spent, not_retryable). */
  public void fallback(String task, String reason) {
    registry.counter("elevare_ai_fallbacks", "task", task, "reason", reason).increment();
  }

  /** {@code provider}'s breaker is now {@code state}; the gauge appears on first use of the provider. */
  public void circuit(String provider, Circuit state) {
    circuit(provider).set(state.ordinal());
    registry.counter("elevare_ai_circuit_transitions", "provider", provider, "to", state.name().toLowerCase()).increment();
  }

  /** Registers {@code provider}'s breaker, closed. */
  public void circuitCreated(String provider) {
    circuit(provider);
  }

  private AtomicInteger circuit(String provider) {
    return circuits.computeIfAbsent(
        provider,
        p -> {
          AtomicInteger v = new AtomicInteger();
          Gauge.builder("elevare_ai_circuit_state", v, AtomicInteger::get)
              .description("Circuit breaker of a remote AI provider: 0 closed, 1 half-open, 2 open")
              .tag("provider", p)
              .register(registry);
          return v;
        });
  }
}
