package ai.elevare.summary;

import ai.elevare.core.CborSerializable;
import java.time.Instant;
import java.util.List;

/** A ready summary as the student's actor receives it ({@link SummaryListener}). */
public record SummaryFacts(
    String studentId,
    String sessionId,
    String summaryId,
    String subject,
    List<String> topics,
    List<String> nextSteps,
    String narrative,
    Instant at)
    implements CborSerializable {
  public SummaryFacts {
    topics = List.copyOf(topics);
    nextSteps = List.copyOf(nextSteps);
  }
}
