package ai.elevare.qa;

import ai.elevare.qa.Confidence.Factors;
import ai.elevare.qa.Confidence.Label;

/**
 * confidence = 0.4·self_assessment + 0.3·context_relevance + 0.2·query_clarity + 0.1·completeness,
 * labelled high from {@value #HIGH}, medium from {@value #MEDIUM}, low below. Three guards keep the
 * label honest where the sum alone could flatter an answer: an out-of-scope question is always low,
 * so is an answer whose own self-assessment is below {@value #ANSWERER_UNSURE} (the answerer says
 * it does not know), and an ambiguous question is at most medium.
 *
 * <p>Half the score is the answerer's own word (self-assessment, completeness), which a model can be
 * talked into: an independent check bounds the label by what we measured ourselves, context
 * relevance and query clarity ({@link #independent}). High needs at least {@value
 * #INDEPENDENT_HIGH} of it; below {@value #INDEPENDENT_FLOOR} the label is low, so escalation stays
 * required however sure the answerer claims to be (docs/qa-confidence.md).
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

  /** Independent evidence a high label needs. */
  public static final double INDEPENDENT_HIGH = 0.6;

  /** Independent evidence below which the answer is low whatever the answerer says. */
  public static final double INDEPENDENT_FLOOR = 0.35;

  private ConfidenceCalculator() {}

  /** The factors we measure ourselves, weighted as in the score and scaled to 0..1. */
  public static double independent(Factors c) {
    return (W_CONTEXT * c.contextRelevance() + W_CLARITY * c.queryClarity()) / (W_CONTEXT + W_CLARITY);
  }

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
    double independent = independent(c);
    if (outOfScope || c.selfAssessment() < ANSWERER_UNSURE || independent < INDEPENDENT_FLOOR) {
      label = Label.LOW;
    } else if ((ambiguous || independent < INDEPENDENT_HIGH) && label == Label.HIGH) {
      label = Label.MEDIUM;
    }
    return new Confidence(score, label, c);
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0.0 : Math.round(Math.max(0.0, Math.min(1.0, v)) * 1000) / 1000.0;
  }
}
