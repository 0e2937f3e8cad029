package ai.elevare.practice;

import ai.elevare.core.CborSerializable;
import java.util.List;

/**
 * A question as served to one student, with everything needed to check and explain it later.
 * Frozen into the assignment event, so later edits of the bank never change an open assignment.
 *
 * @param answerFormat what the client shows: number, expression, choice or text
 * @param checkAs how answers are compared: the answer format, or "roots" for root sets
 */
public record Question(
    String id,
    String subject,
    String topic,
    String prompt,
    String answerFormat,
    String checkAs,
    List<String> choices,
    List<String> answers,
    List<String> hints,
    String explanation,
    List<String> solutionSteps,
    long expectedTimeMs,
    int difficulty)
    implements CborSerializable {

  public Question {
    choices = choices == null ? List.of() : List.copyOf(choices);
    answers = List.copyOf(answers);
    hints = hints == null ? List.of() : List.copyOf(hints);
    solutionSteps = solutionSteps == null ? List.of() : List.copyOf(solutionSteps);
  }

  /** The worked solution shown on give-up: CAS steps when there are any, else the explanation. */
  public String solutionText() {
    StringBuilder sb = new StringBuilder();
    if (!solutionSteps.isEmpty()) {
      for (int i = 0; i < solutionSteps.size(); i++) {
        sb.append(i + 1).append(". ").append(solutionSteps.get(i)).append('\n');
      }
    } else if (explanation != null && !explanation.isBlank()) {
      sb.append(explanation).append('\n');
    }
    sb.append("Answer: ").append(answers.get(0));
    return sb.toString();
  }
}
