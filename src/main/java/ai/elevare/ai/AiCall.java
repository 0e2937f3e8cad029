package ai.elevare.ai;

import ai.elevare.core.CborSerializable;
import ai.elevare.telemetry.AiMetrics;
import ai.elevare.telemetry.AiMetrics.Outcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.CircuitBreaker;
import org.apache.pekko.pattern.CircuitBreakerOpenException;

/**
 * One AI call, as a short-lived child of the actor that needs it (the StudentEntity spawns one per
 * question). It owns the deadline, the bounded retries of the primary provider behind that
 * provider's circuit breaker, and the fallback to the local provider; it sends exactly one reply to
 * the {@code replyTo} it was given and stops. The parent never waits on it and keeps serving other
 * commands; nothing inside may crash it before it has replied.
 *
 * <p>Timeline: attempts run until the deadline; a retryable failure (429, 5xx, I/O) waits for the
 * backoff or the provider's Retry-After, unless that wait would pass the deadline; then, or when
 * the breaker is open, the retries are spent or the failure is not retryable, the fallback answers.
 * The fallback has until {@code deadline + fallbackGrace}; after that the reply is {@link
 * AiAnswer#unavailable()}.
 */
public final class AiCall {

  private AiCall() {}

  /** The messages an AI call handles: all its own, none sent from outside. */
  public interface Command extends NoSerializationVerificationNeeded {}

  /**
   * The one reply to a Q&A call.
   *
   * @param callId the id the caller gave, to match replies of concurrent calls
   * @param answer the answer; {@code fallback} is set when the primary failed and another answered
   */
  public record Result(String callId, AiAnswer answer) implements CborSerializable {}

  /**
   * The one reply to a free-text call ({@link AiGateway#complete}).
   *
   * @param text the text, or null when no provider could produce it (the caller uses its template)
   * @param provider who produced it ("none" when nobody did)
   * @param fallback true when the primary failed
   */
  public record TextResult(String callId, String text, String provider, boolean fallback)
      implements CborSerializable {
    public boolean available() {
      return text != null;
    }
  }

  /**
   * How one call runs.
   *
   * @param primary the provider to ask first
   * @param fallback the provider that answers when the primary cannot; null for none
   * @param breaker the primary's circuit breaker; null when the primary needs none (local)
   * @param retry retries of the primary
   * @param deadline the primary's whole budget, retries included
   * @param fallbackGrace the fallback's extra time after the deadline
   */
  public record Plan(
      AiGateway primary,
      AiGateway fallback,
      CircuitBreaker breaker,
      RetryPolicy retry,
      Duration deadline,
      Duration fallbackGrace) {

    /** The plan of {@code task} in a node's runtime. */
    public static Plan of(AiRuntime rt, AiTask task) {
      boolean localOnly = rt.primary() == rt.fallback();
      return new Plan(
          rt.primary(),
          localOnly ? null : rt.fallback(),
          rt.primaryBreaker(),
          rt.settings().retry(),
          rt.settings().deadline(task),
          rt.settings().fallbackGrace());
    }
  }

  /** Answers {@code prompt} with the runtime's providers and the Q&A deadline. */
  public static Behavior<Command> answer(
      AiRuntime rt, String callId, QaPrompt prompt, ActorRef<Result> replyTo) {
    return answer(Plan.of(rt, AiTask.QA), callId, prompt, replyTo);
  }

  public static Behavior<Command> answer(
      Plan plan, String callId, QaPrompt prompt, ActorRef<Result> replyTo) {
    String primaryName = plan.primary().providerName();
    return run(
        plan,
        (gateway, timeout) -> gateway.answer(prompt, timeout),
        a -> new Result(callId, a),
        a -> new Result(callId, a.asFallback()),
        () -> new Result(callId, AiAnswer.unavailable()),
        replyTo,
        "qa",
        "qa via " + primaryName);
  }

  /** Free text for {@code task} with the runtime's providers and that task's deadline. */
  public static Behavior<Command> complete(
      AiRuntime rt,
      String callId,
      AiTask task,
      String system,
      String user,
      ActorRef<TextResult> replyTo) {
    return complete(Plan.of(rt, task), callId, task, system, user, replyTo);
  }

