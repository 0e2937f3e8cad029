package ai.elevare.telemetry;

import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.MDC;

/**
 * Wraps an entity's behavior: counts it running and stopped in {@link EntityMetrics}, and puts the
 * request id of a command that carries one into the MDC while that command is handled, so the
 * entity's log lines show it. Typed actors carry no MDC from the sender: the id travels in the
 * command itself, and is never persisted. Messages without an id cost one null check.
 */
public final class EntityTelemetry<T> extends BehaviorInterceptor<T, T> {
  public static final String REQUEST_ID = "requestId";

  private final EntityMetrics metrics;
  private final Function<T, String> requestIdOf;

  private EntityTelemetry(Class<T> type, EntityMetrics metrics, Function<T, String> requestIdOf) {
    super(type);
    this.metrics = metrics;
    this.requestIdOf = requestIdOf;
  }

  /** @param requestIdOf the request id a command carries, or null */
  public static <T> Behavior<T> wrap(
      Class<T> type, EntityMetrics metrics, Function<T, String> requestIdOf, Behavior<T> behavior) {
    return Behaviors.intercept(() -> new EntityTelemetry<>(type, metrics, requestIdOf), behavior);
  }

  /**
   * A child actor (an AI call) whose every log line shows {@code requestId}; the behavior itself
   * when there is none.
   */
  @SuppressWarnings("unchecked")
  public static <T> Behavior<T> withRequestId(String requestId, Behavior<T> behavior) {
    if (requestId == null) return behavior;
    // Every message, not only T's: timers reach the actor wrapped in Pekko's own class, and the
    // AI call's deadline and retries are timers.
    Class<T> all = (Class<T>) (Class<?>) Object.class;
    return Behaviors.withMdc(all, Map.of(REQUEST_ID, requestId), behavior);
  }

  @Override
  public Behavior<T> aroundStart(TypedActorContext<T> ctx, PreStartTarget<T> target) {
    metrics.started();
    return target.start(ctx);
  }

  @Override
  public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T msg, ReceiveTarget<T> target) {
    String id = requestIdOf.apply(msg);
    if (id == null) return target.apply(ctx, msg);
    MDC.put(REQUEST_ID, id);
    try {
      return target.apply(ctx, msg);
    } finally {
      MDC.remove(REQUEST_ID);
    }
  }

  @Override
  public Behavior<T> aroundSignal(TypedActorContext<T> ctx, Signal signal, SignalTarget<T> target) {
    if (signal instanceof PostStop) metrics.stopped();
    return target.apply(ctx, signal);
  }
}
