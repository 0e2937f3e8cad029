package ai.elevare.practice.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MathSolutionsTest {

  private final MathSolutions solutions = new MathSolutions(SharedCas.get());
  private final MathGenerators generators = new MathGenerators(SharedCas.get());

  @Test
  void generatedProblemsKeepTheirCasSteps() throws CasException {
    MathProblem p = generators.generate("quadratic-equations", 8, 5);
    assertEquals(p.solutionSteps(), solutions.steps(p));
    MathProblem stripped = new MathProblem(p.id(), p.topic(), p.prompt(), p.answerFormat(), p.answer(), p.hints(), List.of(),
        p.difficulty(), p.expectedTimeMs());
    assertEquals(p.solutionSteps(), solutions.steps(stripped));
  }

  @Test
  void bankItemsTheSolverUnderstandsGetStepsThatMatchTheirKey() {
    List<String> steps = solutions.stepsForItem("Solve 3x + 5 = 20", "number", "5").orElseThrow();
    assertTrue(steps.get(steps.size() - 1).contains("x = 5"), steps.toString());
    assertTrue(solutions.stepsForItem("Factor x^2 - 9", "expression", "(x-3)(x+3)").isPresent());
  }

  @Test
  void noStepsWhenTheKeyDisagreesOrThePromptIsNotMath() {
    assertTrue(solutions.stepsForItem("Solve 3x + 5 = 20", "number", "6").isEmpty());
    assertTrue(solutions.stepsForItem("Name the largest planet", "number", "5").isEmpty());
  }

  @Test
  void genericHintsExistForEveryFormat() {
    for (String f : List.of("number", "expression", "roots", "text")) {
      List<String> hints = MathSolutions.genericHints(f);
      assertTrue(hints.size() >= 3);
      hints.forEach(h -> assertFalse(h.isBlank()));
    }
  }
}
