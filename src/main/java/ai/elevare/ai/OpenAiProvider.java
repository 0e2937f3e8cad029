package ai.elevare.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import com.openai.core.http.Headers;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The {@code openai} provider: openai-java against any OpenAI-compatible base URL. The SDK's calls
 * block, so each one runs on the executor given at construction, never on an actor thread. The
 * SDK's own retries are off: {@link AiCall} owns retries, deadlines and the circuit breaker.
 */
public final class OpenAiProvider implements AiGateway, AutoCloseable {

  public static final String NAME = "openai";

  private static final String QA_SYSTEM =
      """
You are ElevareAI, a study assistant for school students in math, chemistry, physics, \
biology and English. Answer the student's question correctly, clearly and at their level; \
for calculations show the steps. Never invent facts: if you are not sure, say so and rate \
yourself low.
Reply with one JSON object and nothing else, with exactly these keys:
  "answer": the full answer (string),
  "overview": one or two sentences that orient the student without giving the full solution (string),
  "self_assessment": how likely your answer is correct and appropriate, 0 to 1 (number),
  "completeness": how fully the answer covers what was asked, 0 to 1 (number).\
""";

  private final AiSettings settings;
  private final Executor executor;
  private final OpenAIClient client;

  /**
   * @param settings base URL, key, models, structured-output mode, connect timeout
   * @param blockingExecutor where the SDK's blocking calls run; sized for the concurrent AI calls
   */
  public OpenAiProvider(AiSettings settings, Executor blockingExecutor) {
    this.settings = settings;
    this.executor = blockingExecutor;
    this.client =
        OpenAIOkHttpClient.builder()
            .baseUrl(settings.effectiveBaseUrl())
            // self-hosted OpenAI-compatible servers need no key, the SDK insists on one
            .apiKey(settings.apiKey().isEmpty() ? "unused" : settings.apiKey())
            .maxRetries(0)
            .maxIdleConnections(settings.maxIdleConnections())
            .keepAliveDuration(Duration.ofMinutes(5))
            .build();
  }

  @Override
  public String providerName() {
    return NAME;
  }

  @Override
  public CompletionStage<AiAnswer> answer(QaPrompt prompt, Duration timeout) {
    ChatCompletionCreateParams.Builder p =
        ChatCompletionCreateParams.builder()
            .model(settings.model(AiTask.QA))
            .temperature(AiTask.QA.temperature())
            .maxCompletionTokens(AiTask.QA.maxOutputTokens())
            .addSystemMessage(systemFor(prompt));
    for (Turn t : lastTurns(prompt.context())) {
      p.addUserMessage(t.question());
      p.addAssistantMessage(t.answer());
    }
    p.addUserMessage(prompt.question());
    if (settings.jsonSchema()) {
      p.responseFormat(JSON_SCHEMA_FORMAT);
    } else {
      p.responseFormat(ResponseFormatJsonObject.builder().build());
    }
    ChatCompletionCreateParams params = p.build();
    return run(timeout, () -> AnswerParser.parse(content(call(params, timeout)), NAME));
  }

  @Override
  public CompletionStage<String> complete(
      AiTask task, String system, String user, Duration timeout) {
    return text(textParams(task, system, user).build(), timeout);
  }

  private ChatCompletionCreateParams.Builder textParams(AiTask task, String system, String user) {
    return ChatCompletionCreateParams.builder()
        .model(settings.model(task))
        .temperature(task.temperature())
        .maxCompletionTokens(task.maxOutputTokens())
        .addSystemMessage(system)
        .addUserMessage(user);
  }

  /** The completion's text; an empty one is a malformed answer. */
  private CompletionStage<String> text(ChatCompletionCreateParams params, Duration timeout) {
    return run(
        timeout,
        () -> {
          String text = content(call(params, timeout));
          if (text.isBlank()) {
            throw new AiFailure(AiFailure.Kind.MALFORMED, "empty completion");
          }
          return text.trim();
        });
  }

  @Override
  public CompletionStage<String> completeJson(
      AiTask task, String system, String user, String schemaName,
      com.fasterxml.jackson.databind.node.ObjectNode schema, Duration timeout) {
    ChatCompletionCreateParams.Builder p = textParams(task, system, user);
    if (settings.jsonSchema()) {
      p.responseFormat(
          ResponseFormatJsonSchema.builder()
              .jsonSchema(
                  ResponseFormatJsonSchema.JsonSchema.builder()
                      .name(schemaName)
                      .strict(true)
                      .schema(schemaOf(schema))
                      .build())
              .build());
    } else {
      p.responseFormat(ResponseFormatJsonObject.builder().build());
    }
    return text(p.build(), timeout);
  }

  private static ResponseFormatJsonSchema.JsonSchema.Schema schemaOf(JsonNode schema) {
    ResponseFormatJsonSchema.JsonSchema.Schema.Builder b =
        ResponseFormatJsonSchema.JsonSchema.Schema.builder();
    for (Map.Entry<String, JsonNode> f : schema.properties()) {
      b.putAdditionalProperty(f.getKey(), JsonValue.fromJsonNode(f.getValue()));
    }
    return b.build();
  }

  @Override
  public void close() {
    client.close();
  }

