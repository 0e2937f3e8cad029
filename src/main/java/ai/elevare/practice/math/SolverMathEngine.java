package ai.elevare.practice.math;

import ai.elevare.ai.MathEngine;
import java.util.Objects;
import java.util.Optional;

/** The AI gateway's {@link MathEngine} over the CAS-backed {@link MathSolver}; blocking, like the solver. */
public final class SolverMathEngine implements MathEngine {
  private final MathSolver solver;

  public SolverMathEngine(MathSolver solver) {
    this.solver = Objects.requireNonNull(solver);
  }

  @Override
  public Optional<Solved> solve(String question) {
    return solver.solve(question).map(s -> new Solved(s.kind(), s.answer(), s.steps()));
  }
}