  public static Behavior<Command> complete(
      Plan plan,
      String callId,
      AiTask task,
      String system,
      String user,
      ActorRef<TextResult> replyTo) {
    String primaryName = plan.primary().providerName();
    String fallbackName = plan.fallback() == null ? "none" : plan.fallback().providerName();
    return run(
        plan,
        (gateway, timeout) -> gateway.complete(task, system, user, timeout),
        t -> new TextResult(callId, t, primaryName, false),
        t -> new TextResult(callId, t, fallbackName, true),
        () -> new TextResult(callId, null, "none", true),
        replyTo,
        task.name().toLowerCase(),
        task.name().toLowerCase() + " via " + primaryName);
  }

  private static <T, R> Behavior<Command> run(
      Plan plan,
      BiFunction<AiGateway, Duration, CompletionStage<T>> invoke,
      Function<T, R> onPrimary,
      Function<T, R> onFallback,
      Supplier<R> lastResort,
      ActorRef<R> replyTo,
      String task,
      String what) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  try {
                    return new Worker<>(
                        ctx,
                        timers,
                        plan,
                        invoke,
                        onPrimary,
                        onFallback,
                        lastResort,
                        replyTo,
                        task,
                        what);
                  } catch (RuntimeException e) {
                    // even a call that cannot start owes its caller the one reply
                    ctx.getLog().error("AI call ({}) could not start", what, e);
                    replyTo.tell(lastResort.get());
                    return Behaviors.stopped();
                  }
                }));
  }

  private record AttemptDone(int attempt, Object value, Throwable error) implements Command {}

  private record RetryDue() implements Command {}

  private record DeadlineReached() implements Command {}

  private record FallbackDone(Object value, Throwable error) implements Command {}

  private record FallbackExpired() implements Command {}

  private enum Phase {
    PRIMARY,
    WAITING_TO_RETRY,
    FALLBACK
  }

  private static final String DEADLINE = "deadline";
  private static final String RETRY = "retry";

  private static final class Worker<T, R> extends AbstractBehavior<Command> {

    private final TimerScheduler<Command> timers;
    private final Plan plan;
    private final BiFunction<AiGateway, Duration, CompletionStage<T>> invoke;
    private final Function<T, R> onPrimary;
    private final Function<T, R> onFallback;
    private final Supplier<R> lastResort;
    private final ActorRef<R> replyTo;
    private final String task;
    private final String what;
    private final AiMetrics metrics;
    private final long startedAt = System.nanoTime();
    private final long deadlineAt;
    private int attempts;
    private Phase phase = Phase.PRIMARY;

    Worker(
        ActorContext<Command> ctx,
        TimerScheduler<Command> timers,
        Plan plan,
        BiFunction<AiGateway, Duration, CompletionStage<T>> invoke,
        Function<T, R> onPrimary,
        Function<T, R> onFallback,
        Supplier<R> lastResort,
        ActorRef<R> replyTo,
        String task,
        String what) {
      super(ctx);
      this.task = task;
      this.metrics = AiMetrics.of(ctx.getSystem());
      this.timers = timers;
      this.plan = plan;
      this.invoke = invoke;
      this.onPrimary = onPrimary;
      this.onFallback = onFallback;
      this.lastResort = lastResort;
      this.replyTo = replyTo;
      this.what = what;
      this.deadlineAt = System.nanoTime() + plan.deadline().toNanos();
      timers.startSingleTimer(DEADLINE, new DeadlineReached(), plan.deadline());
      attempt();
    }

    @Override
    public Receive<Command> createReceive() {
      return newReceiveBuilder()
          .onMessage(AttemptDone.class, m -> guarded(() -> onAttemptDone(m)))
          .onMessage(RetryDue.class, m -> guarded(this::onRetryDue))
          .onMessage(DeadlineReached.class, m -> guarded(this::onDeadline))
          .onMessage(FallbackDone.class, m -> guarded(() -> onFallbackDone(m)))
          .onMessage(FallbackExpired.class, m -> reply(lastResort.get(), Outcome.UNAVAILABLE, "fallback too slow"))
          .build();
    }

    /** Whatever goes wrong in here, the caller still gets its one reply. */
    private Behavior<Command> guarded(Supplier<Behavior<Command>> step) {
      try {
        return step.get();
      } catch (RuntimeException e) {
        getContext().getLog().error("AI call ({}) failed internally", what, e);
        return reply(lastResort.get(), Outcome.UNAVAILABLE, "internal error");
      }
    }

    private void attempt() {
      attempts++;
      int n = attempts;
      Duration remaining = remaining();
      CompletionStage<T> stage =
          plan.breaker() == null
              ? safeInvoke(plan.primary(), remaining)
              : plan.breaker()
                  .callWithCircuitBreakerCS(
                      () -> safeInvoke(plan.primary(), remaining),
                      (value, error) -> error.isPresent() && AiFailure.isProviderFault(error.get()));
      phase = Phase.PRIMARY;
      getContext().pipeToSelf(stage, (value, error) -> new AttemptDone(n, value, error));
    }

    private CompletionStage<T> safeInvoke(AiGateway gateway, Duration timeout) {
      try {
        CompletionStage<T> s = invoke.apply(gateway, timeout);
        return s != null ? s : CompletableFuture.failedFuture(new NullPointerException("no stage"));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @SuppressWarnings("unchecked")
    private Behavior<Command> onAttemptDone(AttemptDone m) {
      if (phase != Phase.PRIMARY || m.attempt() != attempts) {
        return this; // a late answer after the deadline or the fallback took over
      }
      if (m.error() == null) {
        return reply(onPrimary.apply((T) m.value()), Outcome.PRIMARY, null);
      }
      Throwable cause = AiFailure.rootOf(m.error());
      metrics.failure(plan.primary().providerName(), failureKind(cause));
      if (cause instanceof CircuitBreakerOpenException) {
        return fallback("circuit_open", "circuit open");
      }
      if (!plan.retry().mayRetry(cause, attempts)) {
        return fallback(
            cause instanceof AiFailure f && f.retryable() ? "retries_spent" : "not_retryable",
            attempts > 1 ? "retries spent: " + cause.getMessage() : cause.toString());
      }
      Duration delay = plan.retry().delayBefore(attempts, ((AiFailure) cause).retryAfter());
      if (delay.compareTo(remaining()) >= 0) {
        return fallback("deadline", "retry would pass the deadline: " + cause.getMessage());
      }
      getContext()
          .getLog()
          .debug("AI call ({}) attempt {} failed, retrying in {}", what, attempts, delay);
      phase = Phase.WAITING_TO_RETRY;
      timers.startSingleTimer(RETRY, new RetryDue(), delay);
      return this;
    }

    private Behavior<Command> onRetryDue() {
      if (phase == Phase.WAITING_TO_RETRY) {
        attempt();
      }
      return this;
    }

    private Behavior<Command> onDeadline() {
      if (phase == Phase.FALLBACK) return this;
      if (phase == Phase.PRIMARY) metrics.failure(plan.primary().providerName(), "deadline");
      return fallback("deadline", "deadline reached");
    }

    /** @param kind the reason as a metric label; {@code reason} is the log's */
    private Behavior<Command> fallback(String kind, String reason) {
      timers.cancel(RETRY);
      timers.cancel(DEADLINE);
      if (plan.fallback() == null) {
        return reply(lastResort.get(), Outcome.UNAVAILABLE, reason + ", no fallback");
      }
      metrics.fallback(task, kind);
      getContext()
          .getLog()
          .info("AI call ({}) falls back to {}: {}", what, plan.fallback().providerName(), reason);
      phase = Phase.FALLBACK;
      Duration budget = remaining().plus(plan.fallbackGrace());
      timers.startSingleTimer(DEADLINE, new FallbackExpired(), budget);
      getContext()
          .pipeToSelf(
              safeInvoke(plan.fallback(), budget),
              (value, error) -> new FallbackDone(value, error));
      return this;
    }

    @SuppressWarnings("unchecked")
    private Behavior<Command> onFallbackDone(FallbackDone m) {
      if (m.error() != null) {
        return reply(lastResort.get(), Outcome.UNAVAILABLE, "fallback failed: " + AiFailure.rootOf(m.error()));
      }
      return reply(onFallback.apply((T) m.value()), Outcome.FALLBACK, null);
    }

    private Behavior<Command> reply(R result, Outcome outcome, String note) {
      metrics.call(task, outcome, System.nanoTime() - startedAt);
      if (note != null) {
        getContext().getLog().info("AI call ({}) answered without a provider: {}", what, note);
      }
      replyTo.tell(result);
      return Behaviors.stopped();
    }

    /** A bounded label: the failure's kind, else the exception's class. */
    private static String failureKind(Throwable cause) {
      if (cause instanceof AiFailure f) return f.kind().name().toLowerCase();
      if (cause instanceof CircuitBreakerOpenException) return "circuit_open";
      if (cause instanceof java.util.concurrent.TimeoutException) return "timeout";
      return "other";
    }

    private Duration remaining() {
      long left = deadlineAt - System.nanoTime();
      return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }
  }
}
