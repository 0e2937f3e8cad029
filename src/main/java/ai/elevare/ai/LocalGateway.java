package ai.elevare.ai;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A gateway whose model is code of ours for one task (summaries, practice items): the text is
 * computed on the executor it is given, so {@code AiCall} keeps its deadline and fallback, and a
 * full executor is an I/O failure like a provider that cannot be reached.
 */
public abstract class LocalGateway implements AiGateway {
  private final Executor executor;
  private final String servesOnly;

  /** @param servesOnly what it writes, for the refusal of anything else ("summaries only") */
  protected LocalGateway(Executor executor, String servesOnly) {
    this.executor = executor;
    this.servesOnly = servesOnly;
  }

  /** The model's answer; throws {@link AiFailure} for input it cannot handle. Runs on the executor. */
  protected abstract String compute();

  @Override
  public final CompletionStage<String> complete(AiTask task, String system, String user, Duration timeout) {
    try {
      return CompletableFuture.supplyAsync(this::compute, executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new AiFailure(AiFailure.Kind.IO, 0, null, "executor saturated", e));
    }
  }

  @Override
  public final CompletionStage<AiAnswer> answer(QaPrompt prompt, Duration timeout) {
    return CompletableFuture.failedFuture(new AiFailure(AiFailure.Kind.UNSUPPORTED, servesOnly));
  }

  @Override
  public final String providerName() {
    return "local";
  }
}
