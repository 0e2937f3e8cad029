package ai.elevare.ai;

import java.time.Duration;

/**
 * What an AI call is for. Each task fixes the model tier, the sampling temperature and the default
 * deadline, so callers never pick those per call.
 */
public enum AiTask {
  /** A student's question: the strong model, sober sampling. */
  QA(ModelTier.STRONG, 0.3, Duration.ofSeconds(8), 900),
  /** A tutoring-session summary: the strong model, sober sampling, a long transcript. */
  SUMMARY(ModelTier.STRONG, 0.3, Duration.ofSeconds(20), 900),
  /** A nudge text: the cheap model, livelier wording. */
  NUDGE(ModelTier.CHEAP, 0.7, Duration.ofSeconds(5), 150),
  /** A practice item for a non-math subject: the cheap model; some variety, still accurate. */
  GENERATION(ModelTier.CHEAP, 0.5, Duration.ofSeconds(8), 700);

  /** Which of the two configured models a task uses. */
  public enum ModelTier {
    STRONG,
    CHEAP
  }

  private final ModelTier tier;
  private final double temperature;
  private final Duration defaultDeadline;
  private final int maxOutputTokens;

  AiTask(ModelTier tier, double temperature, Duration defaultDeadline, int maxOutputTokens) {
    this.tier = tier;
    this.temperature = temperature;
    this.defaultDeadline = defaultDeadline;
    this.maxOutputTokens = maxOutputTokens;
  }

  /** The cap on the model's output: bounds both the cost and the time of one call. */
  public int maxOutputTokens() {
    return maxOutputTokens;
  }

  public ModelTier tier() {
    return tier;
  }

  public double temperature() {
    return temperature;
  }

  public Duration defaultDeadline() {
    return defaultDeadline;
  }
}
