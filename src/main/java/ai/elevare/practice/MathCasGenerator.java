package ai.elevare.practice;

import ai.elevare.practice.math.CasException;
import ai.elevare.practice.math.MathGenerators;
import ai.elevare.practice.math.MathProblem;
import ai.elevare.rating.Elo;
import java.util.List;
import java.util.Optional;

/**
 * Fresh Math problems from the CAS at the difficulty that gives the student about a 75% chance,
 * rotating away from the last topic. Played at the centre rating of their difficulty band.
 */
public final class MathCasGenerator implements PracticeGenerator {
  private final MathGenerators generators;

  public MathCasGenerator(MathGenerators generators) {
    this.generators = generators;
  }

  @Override
  public String source() {
    return "math";
  }

  @Override
  public Optional<Selected> next(PracticeRequest r) {
    int difficulty = Elo.difficulty(r.studentRating() - ItemCatalog.TARGET_GAP);
    MathProblem p = null;
    try {
      // A few seeds at most: another topic than the last one when the generator picks the same.
      for (int i = 0; i < 4 && (p == null || p.topic().equals(r.lastTopic())); i++) {
        p = generators.generate(null, difficulty, r.seed() + i);
      }
    } catch (CasException | RuntimeException e) {
      // The CAS refused, timed out or found no verified problem: the factory falls back to the bank.
      return Optional.empty();
    }
    Question q =
        new Question(
            p.id(), "math", p.topic(), p.prompt(),
            p.answerFormat().equals("roots") ? "expression" : p.answerFormat(),
            p.answerFormat(), List.of(), List.of(p.answer()), p.hints(), null, p.solutionSteps(),
            p.expectedTimeMs(), p.difficulty());
    return Optional.of(new Selected(q, Elo.ratingForDifficulty(p.difficulty()), source()));
  }
}
