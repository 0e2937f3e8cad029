package ai.elevare.practice;

import java.util.List;
import java.util.Optional;

/**
 * Picks the strategy for a subject (the seed's factory): Math mixes CAS-generated problems with bank
 * items; the other subjects use the bank. A tutor-assigned item never reaches the factory: the
 * student's actor serves it first.
 */
public final class PracticeGeneratorFactory {
  /** Share of Math questions drawn from the bank; the rest are generated fresh by the CAS. */
  static final int MATH_BANK_PERCENT = 30;

  /**
   * The same share while a recent session's topics steer practice: the bank's items carry topics
   * and explanations to match them against, generated problems only a generator's topic.
   */
  static final int MATH_BANK_PERCENT_WITH_FOCUS = 70;

  private final BankGenerator bank;
  private final PracticeGenerator math;
  /** Generated items (source "ai"), or null: the bank's unseen items at the level come first, then these, then any bank item. */
  private final PracticeGenerator ai;
  private final BankGenerator bankAtLevel;

  public PracticeGeneratorFactory(BankGenerator bank, PracticeGenerator math) {
    this(bank, math, null);
  }

  public PracticeGeneratorFactory(BankGenerator bank, PracticeGenerator math, PracticeGenerator ai) {
    this.bank = bank;
    this.math = math;
    this.ai = ai;
    this.bankAtLevel = bank.atLevel();
  }

  /** The strategies to try in order for this request; the first that yields a question wins. */
  public List<PracticeGenerator> strategies(PracticeRequest request) {
    if (request.subject().equals("math") && math != null) {
      int bankPercent = request.focus().isEmpty() ? MATH_BANK_PERCENT : MATH_BANK_PERCENT_WITH_FOCUS;
      boolean bankFirst = Math.floorMod(request.seed(), 100) < bankPercent;
      return bankFirst ? List.of(bank, math) : List.of(math, bank);
    }
    return ai == null ? List.of(bank) : List.of(bankAtLevel, ai, bank);
  }

  public Optional<PracticeGenerator.Selected> next(PracticeRequest request) {
    for (PracticeGenerator g : strategies(request)) {
      Optional<PracticeGenerator.Selected> s = g.next(request);
      if (s.isPresent()) return s;
    }
    return Optional.empty();
  }
}
