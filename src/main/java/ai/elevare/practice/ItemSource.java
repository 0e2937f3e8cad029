package ai.elevare.practice;

import java.util.Optional;

/**
 * A strategy that can serve one of its own items again by id: what the review source asks when a
 * student's item is due (bank items from the catalog, generated math problems from their seed).
 * Empty for an id it does not know. Bounded like the strategy's {@code next}.
 */
public interface ItemSource {
  Optional<PracticeGenerator.Selected> byId(String itemId);
}
