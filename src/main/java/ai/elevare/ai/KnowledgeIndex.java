package ai.elevare.ai;

import ai.elevare.text.MathText;
import ai.elevare.text.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory BM25 index over the platform's material ({@link KnowledgeDoc}s). Immutable once
 * built, so one instance serves every thread. Besides the BM25 score each hit carries its
 * <em>coverage</em>: the idf-weighted share of the query's terms that the document contains, which
 * is what the local provider turns into its self-assessment (a high BM25 score on one rare word of
 * a five-word question is not an answer).
 */
public final class KnowledgeIndex {

  private static final double K1 = 1.2;
  private static final double B = 0.75;

  /** Score factor for a document of another subject than the question's. */
  private static final double OTHER_SUBJECT = 0.5;

  /** One search result. */
  public record Hit(KnowledgeDoc doc, double score, double coverage, Set<String> matched) {}

  private record Indexed(KnowledgeDoc doc, Map<String, Integer> tf, int length) {}

  private final List<Indexed> docs;
  private final Map<String, Integer> df;
  private final Map<String, List<Integer>> postings;
  private final double avgLength;

  private KnowledgeIndex(List<Indexed> docs) {
    this.docs = List.copyOf(docs);
    this.df = new HashMap<>();
    this.postings = new HashMap<>();
    long total = 0;
    for (int i = 0; i < docs.size(); i++) {
      Indexed d = docs.get(i);
      total += d.length();
      for (String t : d.tf().keySet()) {
        df.merge(t, 1, Integer::sum);
        postings.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
      }
    }
    this.avgLength = docs.isEmpty() ? 1.0 : Math.max(1.0, (double) total / docs.size());
  }

  public static KnowledgeIndex build(List<KnowledgeDoc> docs) {
    List<Indexed> indexed = new ArrayList<>(docs.size());
    for (KnowledgeDoc d : docs) {
      indexed.add(index(d));
    }
    return new KnowledgeIndex(indexed);
  }

  public static KnowledgeIndex empty() {
    return build(List.of());
  }

  private static Indexed index(KnowledgeDoc d) {
    Map<String, Integer> tf = new HashMap<>();
    // the topic names what the text is about: count it twice
    List<String> terms = new ArrayList<>(Text.terms(d.topic()));
    terms.addAll(Text.terms(d.topic()));
    terms.addAll(Text.terms(d.text()));
    for (String t : terms) {
      tf.merge(t, 1, Integer::sum);
    }
    return new Indexed(d, tf, terms.size());
  }

  public int size() {
    return docs.size();
  }

  /** Plain query: every content term of {@code query} weighs 1. */
  public List<Hit> search(String query, String subject, int k) {
    return search(weights(query, 1.0), subject, k, List.of());
  }

  /** Turns a text into query term weights. */
  public static Map<String, Double> weights(String text, double weight) {
    Map<String, Double> w = new LinkedHashMap<>();
    for (String t : Text.terms(text)) {
      w.merge(t, weight, Math::max);
    }
    return w;
  }

  /**
   * BM25 over the index plus {@code extra} documents (the student's summaries), which count in the
   * document frequencies as if they were part of the corpus.
   *
   * @param query term → weight (own words 1, words borrowed from an earlier turn less)
   * @param subject the question's subject, or null; documents of other subjects score half
   */
  public List<Hit> search(
      Map<String, Double> query, String subject, int k, List<KnowledgeDoc> extra) {
    if (query.isEmpty() || k <= 0) {
      return List.of();
    }
    List<Indexed> extraIndexed = new ArrayList<>(extra.size());
    Map<String, Integer> extraDf = new HashMap<>();
    long extraLen = 0;
    for (KnowledgeDoc d : extra) {
      Indexed x = index(d);
      extraIndexed.add(x);
      extraLen += x.length();
      for (String t : x.tf().keySet()) {
        extraDf.merge(t, 1, Integer::sum);
      }
    }
    int n = docs.size() + extraIndexed.size();
    if (n == 0) {
      return List.of();
    }
    double avg = (avgLength * docs.size() + extraLen) / n;
    Map<String, Double> idf = new HashMap<>();
    double totalWeight = 0;
    for (Map.Entry<String, Double> q : query.entrySet()) {
      int f = df.getOrDefault(q.getKey(), 0) + extraDf.getOrDefault(q.getKey(), 0);
      double v = Math.log(1 + (n - f + 0.5) / (f + 0.5));
      idf.put(q.getKey(), v);
      totalWeight += q.getValue() * v;
    }
    Set<Integer> candidates = new LinkedHashSet<>();
    for (String t : query.keySet()) {
      candidates.addAll(postings.getOrDefault(t, List.of()));
    }
    List<Hit> hits = new ArrayList<>();
    for (int i : candidates) {
      hits.add(score(docs.get(i), query, idf, totalWeight, avg, subject));
    }
    for (Indexed x : extraIndexed) {
      Hit h = score(x, query, idf, totalWeight, avg, subject);
      if (h.score() > 0) {
        hits.add(h);
      }
    }
    hits.sort(Comparator.comparingDouble(Hit::score).reversed());
    return hits.size() > k ? List.copyOf(hits.subList(0, k)) : List.copyOf(hits);
  }

  private static Hit score(
      Indexed d,
      Map<String, Double> query,
      Map<String, Double> idf,
      double totalWeight,
      double avg,
      String subject) {
    double score = 0;
    double covered = 0;
    Set<String> matched = new LinkedHashSet<>();
    for (Map.Entry<String, Double> q : query.entrySet()) {
      Integer tf = d.tf().get(q.getKey());
      if (tf == null) {
        continue;
      }
      double i = idf.get(q.getKey());
      score += q.getValue() * i * (tf * (K1 + 1)) / (tf + K1 * (1 - B + B * d.length() / avg));
      covered += q.getValue() * i;
      matched.add(q.getKey());
    }
    if (subject != null && d.doc().subject() != null && !subject.equals(d.doc().subject())) {
      score *= OTHER_SUBJECT;
    }
    double coverage = totalWeight > 0 ? covered / totalWeight : 0;
    return new Hit(d.doc(), score, coverage, matched);
  }
}
