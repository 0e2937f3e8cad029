package ai.elevare.practice;

import ai.elevare.rating.RatingModel.ItemSlopes;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The student actor's door to question selection and answer checking; both come back to the actor
 * with pipeToSelf. Selection may block (CAS, bank scan) and runs on the given executor. A check only
 * parses and probes there, then hands its CAS work to the CAS pool and returns: no thread of the
 * executor waits for the CAS, and the stage completes when the CAS worker (or the deadline) does.
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

  public CompletionStage<Optional<PracticeGenerator.Selected>> select(PracticeRequest request) {
    return CompletableFuture.supplyAsync(() -> factory.next(request), executor);
  }

  public CompletionStage<AnswerChecker.Check> check(Question question, String answer) {
    return CompletableFuture.supplyAsync(() -> checker.check(question, answer), executor)
        .thenCompose(check -> check);
  }
}
