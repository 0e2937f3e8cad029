package ai.elevare.practice.generated;

import ai.elevare.ai.AiCall;
import ai.elevare.ai.AiGateway;
import ai.elevare.ai.AiRuntime;
import ai.elevare.ai.AiTask;
import ai.elevare.practice.AnswerChecker;
import ai.elevare.practice.BankItem;
import ai.elevare.practice.ItemCatalog;
import ai.elevare.practice.generated.GenerationJson.Batch;
import ai.elevare.practice.math.MathAnswerChecker;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The node's practice writer: keeps the pool of generated items topped up in the background. A
 * {@link Refill} for a subject and level starts one {@link AiCall} child (the gateway's deadline,
 * retries, breaker, and the local writer as fallback), unless one for that level is already
 * running or the same request was made before (the cache: a request is paid for once). What comes
 * back is stored off the actor thread. Assignment never waits for any of it.
 */
public final class PracticeItemWriter {
  private PracticeItemWriter() {}

  public interface Command {}

  /** Top up the pool of a subject at a level; ignored while a call for that level runs. */
  public record Refill(String subject, int difficulty) implements Command {}

  /** An AI call's reply; its call id is the request key, which starts with the slot. */
  private record Written(AiCall.TextResult result) implements Command {
    String slot() {
      String key = result.callId();
      return key.substring(0, key.indexOf('/', key.indexOf('/') + 1));
    }
  }

  private record Stored(String slot, int added, List<String> discarded, Throwable error) implements Command {}

  private record Expired(String slot) implements Command {}

  /** What the writer needs. {@code batch}: local items (variations and glossary items) per call. */
  public record Deps(
      AiRuntime runtime, ItemCatalog catalog, GeneratedItemStore store, AnswerChecker checker,
      MathAnswerChecker math, Executor blocking, int batch) {}

  /** How many requests the cache remembers; older ones may be paid for again. */
  static final int CACHE_SIZE = 10_000;

  /**
   * Generation calls one node runs at once. The pool is topped up in the background, so a few at a
   * time suffice; more would crowd the provider (and its rate limit) that students' questions need.
   * A refill asked for while these are busy is dropped: the pool asks again while it stays low.
   */
  static final int MAX_IN_FLIGHT = 2;

  public static Behavior<Command> create(Deps d) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  Set<String> inFlight = new HashSet<>();
                  Map<String, Long> rounds = new HashMap<>();
                  Map<String, Boolean> cache =
                      new LinkedHashMap<>(256, 0.75f, true) {
                        @Override
                        protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
                          return size() > CACHE_SIZE;
                        }
                      };
                  boolean remote = d.runtime().primary() != d.runtime().fallback();
                  // One adapter for every call: registering one per call would replace the last.
                  org.apache.pekko.actor.typed.ActorRef<AiCall.TextResult> replies =
                      ctx.messageAdapter(AiCall.TextResult.class, Written::new);
                  Duration deadline = d.runtime().settings().deadline(AiTask.GENERATION);
                  return Behaviors.receive(Command.class)
                      .onMessage(
                          Refill.class,
                          m -> {
                            String slot = m.subject() + "/" + m.difficulty();
                            if (inFlight.contains(slot) || inFlight.size() >= MAX_IN_FLIGHT) return Behaviors.same();
                            List<BankItem> examples = examples(d.catalog(), m.subject(), m.difficulty());
                            long round = rounds.getOrDefault(slot, 0L);
                            String key = null;
                            BankItem example = null;
                            // A request already made is not paid for again: move on to the next example.
                            for (int i = 0; i <= examples.size(); i++, round++) {
                              example = examples.isEmpty() ? null : examples.get((int) (round % examples.size()));
                              String k = slot + "/" + (example == null ? "-" : example.id()) + "/" + (remote ? round / Math.max(1, examples.size()) : round);
                              if (!cache.containsKey(k)) {
                                key = k;
                                break;
                              }
                            }
                            rounds.put(slot, round + 1);
                            if (key == null) return Behaviors.same();
                            cache.put(key, Boolean.TRUE);
                            inFlight.add(slot);
                            ItemWriters.Request req = new ItemWriters.Request(m.subject(), m.difficulty(), example, round, d.batch());
                            AiGateway local = new ItemWriters.Local(d.catalog(), d.store(), d.blocking(), req);
                            AiCall.Plan plan =
                                remote
                                    ? new AiCall.Plan(
                                        new ItemWriters.Remote(d.runtime().primary(), d.store(), d.checker(), d.math(), req),
                                        local, d.runtime().primaryBreaker(), d.runtime().settings().retry(), deadline,
                                        d.runtime().settings().fallbackGrace().plusSeconds(2))
                                    : new AiCall.Plan(local, null, null, d.runtime().settings().retry(), deadline, Duration.ZERO);
                            ctx.spawnAnonymous(
                                AiCall.complete(
                                    plan, key, AiTask.GENERATION, ItemWriters.SYSTEM, ItemWriters.user(req), replies));
                            // The call always replies; this only guards the slot against a lost reply.
                            timers.startSingleTimer(slot, new Expired(slot), deadline.multipliedBy(3).plusSeconds(10));
                            return Behaviors.same();
                          })
                      .onMessage(
                          Written.class,
                          m -> {
                            if (!m.result().available()) {
                              ctx.getLog().info("Practice generation for {} produced nothing", m.slot());
                              inFlight.remove(m.slot());
                              return Behaviors.same();
                            }
                            ctx.pipeToSelf(
                                CompletableFuture.supplyAsync(() -> store(d.store(), m.result().text()), d.blocking()),
                                (r, err) -> err != null ? new Stored(m.slot(), 0, List.of(), err) : new Stored(m.slot(), r.items().size(), r.discarded(), null));
                            return Behaviors.same();
                          })
                      .onMessage(
                          Stored.class,
                          m -> {
                            inFlight.remove(m.slot());
                            timers.cancel(m.slot());
                            if (m.error() != null) ctx.getLog().warn("Storing generated items for {} failed", m.slot(), m.error());
                            else if (!m.discarded().isEmpty()) ctx.getLog().info("Generated for {}: {} stored, discarded: {}", m.slot(), m.added(), m.discarded());
                            else ctx.getLog().debug("Generated for {}: {} stored", m.slot(), m.added());
                            return Behaviors.same();
                          })
                      .onMessage(
                          Expired.class,
                          m -> {
                            inFlight.remove(m.slot());
                            return Behaviors.same();
                          })
                      .build();
                }));
  }

  /** Stores what passed its checks; returns what was actually stored (duplicates dropped). */
  static Batch store(GeneratedItemStore store, String text) {
    Batch b = GenerationJson.read(text);
    List<GenerationJson.Candidate> stored =
        b.items().stream()
            .filter(
                c ->
                    store
                        .add(c.item(), c.origin(), c.sourceItemId(), c.verified() ? GeneratedItem.VERIFIED : GeneratedItem.PENDING)
                        .isPresent())
            .toList();
    return new Batch(stored, b.discarded());
  }

  private static List<BankItem> examples(ItemCatalog catalog, String subject, int difficulty) {
    return catalog.inService().stream()
        .filter(i -> i.subject().equals(subject) && i.difficulty() == difficulty)
        .sorted(Comparator.comparing(BankItem::id))
        .toList();
  }
}
