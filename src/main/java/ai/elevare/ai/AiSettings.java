package ai.elevare.ai;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How the AI gateway is set up; read once at start from {@code elevare.ai} (see
 * docs/qa-confidence.md for every key) and handed to the providers and to {@link AiRuntime}.
 *
 * @param provider "local", "openai", or "auto": openai when an API key or a base URL is configured
 * @param baseUrl any OpenAI-compatible endpoint (OpenAI, Azure, vLLM, Ollama, the test fake)
 * @param apiKey the key; servers that need none get a placeholder
 * @param strongModel the model for Q&A and summaries
 * @param cheapModel the model for nudge texts and generated practice
 * @param jsonSchema ask for {@code response_format: json_schema} (strict); false asks for {@code
 *     json_object}, which more OpenAI-compatible servers understand
 * @param deadlines the whole-call deadline per task, retries included
 * @param connectTimeout the TCP connect limit of one attempt (never above the remaining deadline)
 * @param maxIdleConnections HTTP connections kept open to the provider between calls; near the
 *     number of concurrent AI calls, so a burst does not pay for new connections
 * @param fallbackGrace how long the local fallback may take after the deadline before the caller
 *     gets {@link AiAnswer#unavailable()}
 * @param retry retries of the primary provider
 * @param breaker the circuit breaker of each remote provider
 */
public record AiSettings(
    String provider,
    String baseUrl,
    String apiKey,
    String strongModel,
    String cheapModel,
    boolean jsonSchema,
    Map<AiTask, Duration> deadlines,
    Duration connectTimeout,
    int maxIdleConnections,
    Duration fallbackGrace,
    RetryPolicy retry,
    BreakerSettings breaker) {

  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /**
   * The circuit breaker of one provider: opens after {@code maxFailures} consecutive failures, lets
   * one trial call through after {@code resetTimeout} (doubling up to {@code maxResetTimeout} while
   * trials keep failing); a call running longer than {@code callTimeout} counts as failed.
   */
  public record BreakerSettings(
      int maxFailures, Duration callTimeout, Duration resetTimeout, Duration maxResetTimeout) {

    public static BreakerSettings defaults() {
      return new BreakerSettings(
          5, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(5));
    }
  }

  public AiSettings {
    provider = provider == null || provider.isBlank() ? "auto" : provider.trim().toLowerCase();
    baseUrl = baseUrl == null ? "" : baseUrl.trim();
    apiKey = apiKey == null ? "" : apiKey.trim();
    EnumMap<AiTask, Duration> all = new EnumMap<>(AiTask.class);
    for (AiTask t : AiTask.values()) {
      all.put(t, t.defaultDeadline());
    }
    if (deadlines != null) {
      all.putAll(deadlines);
    }
    deadlines = Map.copyOf(all);
  }

  /** The embedded default: no key, local provider, the deadlines of DESIGN.md. */
  public static AiSettings defaults() {
    return new AiSettings(
        "auto",
        "",
        "",
        "gpt-4o",
        "gpt-4o-mini",
        true,
        Map.of(),
        Duration.ofSeconds(2),
        256,
        Duration.ofMillis(150),
        RetryPolicy.defaults(),
        BreakerSettings.defaults());
  }

  /** Reads the {@code elevare.ai} block (pass that block, not the root config). */
  public static AiSettings fromConfig(Config c) {
    EnumMap<AiTask, Duration> deadlines = new EnumMap<>(AiTask.class);
    for (AiTask t : AiTask.values()) {
      String key = "deadlines." + t.name().toLowerCase();
      if (c.hasPath(key)) {
        deadlines.put(t, c.getDuration(key));
      }
    }
    Config r = c.getConfig("retry");
    Config b = c.getConfig("circuit-breaker");
    return new AiSettings(
        c.getString("provider"),
        c.getString("base-url"),
        c.getString("api-key"),
        c.getString("strong-model"),
        c.getString("cheap-model"),
        !"json_object".equalsIgnoreCase(c.getString("structured-output")),
        deadlines,
        c.getDuration("connect-timeout"),
        c.getInt("max-idle-connections"),
        c.getDuration("fallback-grace"),
        new RetryPolicy(
            r.getInt("max-retries"),
            r.getDuration("min-backoff"),
            r.getDuration("max-backoff"),
            r.getDouble("jitter")),
        new BreakerSettings(
            b.getInt("max-failures"),
            b.getDuration("call-timeout"),
            b.getDuration("reset-timeout"),
            b.getDuration("max-reset-timeout")));
  }

  /** "openai" or "local": what {@code provider} means once "auto" is resolved. */
  public String effectiveProvider() {
    return switch (provider) {
      case "openai" -> "openai";
      case "local" -> "local";
      default -> apiKey.isEmpty() && baseUrl.isEmpty() ? "local" : "openai";
    };
  }

  public String effectiveBaseUrl() {
    return baseUrl.isEmpty() ? DEFAULT_BASE_URL : baseUrl;
  }

  public String model(AiTask task) {
    return task.tier() == AiTask.ModelTier.STRONG ? strongModel : cheapModel;
  }

  public Duration deadline(AiTask task) {
    return deadlines.get(task);
  }

  public AiSettings withProvider(String provider, String baseUrl, String apiKey) {
    return new AiSettings(
        provider,
        baseUrl,
        apiKey,
        strongModel,
        cheapModel,
        jsonSchema,
        deadlines,
        connectTimeout,
        maxIdleConnections,
        fallbackGrace,
        retry,
        breaker);
  }

  /** The same settings with every task's deadline set to {@code d} (tests use short ones). */
  public AiSettings withDeadline(Duration d) {
    EnumMap<AiTask, Duration> all = new EnumMap<>(AiTask.class);
    for (AiTask t : AiTask.values()) {
      all.put(t, d);
    }
    return new AiSettings(
        provider,
        baseUrl,
        apiKey,
        strongModel,
        cheapModel,
        jsonSchema,
        all,
        connectTimeout,
        maxIdleConnections,
        fallbackGrace,
        retry,
        breaker);
  }

  public AiSettings withRetry(RetryPolicy retry) {
    return new AiSettings(
        provider,
        baseUrl,
        apiKey,
        strongModel,
        cheapModel,
        jsonSchema,
        deadlines,
        connectTimeout,
        maxIdleConnections,
        fallbackGrace,
        retry,
        breaker);
  }

  public AiSettings withBreaker(BreakerSettings breaker) {
    return new AiSettings(
        provider,
        baseUrl,
        apiKey,
        strongModel,
        cheapModel,
        jsonSchema,
        deadlines,
        connectTimeout,
        maxIdleConnections,
        fallbackGrace,
        retry,
        breaker);
  }

  public AiSettings withJsonSchema(boolean jsonSchema) {
    return new AiSettings(
        provider,
        baseUrl,
        apiKey,
        strongModel,
        cheapModel,
        jsonSchema,
        deadlines,
        connectTimeout,
        maxIdleConnections,
        fallbackGrace,
        retry,
        breaker);
  }
}
