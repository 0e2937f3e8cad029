package ai.elevare.qa;

import ai.elevare.core.CborSerializable;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A Q&A answer's confidence: the weighted score, its label and the four factors it came from, all
 * shown to the student.
 */
public record Confidence(double score, Label label, Factors factors) implements CborSerializable {

  /** The label students see; serialized in lower case ("high"). */
  public enum Label {
    HIGH,
    MEDIUM,
    LOW;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The factors, each 0..1. */
  public record Factors(
      double selfAssessment, double contextRelevance, double queryClarity, double completeness)
      implements CborSerializable {}
}
