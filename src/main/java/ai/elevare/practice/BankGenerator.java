package ai.elevare.practice;

import ai.elevare.practice.math.MathSolutions;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Bank items near the student's rating. Math items get CAS-derived worked steps when the CAS can
 * derive them from the prompt, so hints and give-ups show a real solution.
 */
public final class BankGenerator implements PracticeGenerator, ItemSource {
  /** How far from the student's target rating an item still counts as at their level: one level. */
  public static final double LEVEL_BAND = ai.elevare.rating.Elo.LEVEL_WIDTH;

  private final ItemCatalog catalog;
  private final MathSolutions solutions;
  /** Only unseen items at the student's level, else nothing; infinite: the nearest item, seen or not. */
  private final double band;

  public BankGenerator(ItemCatalog catalog, MathSolutions solutions) {
    this(catalog, solutions, Double.POSITIVE_INFINITY);
  }

  private BankGenerator(ItemCatalog catalog, MathSolutions solutions, double band) {
    this.catalog = catalog;
    this.solutions = solutions;
    this.band = band;
  }

  /** The same bank, run dry once the student has seen every item at their level (see {@link #LEVEL_BAND}). */
  public BankGenerator atLevel() {
    return new BankGenerator(catalog, solutions, LEVEL_BAND);
  }

  @Override
  public String source() {
    return "bank";
  }

  /**
   * Near the student's level, whatever the session topics: those are the topics source's, ahead of
   * this one (see {@link PracticeGeneratorFactory}), so on-topic and other items alternate.
   */
  @Override
  public Optional<Selected> next(PracticeRequest r) {
    Random random = new Random(r.seed());
    return (Double.isInfinite(band)
            ? catalog.select(r.subject(), r.studentRating(), r.recentItemIds(), r.lastTopic(), List.of(), random)
            : catalog.selectAtLevel(r.subject(), r.studentRating(), r.recentItemIds(), r.lastTopic(), List.of(), random, band))
        .map(item -> selected(item, source()));
  }

  @Override
  public Optional<Selected> byId(String itemId) {
    // a flagged or retired item does not come back for review either
    if (!catalog.inService(itemId)) return Optional.empty();
    return catalog.get(itemId).map(item -> selected(item, source()));
  }

  ItemCatalog catalog() {
    return catalog;
  }

  /** An item as served: with worked steps for math, at its current rating. */
  Selected selected(BankItem item, String source) {
    return new Selected(withSteps(item), catalog.rating(item.id()), source);
  }

  private Question withSteps(BankItem item) {
    Question q = item.toQuestion();
    boolean math = item.subject().equals("math") && !q.checkAs().equals("choice") && !q.checkAs().equals("text");
    if (!math || solutions == null) return q;
    List<String> steps;
    try {
      steps = solutions.stepsForItem(item.prompt(), item.answerFormat(), item.answers().get(0)).orElse(List.of());
    } catch (RuntimeException e) {
      return q; // no steps: the explanation stands in
    }
    return new Question(q.id(), q.subject(), q.topic(), q.prompt(), q.answerFormat(), q.checkAs(), q.choices(),
        q.answers(), q.hints(), q.explanation(), steps, q.expectedTimeMs(), q.difficulty());
  }
}
