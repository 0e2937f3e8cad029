package ai.elevare.summary;

import ai.elevare.core.CborSerializable;
import java.util.List;

/**
 * What a summary says: a narrative of a few paragraphs of prose (paragraphs separated by a blank
 * line), the key topics as short phrases, and the next steps as sentences.
 */
public record SummaryContent(String narrative, List<String> keyTopics, List<String> nextSteps)
    implements CborSerializable {
  public SummaryContent {
    keyTopics = List.copyOf(keyTopics);
    nextSteps = List.copyOf(nextSteps);
  }
}
