package ai.elevare.practice;

import ai.elevare.practice.math.CasException;
import ai.elevare.practice.math.Deadline;
import ai.elevare.practice.math.MathGenerators;
import ai.elevare.practice.math.MathProblem;
import ai.elevare.rating.Elo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Fresh Math problems from the CAS at the difficulty that gives the student about a 75% chance,
 * rotating away from the last topic. Played at the centre rating of their difficulty band.
 */
public final class MathCasGenerator implements PracticeGenerator, ItemSource {
  /**
   * Time for one generation, every CAS call and redraw included: about 20 times the measured p99
   * (docs/math-engine.md), so only an overloaded or stuck CAS runs into it and the bank answers.
   */
  public static final Duration BUDGET = Duration.ofMillis(150);

  private final MathGenerators generators;
  private final long budgetNanos;

  public MathCasGenerator(MathGenerators generators) {
    this(generators, BUDGET);
  }

  public MathCasGenerator(MathGenerators generators, Duration budget) {
    this.generators = generators;
    this.budgetNanos = budget.toNanos();
  }

  @Override
  public String source() {
    return "math";
  }

  @Override
  public Optional<Selected> next(PracticeRequest r) {
    int difficulty = Elo.difficulty(r.studentRating() - ItemCatalog.TARGET_GAP);
    Deadline deadline = new Deadline(System.nanoTime() + budgetNanos);
    MathProblem p = null;
    try {
      // A few seeds at most: another topic than the last one when the generator picks the same.
      for (int i = 0; i < 4 && (p == null || p.topic().equals(r.lastTopic())); i++) {
        p = generators.generate(null, difficulty, r.seed() + i, deadline);
      }
    } catch (CasException | RuntimeException e) {
      // The CAS refused, timed out or found no verified problem: the factory falls back to the bank.
      return p == null ? Optional.empty() : Optional.of(selected(p));
    }
    return Optional.of(selected(p));
  }

  /** A generated problem again, from its id ({@code math:<topic>:<difficulty>:<seed>}). */
  @Override
  public Optional<Selected> byId(String itemId) {
    if (!itemId.startsWith("math:")) return Optional.empty();
    try {
      return generators.fromId(itemId, new Deadline(System.nanoTime() + budgetNanos)).map(this::selected);
    } catch (CasException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private Selected selected(MathProblem p) {
    Question q =
        new Question(
            p.id(), "math", p.topic(), p.prompt(),
            p.answerFormat().equals("roots") ? "expression" : p.answerFormat(),
            p.answerFormat(), List.of(), List.of(p.answer()), p.hints(), null, p.solutionSteps(),
            p.expectedTimeMs(), p.difficulty());
    return new Selected(q, Elo.ratingForDifficulty(p.difficulty()), source());
  }
}
