package ai.elevare.ai;

import ai.elevare.practice.math.MathSolver;
import java.util.List;
import java.util.Optional;

/**
 * What the local provider needs from the CAS: a worked answer to a question in the student's words,
 * or nothing when the question is not one it can solve. {@link #of} adapts the practice package's
 * {@code MathSolver}.
 */
@FunctionalInterface
public interface MathEngine {

  /**
   * @param kind what was done ("solve", "simplify", "derivative", ...)
   * @param answer the result as the student should read it
   * @param steps the worked steps, possibly empty
   */
  record Solved(String kind, String answer, List<String> steps) {}

  Optional<Solved> solve(String question);

  /** The CAS-backed solver of the practice package (blocking: call it off actor threads). */
  static MathEngine of(MathSolver solver) {
    return q -> solver.solve(q).map(s -> new Solved(s.kind(), s.answer(), s.steps()));
  }

  /** An engine that solves nothing, for a deployment without the CAS. */
  static MathEngine none() {
    return q -> Optional.empty();
  }
}