  static String systemFor(QaPrompt prompt) {
    StringBuilder s = new StringBuilder(QA_SYSTEM);
    if (prompt.subject() != null) {
      s.append("\nSubject: ").append(prompt.subject()).append('.');
    }
    if (prompt.followUp() && !prompt.context().isEmpty()) {
      s.append(
          "\nThe question follows up on the previous exchange: resolve words like \"it\" or "
              + "\"that\" from it.");
    }
    if (!prompt.summaries().isEmpty()) {
      s.append("\nNotes from the student's recent tutoring sessions (use them when relevant):");
      for (String summary : prompt.summaries()) {
        s.append("\n- ").append(summary.strip());
      }
    }
    return s.toString();
  }

  private static List<Turn> lastTurns(List<Turn> context) {
    return context.size() <= 3 ? context : context.subList(context.size() - 3, context.size());
  }

  private static final ResponseFormatJsonSchema JSON_SCHEMA_FORMAT = jsonSchemaFormat();

  private static ResponseFormatJsonSchema jsonSchemaFormat() {
    return ResponseFormatJsonSchema.builder()
        .jsonSchema(
            ResponseFormatJsonSchema.JsonSchema.builder()
                .name("qa_answer")
                .strict(true)
                .schema(schemaOf(AnswerParser.schema()))
                .build())
        .build();
  }

  private ChatCompletion call(ChatCompletionCreateParams params, Duration timeout) {
    Duration connect =
        timeout.compareTo(settings.connectTimeout()) < 0 ? timeout : settings.connectTimeout();
    RequestOptions options =
        RequestOptions.builder()
            .timeout(
                Timeout.builder()
                    .connect(connect)
                    .read(timeout)
                    .write(timeout)
                    .request(timeout)
                    .build())
            .build();
    return client.chat().completions().create(params, options);
  }

  private static String content(ChatCompletion completion) {
    List<ChatCompletion.Choice> choices = completion.choices();
    if (choices.isEmpty()) {
      throw new AiFailure(AiFailure.Kind.MALFORMED, "no choices in the completion");
    }
    return choices.get(0).message().content().orElse("");
  }

  private interface Blocking<T> {
    T get();
  }

  /**
   * Runs a blocking SDK call on the executor and translates its failures into {@link AiFailure}.
   */
  private <T> CompletionStage<T> run(Duration timeout, Blocking<T> body) {
    if (timeout.isZero() || timeout.isNegative()) {
      return CompletableFuture.failedFuture(new AiFailure(AiFailure.Kind.IO, "no time left"));
    }
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return body.get();
            } catch (AiFailure f) {
              throw f;
            } catch (RuntimeException e) {
              throw translate(e);
            }
          },
          executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new AiFailure(AiFailure.Kind.IO, 0, null, "AI executor is saturated", e));
    }
  }

  /** Maps the SDK's exceptions onto the retry classes of {@link AiFailure}. */
  static AiFailure translate(RuntimeException e) {
    if (e instanceof OpenAIServiceException s) {
      int status = s.statusCode();
      AiFailure.Kind kind =
          status == 429
              ? AiFailure.Kind.RATE_LIMITED
              : status >= 500 ? AiFailure.Kind.SERVER_ERROR : AiFailure.Kind.CLIENT_ERROR;
      return new AiFailure(
          kind, status, retryAfter(s.headers()), "HTTP " + status + " from the provider", e);
    }
    if (e instanceof OpenAIIoException || e instanceof OpenAIRetryableException) {
      return new AiFailure(AiFailure.Kind.IO, 0, null, "I/O failure: " + e.getMessage(), e);
    }
    if (e instanceof OpenAIInvalidDataException) {
      return new AiFailure(AiFailure.Kind.MALFORMED, 0, null, "unreadable response", e);
    }
    if (e instanceof OpenAIException && e.getCause() instanceof IOException) {
      return new AiFailure(AiFailure.Kind.IO, 0, null, "I/O failure: " + e.getMessage(), e);
    }
    // a body that is not JSON at all surfaces as a Jackson or SDK exception of its own
    return new AiFailure(AiFailure.Kind.MALFORMED, 0, null, "unexpected failure: " + e, e);
  }

  /**
   * Retry-After as OpenAI sends it: {@code retry-after-ms} (milliseconds), else {@code retry-after}
   * in seconds or as an HTTP date. Null when absent or unreadable.
   */
  static Duration retryAfter(Headers headers) {
    List<String> ms = headers.values("retry-after-ms");
    if (!ms.isEmpty()) {
      try {
        double v = Double.parseDouble(ms.get(0).trim());
        if (v >= 0) {
          return Duration.ofMillis((long) v);
        }
      } catch (NumberFormatException ignored) {
        // fall through to retry-after
      }
    }
    List<String> ra = headers.values("retry-after");
    if (ra.isEmpty()) {
      return null;
    }
    String v = ra.get(0).trim();
    try {
      double seconds = Double.parseDouble(v);
      return seconds >= 0 ? Duration.ofMillis((long) (seconds * 1000)) : null;
    } catch (NumberFormatException notSeconds) {
      try {
        Duration d =
            Duration.between(
                ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
