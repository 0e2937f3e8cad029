package ai.elevare.practice;

import java.util.Optional;

/** One source of practice questions (the seed's strategy pattern). Implementations may block briefly. */
public interface PracticeGenerator {
  /** bank, math or ai: reported to the client as the assignment's source. */
  String source();

  Optional<Selected> next(PracticeRequest request);

  /** A chosen question and the item rating Elo plays it at. */
  record Selected(Question question, double itemRating, String source) {}
}
