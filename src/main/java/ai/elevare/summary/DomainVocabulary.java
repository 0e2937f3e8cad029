package ai.elevare.summary;

import ai.elevare.ai.KnowledgeDoc;
import ai.elevare.text.Text;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the item bank teaches, per subject: the stems of its items' explanations and the names of
 * its topics with their stems. A transcript word the bank also uses is more likely a topic than
 * a word of everyday talk, and a session whose words cluster on one bank topic is about it.
 */
public final class DomainVocabulary {
  private final Map<String, Set<String>> stemsBySubject;
  private final Map<String, Map<String, Set<String>>> topicStems;

  private DomainVocabulary(Map<String, Set<String>> stems, Map<String, Map<String, Set<String>>> topics) {
    this.stemsBySubject = stems;
    this.topicStems = topics;
  }

  public static DomainVocabulary empty() {
    return new DomainVocabulary(Map.of(), Map.of());
  }

  public static DomainVocabulary build(List<KnowledgeDoc> docs) {
    Map<String, Set<String>> stems = new HashMap<>();
    Map<String, Map<String, Set<String>>> topics = new HashMap<>();
    for (KnowledgeDoc d : docs) {
      if (d.subject() == null || d.topic() == null) continue;
      List<String> terms = Text.terms(d.topic() + " " + d.text());
      stems.computeIfAbsent(d.subject(), k -> new HashSet<>()).addAll(terms);
      topics.computeIfAbsent(d.subject(), k -> new HashMap<>())
          .computeIfAbsent(d.topic(), k -> new HashSet<>())
          .addAll(terms);
    }
    return new DomainVocabulary(stems, topics);
  }

  /** Whether the bank's material of {@code subject} uses this stem. */
  public boolean knows(String subject, String stem) {
    Set<String> s = stemsBySubject.get(subject);
    return s != null && s.contains(stem);
  }

  /** The bank's topics of {@code subject} with the stems their items use. */
  public Map<String, Set<String>> topics(String subject) {
    return topicStems.getOrDefault(subject, Map.of());
  }
}
