package ai.elevare.practice;

import java.util.List;

/**
 * What a generator knows when it picks the next question for a student in one subject.
 *
 * @param focus content terms (stemmed, as {@code Text.terms}) of the topics of the student's recent
 *     tutoring sessions in this subject; items about them are preferred. Empty when there are none.
 * @param reviews ids of the student's items due for review in this subject, earliest due first
 *     (the student's actor decides which: see {@code PracticeModule.dueReviews}). Usually empty.
 */
public record PracticeRequest(
    String subject, double studentRating, List<String> recentItemIds, String lastTopic, long seed,
    List<String> focus, List<String> reviews) {
  public PracticeRequest {
    focus = focus == null ? List.of() : List.copyOf(focus);
    reviews = reviews == null ? List.of() : List.copyOf(reviews);
  }

  public PracticeRequest(
      String subject, double studentRating, List<String> recentItemIds, String lastTopic, long seed,
      List<String> focus) {
    this(subject, studentRating, recentItemIds, lastTopic, seed, focus, List.of());
  }

  public PracticeRequest(
      String subject, double studentRating, List<String> recentItemIds, String lastTopic, long seed) {
    this(subject, studentRating, recentItemIds, lastTopic, seed, List.of(), List.of());
  }

  /** The most recently answered item of the subject, or null. */
  public String lastItemId() {
    return recentItemIds.isEmpty() ? null : recentItemIds.get(recentItemIds.size() - 1);
  }
}
