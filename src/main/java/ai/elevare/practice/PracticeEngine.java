package ai.elevare.practice;

import ai.elevare.rating.RatingModel.ItemSlopes;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The student actor's door to question selection and answer checking; both come back to the actor
 * with pipeToSelf. What only reads memory (the bank, topics, choice and text answers) runs on the
 * actor's own thread and comes back as a completed stage. Sources that may block (review of
 * generated items, CAS, AI) run on the given executor. A math check only parses and probes there,
 * then hands its CAS work to the CAS pool and returns: no thread of the executor waits for the CAS,
 * and the stage completes when the CAS worker (or the deadline) does.
 */
public final class PracticeEngine {
  private final PracticeGeneratorFactory factory;
  private final AnswerChecker checker;
  private final Executor executor;
  private final Function<String, ItemSlopes> slopes;

  /** An engine whose items have no slopes (tests, tools). */
  public PracticeEngine(PracticeGeneratorFactory factory, AnswerChecker checker, Executor executor) {
    this(factory, checker, executor, id -> ItemSlopes.NONE);
  }

  /** {@code slopes} gives an item's current slopes by id, from memory: the actor calls it inline. */
  public PracticeEngine(
      PracticeGeneratorFactory factory, AnswerChecker checker, Executor executor,
      Function<String, ItemSlopes> slopes) {
    this.factory = factory;
    this.checker = checker;
    this.executor = executor;
    this.slopes = slopes;
  }

  /** The item's slopes the rating model judges an answer with ({@link ItemCatalog#slopes}). */
  public ItemSlopes slopes(String itemId) {
    return slopes.apply(itemId);
  }

  /**
   * The sources that only read memory run on the caller's thread; the pool takes over at the first
   * that may block. Most selections thus cost the actor no hand-off to another thread and back.
   */
  public CompletionStage<Optional<PracticeGenerator.Selected>> select(PracticeRequest request) {
    PracticeGeneratorFactory.Start start = factory.inPlace(request);
    if (start.settled()) return CompletableFuture.completedFuture(start.item());
    return CompletableFuture.supplyAsync(() -> factory.resume(request, start.resumeAt()), executor);
  }

  /** Choices and texts are compared on the caller's thread; answers the CAS judges start on the pool. */
  public CompletionStage<AnswerChecker.Check> check(Question question, String answer) {
    Optional<AnswerChecker.Check> now = AnswerChecker.withoutCas(question, answer);
    if (now.isPresent()) return CompletableFuture.completedFuture(now.get());
    return CompletableFuture.supplyAsync(() -> checker.check(question, answer), executor)
        .thenCompose(check -> check);
  }
}
