package ai.elevare.ai;

import ai.elevare.core.CborSerializable;
import java.util.List;

/**
 * Everything a provider needs to answer one question.
 *
 * @param question the student's words, unchanged
 * @param subject the subject the question is about (declared or detected), or null when unknown
 * @param context the last turns, oldest first, newest last (at most 3 are used)
 * @param followUp whether the question continues the newest turn ("and what if it were 15?")
 * @param summaries narratives of the student's tutoring sessions, possibly empty
 */
public record QaPrompt(
    String question, String subject, List<Turn> context, boolean followUp, List<String> summaries)
    implements CborSerializable {

  public QaPrompt {
    question = question == null ? "" : question;
    context = context == null ? List.of() : List.copyOf(context);
    summaries = summaries == null ? List.of() : List.copyOf(summaries);
  }

  /** A stand-alone question without history. */
  public static QaPrompt of(String question, String subject) {
    return new QaPrompt(question, subject, List.of(), false, List.of());
  }

  /** The newest turn, or null without history. */
  public Turn lastTurn() {
    return context.isEmpty() ? null : context.get(context.size() - 1);
  }
}
