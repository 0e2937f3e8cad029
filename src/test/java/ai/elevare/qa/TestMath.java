package ai.elevare.qa;

import ai.elevare.ai.MathEngine;
import ai.elevare.practice.math.Cas;
import ai.elevare.practice.math.MathSolver;
import ai.elevare.practice.math.SolverMathEngine;

/** The real CAS for tests, started once per test JVM (Symja's start-up is the slow part). */
final class TestMath {

  private static MathEngine engine;

  private TestMath() {}

  static synchronized MathEngine engine() {
    if (engine == null) {
      Cas cas = Cas.create(1);
      cas.warmUp();
      Runtime.getRuntime().addShutdownHook(new Thread(cas::close));
      engine = new SolverMathEngine(new MathSolver(cas));
    }
    return engine;
  }
}
