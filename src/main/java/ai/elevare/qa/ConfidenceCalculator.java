package ai.elevare.qa;

import ai.elevare.qa.Confidence.Factors;
import ai.elevare.qa.Confidence.Label;

/**
 * confidence = 0.4·self_assessment + 0.3·context_relevance + 0.2·query_clarity + 0.1·completeness,
 * labelled high from {@value #HIGH}, medium from {@value #MEDIUM}, low below. Three guards keep the
 * label honest where the sum alone could flatter an answer: an out-of-scope question is always low,
 * so is an answer whose own self-assessment is below {@value #ANSWERER_UNSURE} (the answerer says
 * it does not know), and an ambiguous question is at most medium.
 */
public final class ConfidenceCalculator {

  public static final double W_SELF = 0.4;
  public static final double W_CONTEXT = 0.3;
  public static final double W_CLARITY = 0.2;
  public static final double W_COMPLETENESS = 0.1;
  public static final double HIGH = 0.75;
  public static final double MEDIUM = 0.5;

  /** Below this self-assessment the answerer itself says it does not know: always low. */
  public static final double ANSWERER_UNSURE = 0.2;

  private ConfidenceCalculator() {}

  public static Confidence compute(Factors f, boolean outOfScope, boolean ambiguous) {
    Factors c =
        new Factors(
            clamp(f.selfAssessment()),
            clamp(f.contextRelevance()),
            clamp(f.queryClarity()),
            clamp(f.completeness()));
    double score =
        W_SELF * c.selfAssessment()
            + W_CONTEXT * c.contextRelevance()
            + W_CLARITY * c.queryClarity()
            + W_COMPLETENESS * c.completeness();
    score = Math.round(score * 1000) / 1000.0;
    Label label = score >= HIGH ? Label.HIGH : score >= MEDIUM ? Label.MEDIUM : Label.LOW;
    if (outOfScope || c.selfAssessment() < ANSWERER_UNSURE) {
      label = Label.LOW;
    } else if (ambiguous && label == Label.HIGH) {
      label = Label.MEDIUM;
    }
    return new Confidence(score, label, c);
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0.0 : Math.round(Math.max(0.0, Math.min(1.0, v)) * 1000) / 1000.0;
  }
}
