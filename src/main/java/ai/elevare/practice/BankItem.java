package ai.elevare.practice;

import java.util.ArrayList;
import java.util.List;

/** One row of the question bank. */
public record BankItem(
    String id,
    String subject,
    String topic,
    String prompt,
    String answerFormat,
    List<String> choices,
    List<String> answers,
    String hint,
    String explanation,
    int expectedTimeMs,
    int difficulty) {

  /** Hints grow stronger: the author's hint, then the key idea, then the first step of the worked reasoning. */
  public Question toQuestion() {
    List<String> hints = new ArrayList<>();
    hints.add(hint);
    String firstSentence = firstSentence(explanation);
    if (!firstSentence.isBlank() && !firstSentence.equals(hint)) {
      hints.add("Key idea: " + firstSentence);
    }
    if (answerFormat.equals("choice") && choices.size() > 2) {
      hints.add("It is not \"" + firstWrongChoice() + "\".");
    }
    // A root list is typed like an expression and checked as a set of solutions.
    String checkAs = answerFormat;
    String shown = answerFormat.equals("roots") ? "expression" : answerFormat;
    return new Question(
        id, subject, topic, prompt, shown, checkAs, choices, answers, hints, explanation,
        List.of(), expectedTimeMs, difficulty);
  }

  private String firstWrongChoice() {
    for (String c : choices) {
      if (answers.stream().noneMatch(a -> a.equalsIgnoreCase(c))) return c;
    }
    return choices.get(0);
  }

  private static String firstSentence(String text) {
    if (text == null) return "";
    int end = text.indexOf(". ");
    return end < 0 ? text : text.substring(0, end + 1);
  }
}
