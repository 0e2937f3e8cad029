package ai.elevare.practice;

import java.util.Optional;
import java.util.Random;

/** Bank items near the student's rating. */
public final class BankGenerator implements PracticeGenerator {
  private final ItemCatalog catalog;

  public BankGenerator(ItemCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public String source() {
    return "bank";
  }

  @Override
  public Optional<Selected> next(PracticeRequest r) {
    return catalog
        .select(r.subject(), r.studentRating(), r.recentItemIds(), r.lastTopic(), new Random(r.seed()))
        .map(item -> new Selected(item.toQuestion(), catalog.rating(item.id()), source()));
  }
}
