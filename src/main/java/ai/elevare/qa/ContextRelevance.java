package ai.elevare.qa;

import ai.elevare.text.Text;
import ai.elevare.ai.Turn;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Context relevance, the 0.3 factor of the confidence: how well a question fits what the student is
 * studying here. Three parts, added and capped at 1:
 *
 * <ul>
 *   <li>platform fit: 0.6 when the question is about one of the platform's subjects (0.3 when it is
 *       in scope but its subject is unknown), 0 when out of scope (then the rest is not counted);
 *   <li>conversation fit: 0.4 for a recognised follow-up; otherwise 0.2 when one of the last turns
 *       was in the same subject, plus 0.2 × the share of the question's terms those turns used;
 *   <li>tutoring fit: when the question shares terms with the student's session summaries, 0.15 +
 *       0.25 × the share of its terms found there.
 * </ul>
 */
public final class ContextRelevance {

  private ContextRelevance() {}

  public static double score(
      String question,
      QueryAnalysis analysis,
      FollowUpSignal followUp,
      List<Turn> recent,
      List<String> summaries) {
    if (analysis.outOfScope()) {
      return 0.0;
    }
    double score = analysis.subject() != null ? 0.6 : 0.3;
    Set<String> terms = new HashSet<>(Text.terms(question));
    if (followUp.followUp()) {
      score += 0.4;
    } else if (!recent.isEmpty()) {
      boolean sameSubject =
          analysis.subject() != null
              && recent.stream().anyMatch(t -> analysis.subject().equals(t.subject()));
      if (sameSubject) {
        score += 0.2;
      }
      Set<String> used = new HashSet<>();
      for (Turn t : recent) {
        used.addAll(Text.recurringTerms(t.question()));
        used.addAll(Text.recurringTerms(t.answer()));
      }
      score += 0.2 * share(terms, used);
    }
    if (!summaries.isEmpty()) {
      Set<String> notes = new HashSet<>();
      for (String s : summaries) {
        notes.addAll(Text.recurringTerms(s));
      }
      double share = share(terms, notes);
      if (share > 0) {
        score += 0.15 + 0.25 * share;
      }
    }
    return Math.min(1.0, Math.round(score * 1000) / 1000.0);
  }

  private static double share(Set<String> terms, Set<String> in) {
    if (terms.isEmpty()) {
      return 0;
    }
    long hit = terms.stream().filter(in::contains).count();
    return (double) hit / terms.size();
  }
}
