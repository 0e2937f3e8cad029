package ai.elevare.practice;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The student actor's door to question selection and answer checking. Both may block (CAS, bank
 * scan), so both run on the given executor and come back to the actor with pipeToSelf.
 */
public final class PracticeEngine {
  private final PracticeGeneratorFactory factory;
  private final AnswerChecker checker;
  private final Executor executor;

  public PracticeEngine(PracticeGeneratorFactory factory, AnswerChecker checker, Executor executor) {
    this.factory = factory;
    this.checker = checker;
    this.executor = executor;
  }

  public CompletionStage<Optional<PracticeGenerator.Selected>> select(PracticeRequest request) {
    return CompletableFuture.supplyAsync(() -> factory.next(request), executor);
  }

  public CompletionStage<AnswerChecker.Check> check(Question question, String answer) {
    return CompletableFuture.supplyAsync(() -> checker.check(question, answer), executor);
  }
}
