package ai.elevare.summary;

import ai.elevare.ai.AiCall;
import ai.elevare.ai.AiRuntime;
import ai.elevare.ai.AiTask;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One generation attempt, as a child of its {@link SessionSummaryEntity}: loads the transcript off
 * the actor threads (the deliveries table or a checked fetch), then has an {@link AiCall} write the
 * summary (the node's provider with its deadline, retries and local fallback) and reports exactly
 * one {@link Outcome} to the entity before it stops. The entity keeps serving while it runs.
 */
public final class SummaryWorker {

  private SummaryWorker() {}

  /** What every attempt on a node shares. */
  public record Generation(
      TranscriptSource source, TranscriptSummarizer summarizer, AiRuntime runtime, Executor blocking) {}

  /**
   * The one report of an attempt: content, or a failure with whether another attempt may help.
   *
   * @param provider who wrote it ("local", "openai"); {@code fallback} when the primary failed
   */
  public record Outcome(
      int attempt, SummaryContent content, String provider, boolean fallback, String failure, boolean retryable) {

    static Outcome failed(int attempt, String reason, boolean retryable) {
      return new Outcome(attempt, null, null, false, reason, retryable);
    }
  }

  interface Msg extends NoSerializationVerificationNeeded {}

  private record Loaded(String transcript, TranscriptFetcher.FetchException error) implements Msg {}

  private record Written(AiCall.TextResult result) implements Msg {}

  private record Overdue() implements Msg {}

  public static Behavior<Msg> create(
      Generation g, String sessionId, String subject, String transcriptUrl, int attempt, ActorRef<Outcome> replyTo) {
    // the fetch's own limit, then the AI deadline and its fallback's grace, then a margin
    Duration overall = Duration.ofSeconds(15).plus(g.runtime().settings().deadline(AiTask.SUMMARY)).plusSeconds(10);
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startSingleTimer(new Overdue(), overall);
                  ctx.pipeToSelf(
                      CompletableFuture.supplyAsync(
                          () -> {
                            try {
                              return g.source().load(sessionId, transcriptUrl);
                            } catch (TranscriptFetcher.FetchException e) {
                              throw new CompletionException(e);
                            }
                          },
                          g.blocking()),
                      (text, error) -> {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                        if (cause == null) return new Loaded(text, null);
                        return new Loaded(
                            null,
                            cause instanceof TranscriptFetcher.FetchException f
                                ? f
                                : new TranscriptFetcher.FetchException("loading the transcript failed: " + cause.getClass().getSimpleName(), true));
                      });
                  return Behaviors.receive(Msg.class)
                      .onMessage(
                          Loaded.class,
                          m -> {
                            if (m.error() != null) {
                              return done(replyTo, Outcome.failed(attempt, m.error().getMessage(), m.error().retryable()));
                            }
                            if (!TranscriptSummarizer.substantial(m.transcript())) {
                              return done(replyTo, Outcome.failed(attempt, "the transcript is too short to summarise", false));
                            }
                            AiCall.Plan plan =
                                SummaryGateways.plan(
                                    g.runtime(),
                                    new SummaryGateways.Local(g.summarizer(), subject, m.transcript(), g.blocking()));
                            ctx.spawn(
                                AiCall.complete(
                                    plan, sessionId, AiTask.SUMMARY, SummaryGateways.SYSTEM,
                                    SummaryGateways.user(subject, m.transcript()),
                                    ctx.messageAdapter(AiCall.TextResult.class, Written::new)),
                                "ai");
                            return Behaviors.same();
                          })
                      .onMessage(
                          Written.class,
                          m -> {
                            if (!m.result().available()) {
                              return done(replyTo, Outcome.failed(attempt, "no provider could write the summary", true));
                            }
                            try {
                              SummaryContent c = SummaryJson.parse(m.result().text());
                              return done(replyTo, new Outcome(attempt, c, m.result().provider(), m.result().fallback(), null, false));
                            } catch (IllegalArgumentException e) {
                              return done(replyTo, Outcome.failed(attempt, "unusable summary: " + e.getMessage(), true));
                            }
                          })
                      .onMessage(
                          Overdue.class,
                          m -> done(replyTo, Outcome.failed(attempt, "generation took longer than " + overall.toSeconds() + " s", true)))
                      .build();
                }));
  }

  private static Behavior<Msg> done(ActorRef<Outcome> replyTo, Outcome outcome) {
    replyTo.tell(outcome);
    return Behaviors.stopped();
  }
}
