package ai.elevare.practice;

import java.util.List;

/** What a generator knows when it picks the next question for a student in one subject. */
public record PracticeRequest(
    String subject, double studentRating, List<String> recentItemIds, String lastTopic, long seed) {}
