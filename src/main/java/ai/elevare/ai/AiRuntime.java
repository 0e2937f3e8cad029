package ai.elevare.ai;

import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.CircuitBreaker;

/**
 * What every {@link AiCall} of a node shares: the primary provider chosen by the settings, the
 * local fallback, the per-provider circuit breakers and the settings. Built once at start by the
 * wiring and handed to the entities that spawn AI calls.
 */
public final class AiRuntime implements AutoCloseable {

  private final AiSettings settings;
  private final AiGateway primary;
  private final AiGateway fallback;
  private final AiBreakers breakers;

  private AiRuntime(
      AiSettings settings, AiGateway primary, AiGateway fallback, AiBreakers breakers) {
    this.settings = settings;
    this.primary = primary;
    this.fallback = fallback;
    this.breakers = breakers;
  }

  /**
   * The production wiring: {@code openai} when the settings ask for it (see {@link
   * AiSettings#effectiveProvider()}), the local provider otherwise; local is always the fallback.
   *
   * @param blockingExecutor where the openai SDK's blocking calls run
   */
  public static AiRuntime create(
      ActorSystem<?> system, AiSettings settings, Executor blockingExecutor, LocalProvider local) {
    AiGateway primary =
        "openai".equals(settings.effectiveProvider())
            ? new OpenAiProvider(settings, blockingExecutor)
            : local;
    return new AiRuntime(settings, primary, local, AiBreakers.create(system, settings.breaker()));
  }

  /** Explicit gateways, for tests and benchmarks. */
  public static AiRuntime of(
      AiSettings settings, AiGateway primary, AiGateway fallback, AiBreakers breakers) {
    return new AiRuntime(settings, primary, fallback, breakers);
  }

  public AiSettings settings() {
    return settings;
  }

  public AiGateway primary() {
    return primary;
  }

  public AiGateway fallback() {
    return fallback;
  }

  public AiBreakers breakers() {
    return breakers;
  }

  /**
   * The breaker guarding the primary, or null when the primary is the local provider itself (it has
   * no remote to protect and nothing to fall back to).
   */
  public CircuitBreaker primaryBreaker() {
    return primary == fallback ? null : breakers.forProvider(primary.providerName());
  }

  @Override
  public void close() {
    if (primary instanceof AutoCloseable c && primary != fallback) {
      try {
        c.close();
      } catch (Exception ignored) {
        // shutting down: nothing useful to do with a failed close
      }
    }
  }
}
