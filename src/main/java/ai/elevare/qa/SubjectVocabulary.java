package ai.elevare.qa;

import ai.elevare.ai.KnowledgeDoc;
import ai.elevare.text.Text;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Subject evidence learned from the platform's own material: a word that appears (almost) only in
 * one subject's explanations ("ammeter", "oxymoron", "allele") points to that subject. This lets
 * the analyzer recognise every topic the item bank teaches, not only the hand-written lexicon.
 */
public final class SubjectVocabulary {

  /**
   * A word counts for a subject when at least this share of the documents holding it are that
   * subject's.
   */
  static final double DOMINANCE = 0.7;

  private final Map<String, Map<String, Integer>> docsPerSubject;

  private SubjectVocabulary(Map<String, Map<String, Integer>> docsPerSubject) {
    this.docsPerSubject = docsPerSubject;
  }

  public static SubjectVocabulary empty() {
    return new SubjectVocabulary(Map.of());
  }

  public static SubjectVocabulary build(List<KnowledgeDoc> docs) {
    Map<String, Map<String, Integer>> m = new HashMap<>();
    for (KnowledgeDoc d : docs) {
      if (d.subject() == null) {
        continue;
      }
      // a glossary entry's examples roam ("a cup of boiling water" in physics): its name counts
      String words = d.kind().glossary() ? d.topic() : d.topic() + " " + d.text();
      Set<String> terms = new HashSet<>(Text.terms(words));
      for (String t : terms) {
        m.computeIfAbsent(t, k -> new HashMap<>()).merge(d.subject(), 1, Integer::sum);
      }
    }
    return new SubjectVocabulary(m);
  }

  /**
   * Adds each term's evidence to {@code scores}: the dominant subject's share, halved for a word
   * seen in a single document (one occurrence is weak evidence).
   */
  void score(Iterable<String> terms, Map<String, Double> scores) {
    for (String t : terms) {
      Map<String, Integer> per = docsPerSubject.get(t);
      if (per == null) {
        continue;
      }
      int total = 0;
      String top = null;
      int topCount = 0;
      for (Map.Entry<String, Integer> e : per.entrySet()) {
        total += e.getValue();
        if (e.getValue() > topCount) {
          topCount = e.getValue();
          top = e.getKey();
        }
      }
      double share = (double) topCount / total;
      if (share >= DOMINANCE) {
        scores.merge(top, share * (total >= 2 ? 1.0 : 0.5), Double::sum);
      }
    }
  }
}
