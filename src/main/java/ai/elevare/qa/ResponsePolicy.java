package ai.elevare.qa;

import ai.elevare.qa.Confidence.Label;

/**
 * What the student is shown for each label: high, the answer (the tutor button is always there, as
 * the optional suggestion); medium, the answer with a disclaimer and a suggestion to ask the tutor;
 * low, only a short overview and an escalation to the tutor they must go through.
 */
public record ResponsePolicy(
    boolean fullAnswer,
    boolean disclaimer,
    boolean escalationSuggested,
    boolean escalationRequired) {

  public static final String DISCLAIMER =
      "I'm not completely sure about this answer: please check it, and ask your tutor if anything "
          + "looks off.";

  public static final String ESCALATION_NOTE =
      "I'm not confident enough to give you a full answer here. Please send this question to your "
          + "tutor: they will go through it with you.";

  public static ResponsePolicy of(Label label) {
    return switch (label) {
      case HIGH -> new ResponsePolicy(true, false, false, false);
      case MEDIUM -> new ResponsePolicy(true, true, true, false);
      case LOW -> new ResponsePolicy(false, false, true, true);
    };
  }
}
