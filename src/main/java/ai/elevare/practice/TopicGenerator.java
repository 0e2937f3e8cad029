package ai.elevare.practice;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bank items about the topics of the student's recent tutoring sessions ({@link
 * PracticeRequest#focus()}): among the unseen items whose topic, prompt or explanation names one of
 * them and whose rating is within {@link ItemCatalog#FOCUS_BONUS} of the student's target, one of
 * the three closest. It steps aside right after an item on those topics, so they alternate with
 * the rest of the subject, and when none is within reach: a session's topic never brings a question
 * far above or below the student.
 */
public final class TopicGenerator implements PracticeGenerator {
  private final BankGenerator bank;

  public TopicGenerator(BankGenerator bank) {
    this.bank = bank;
  }

  @Override
  public String source() {
    return "topics";
  }

  @Override
  public Optional<Selected> next(PracticeRequest r) {
    if (r.focus().isEmpty()) return Optional.empty();
    ItemCatalog catalog = bank.catalog();
    Set<String> terms = Set.copyOf(r.focus());
    String last = r.lastItemId();
    if (last != null) {
      BankItem previous = catalog.get(last).orElse(null);
      if (previous != null && catalog.about(previous, terms)) return Optional.empty();
    }
    double target = r.studentRating() - ItemCatalog.TARGET_GAP;
    BankItem[] best = new BankItem[3];
    double[] gaps = new double[3];
    int found = 0;
    List<String> recent = r.recentItemIds();
    for (BankItem item : catalog.items(r.subject())) {
      double gap = Math.abs(catalog.rating(item.id()) - target);
      if (gap > ItemCatalog.FOCUS_BONUS || recent.contains(item.id()) || !catalog.about(item, terms)) continue;
      // insertion into the three closest so far
      int i = Math.min(found, 2);
      if (found == 3 && gap >= gaps[2]) continue;
      while (i > 0 && gaps[i - 1] > gap) {
        best[i] = best[i - 1];
        gaps[i] = gaps[i - 1];
        i--;
      }
      best[i] = item;
      gaps[i] = gap;
      if (found < 3) found++;
    }
    if (found == 0) return Optional.empty();
    BankItem pick = best[(int) Math.floorMod(r.seed(), (long) found)];
    return Optional.of(bank.selected(pick, source()));
  }
}
