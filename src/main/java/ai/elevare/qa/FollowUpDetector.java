package ai.elevare.qa;

import ai.elevare.text.MathText;
import ai.elevare.text.Text;
import ai.elevare.ai.Turn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a question continues the last turns ("and what if it were 15?", "what about
 * mitosis?", "why?") or stands on its own. Evidence, summed into a score in 0..1, follow-up from
 * 0.5:
 *
 * <ul>
 *   <li>an opener that only makes sense after something ("and", "what about", "what if", "then",
 *       "instead", "same for"): 0.6
 *   <li>a bare request for reasons ("why?", "how come?", "explain that"): 0.7
 *   <li>a pronoun with nothing in the question it could refer to ("is it always true?"): 0.5
 *   <li>ellipsis: no content word or formula of its own, and either a number in at most four words
 *       ("15?", "with 20 instead") or at most two words and a question mark ("and now?"): 0.5
 *   <li>lexical overlap with the last turn's question and answer: up to 0.3
 * </ul>
 *
 * A question with a formula or three content words of its own and no opener is self-contained:
 * overlap alone never makes it a follow-up.
 */
public final class FollowUpDetector {

  static final double THRESHOLD = 0.5;

  private static final List<String> OPENERS =
      List.of(
          "and ",
          "and,",
          "what about",
          "how about",
          "what if",
          "then ",
          "so what",
          "so how",
          "so why",
          "instead",
          "same for",
          "same with",
          "but what",
          "but why",
          "but how",
          "also ",
          "now what",
          "now do",
          "now try",
          "ok and",
          "okay and",
          "what else",
          "and if",
          "can you explain that",
          "explain that",
          "explain it",
          "tell me more",
          "more about");

  private static final Set<String> WHY =
      Set.of(
          "why",
          "how come",
          "how so",
          "explain",
          "really",
          "are you sure",
          "how",
          "show steps",
          "steps");

  private static final Set<String> PRONOUNS =
      Set.of("it", "its", "that", "this", "they", "them", "those", "these", "he", "she", "one");

  public FollowUpSignal detect(String question, List<Turn> context) {
    if (context == null || context.isEmpty() || question == null || question.isBlank()) {
      return FollowUpSignal.none();
    }
    Turn last = context.get(context.size() - 1);
    String q = question.strip().toLowerCase(Locale.ROOT);
    String bare = q.replaceAll("[?!.]+$", "").strip();
    List<String> tokens = Text.tokens(q);
    List<String> terms = Text.terms(q);
    boolean ownFormula = !MathText.spans(q).isEmpty();
    List<String> cues = new ArrayList<>();
    double score = 0;

    boolean opener =
        OPENERS.stream().anyMatch(o -> q.startsWith(o))
            // "what is assonance then?": a closing "then" ties it to what came before
            || tokens.size() >= 2 && tokens.get(tokens.size() - 1).equals("then");
    if (opener) {
      score += 0.6;
      cues.add("opener");
    }
    if (WHY.contains(bare)
        || tokens.size() <= 3 && (tokens.contains("why") || bare.startsWith("how come"))) {
      score += 0.7;
      cues.add("why");
    }
    boolean pronoun = tokens.stream().anyMatch(PRONOUNS::contains);
    if (pronoun && terms.size() <= 2 && !ownFormula) {
      score += 0.5;
      cues.add("pronoun");
    }
    boolean number = !MathText.numbers(q).isEmpty();
    if (terms.isEmpty()
        && !ownFormula
        && !cues.contains("why")
        && (number && tokens.size() <= 4 || tokens.size() <= 2 && q.endsWith("?"))) {
      score += 0.5;
      cues.add("ellipsis");
    }
    double overlap = overlap(terms, last);
    if (overlap > 0) {
      score += 0.3 * overlap;
      cues.add("overlap");
    }
    boolean selfContained = !opener && (ownFormula || terms.size() >= 3) && !cues.contains("why");
    boolean followUp = score >= THRESHOLD && !selfContained;
    return new FollowUpSignal(
        followUp, Math.min(1.0, score), followUp ? last : null, List.copyOf(cues));
  }

  /** Share of the question's content terms that also occur in the last turn. */
  static double overlap(List<String> terms, Turn last) {
    if (terms.isEmpty()) {
      return 0;
    }
    Set<String> before = new HashSet<>(Text.recurringTerms(last.question()));
    before.addAll(Text.recurringTerms(last.answer()));
    long shared = terms.stream().distinct().filter(before::contains).count();
    return (double) shared / terms.stream().distinct().count();
  }
}
