package ai.elevare.practice;

import java.util.List;

/**
 * What a generator knows when it picks the next question for a student in one subject.
 *
 * @param focus content terms (stemmed, as {@code Text.terms}) of the topics of the student's recent
 *     tutoring sessions in this subject; items about them are preferred. Empty when there are none.
 */
public record PracticeRequest(
    String subject, double studentRating, List<String> recentItemIds, String lastTopic, long seed,
    List<String> focus) {
  public PracticeRequest {
    focus = focus == null ? List.of() : List.copyOf(focus);
  }

  public PracticeRequest(
      String subject, double studentRating, List<String> recentItemIds, String lastTopic, long seed) {
    this(subject, studentRating, recentItemIds, lastTopic, seed, List.of());
  }
}
