package ai.elevare.practice;

import java.util.List;
import java.util.Optional;

/**
 * Due reviews: the first item of {@link PracticeRequest#reviews()} that one of the item sources can
 * serve again, played at its current rating. Which items are due, and that reviews alternate with
 * fresh items, is the student's actor's decision; this only rebuilds the question.
 */
public final class ReviewGenerator implements PracticeGenerator {
  private final List<ItemSource> sources;

  public ReviewGenerator(List<ItemSource> sources) {
    this.sources = List.copyOf(sources);
  }

  @Override
  public String source() {
    return "review";
  }

  @Override
  public Optional<Selected> next(PracticeRequest r) {
    for (String id : r.reviews()) {
      for (ItemSource s : sources) {
        Optional<Selected> found = s.byId(id);
        if (found.isPresent()) {
          Selected q = found.get();
          return Optional.of(new Selected(q.question(), q.itemRating(), source()));
        }
      }
    }
    return Optional.empty();
  }
}
