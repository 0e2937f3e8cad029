package ai.elevare.qa;

import ai.elevare.ai.Turn;
import ai.elevare.core.CborSerializable;
import java.util.List;

/**
 * Whether a question continues the conversation, and why.
 *
 * @param followUp the verdict
 * @param score the evidence, 0..1 (follow-up from 0.5)
 * @param anchor the turn it continues (the newest), or null
 * @param cues what was seen: "opener", "why", "pronoun", "ellipsis", "overlap"
 */
public record FollowUpSignal(boolean followUp, double score, Turn anchor, List<String> cues)
    implements CborSerializable {

  public static FollowUpSignal none() {
    return new FollowUpSignal(false, 0.0, null, List.of());
  }
}
