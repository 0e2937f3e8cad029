package ai.elevare.ai;

import java.util.List;
import java.util.Optional;

/**
 * What the local provider needs from the CAS: a worked answer to a question in the student's words,
 * or nothing when the question is not one it can solve. The practice package implements it over its
 * CAS-backed solver and the platform wires it in, so this package depends on no math code.
 */
@FunctionalInterface
public interface MathEngine {

  /**
   * @param kind what was done ("solve", "simplify", "derivative", ...)
   * @param answer the result as the student should read it
   * @param steps the worked steps, possibly empty
   */
  record Solved(String kind, String answer, List<String> steps) {}

  /** A worked answer, or empty; may block on the CAS, so call it off actor threads. */
  Optional<Solved> solve(String question);

  /** An engine that solves nothing, for a deployment without the CAS. */
  static MathEngine none() {
    return q -> Optional.empty();
  }
}
