package ai.elevare.practice;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

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

  public PracticeEngine(PracticeGeneratorFactory factory, AnswerChecker checker, Executor executor) {
    this.factory = factory;
    this.checker = checker;
    this.executor = executor;
  }

  public CompletionStage<Optional<PracticeGenerator.Selected>> select(PracticeRequest request) {
    return CompletableFuture.supplyAsync(() -> factory.next(request), executor);
  }

  public CompletionStage<AnswerChecker.Check> check(Question question, String answer) {
    return CompletableFuture.supplyAsync(() -> checker.check(question, answer), executor)
        .thenCompose(check -> check);
  }
}
