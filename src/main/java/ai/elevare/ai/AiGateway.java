package ai.elevare.ai;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The one way the rest of the code talks to a language model. Implementations never block the
 * calling thread: blocking work runs on an executor they were given, and failures arrive as a
 * failed stage (an {@link AiFailure} where the cause is known).
 */
public interface AiGateway {

  /** Answers a student's question within {@code timeout}. */
  CompletionStage<AiAnswer> answer(QaPrompt prompt, Duration timeout);

  /** Free text for a task other than Q&A (summaries, nudge texts, practice generation). */
  CompletionStage<String> complete(AiTask task, String system, String user, Duration timeout);

  /**
   * A JSON object for {@code task} that follows {@code schema}: providers with structured output
   * constrain the model to it, the others answer as {@link #complete} and the caller validates.
   */
  default CompletionStage<String> completeJson(
      AiTask task, String system, String user, String schemaName,
      com.fasterxml.jackson.databind.node.ObjectNode schema, Duration timeout) {
    return complete(task, system, user, timeout);
  }

  /** "openai", "local", ...: shown to the student and used to pick the circuit breaker. */
  String providerName();

  default CompletionStage<AiAnswer> answer(QaPrompt prompt) {
    return answer(prompt, AiTask.QA.defaultDeadline());
  }

  default CompletionStage<String> complete(AiTask task, String system, String user) {
    return complete(task, system, user, task.defaultDeadline());
  }
}
