package ai.elevare.ai;

import ai.elevare.core.CborSerializable;

/**
 * A provider's answer to a {@link QaPrompt}.
 *
 * @param answer the full answer shown for high and medium confidence
 * @param overview a short high-level overview, shown alone when confidence is low
 * @param selfAssessment how sure the provider is that the answer is right, 0..1
 * @param completeness how fully the answer covers the question, 0..1
 * @param provider the provider that produced it ("openai", "local", or "none" when nothing could)
 * @param fallback true when the primary provider failed and another one answered instead
 */
public record AiAnswer(
    String answer,
    String overview,
    double selfAssessment,
    double completeness,
    String provider,
    boolean fallback)
    implements CborSerializable {

  public AiAnswer {
    answer = answer == null ? "" : answer;
    overview = overview == null ? "" : overview;
    selfAssessment = clamp01(selfAssessment);
    completeness = clamp01(completeness);
  }

  /** The same answer, marked as produced in place of a failed primary provider. */
  public AiAnswer asFallback() {
    return new AiAnswer(answer, overview, selfAssessment, completeness, provider, true);
  }

  /**
   * What the student gets when no provider could answer in time: an honest admission with zero
   * self-assessment, so the confidence comes out low and the tutor escalation is required.
   */
  public static AiAnswer unavailable() {
    return new AiAnswer(
        "I can't answer this right now. Please send your question to your tutor.",
        "The assistant could not answer in time.",
        0.0,
        0.0,
        "none",
        true);
  }

  static double clamp01(double v) {
    if (Double.isNaN(v)) {
      return 0.0;
    }
    return Math.max(0.0, Math.min(1.0, v));
  }
}
