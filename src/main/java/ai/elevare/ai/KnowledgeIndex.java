package ai.elevare.ai;

import ai.elevare.text.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * An in-memory Lucene index (BM25, k1 = 1.2, b = 0.75) over the platform's material
 * ({@link KnowledgeDoc}s: bank explanations and the study glossary), built once and immutable, so
 * one instance and its one searcher serve every thread. Text goes through {@link Text#ANALYZER},
 * the same analysis as {@link Text#terms}, so query terms are index terms. Besides the BM25 score
 * each hit carries its <em>coverage</em>: the idf-weighted share of the query's terms that the
 * document contains (its index terms, kept in memory), which the local provider turns into its
 * self-assessment (a high BM25 score on one rare word of a five-word question is not an answer).
 */
public final class KnowledgeIndex {

  private static final float K1 = 1.2f;
  private static final float B = 0.75f;
  private static final BM25Similarity BM25 = new BM25Similarity(K1, B);

  /** Score factor for a document of another subject than the question's. */
  private static final double OTHER_SUBJECT = 0.5;

  /** Hits read before the subject factor re-orders them: the whole tail of a small corpus. */
  private static final int CANDIDATES = 200;

  private static final String BODY = "body";
  private static final String ORD = "ord";

  /** Indexed with frequencies (for BM25); the terms for coverage are kept beside the index. */
  private static final FieldType BODY_TYPE = bodyType();

  /** One search result. */
  public record Hit(KnowledgeDoc doc, double score, double coverage, Set<String> matched) {}

  private final List<KnowledgeDoc> docs;
  private final IndexReader reader;
  private final IndexSearcher searcher;
  /** Lucene doc id → position in {@code docs}, read once: a stored-field load per hit cost more than the search. */
  private final int[] ords;
  private final double avgLength;
  /**
   * Each document's index terms, by position in {@code docs}: coverage needs only whether a term
   * occurs, and reading a term vector per hit was most of a question's CPU.
   */
  private final List<Set<String>> terms;

  private KnowledgeIndex(List<KnowledgeDoc> docs, IndexReader reader) {
    this.docs = docs;
    this.reader = reader;
    this.searcher = searcher(reader);
    try {
      this.ords = new int[reader.maxDoc()];
      org.apache.lucene.index.StoredFields stored = searcher.storedFields();
      for (int d = 0; d < ords.length; d++) ords[d] = stored.document(d).getField(ORD).numericValue().intValue();
      this.avgLength = avgLength(reader);
      this.terms = docs.stream().map(d -> Set.copyOf(Text.terms(body(d)))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // memory only: no I/O to fail
    }
  }

  public static KnowledgeIndex build(List<KnowledgeDoc> docs) {
    List<KnowledgeDoc> all = List.copyOf(docs);
    KnowledgeIndex index = new KnowledgeIndex(all, open(all, 0));
    if (!all.isEmpty()) {
      // load and run the search path once (both with and without notes) here at start, so the
      // first student's question does not pay for class loading within its deadline
      KnowledgeDoc first = all.get(0);
      index.search(weights(first.topic() + " " + first.text(), 1.0), null, 1, List.of(first));
      index.search(first.topic(), null, 1);
    }
    return index;
  }

  public static KnowledgeIndex empty() {
    return build(List.of());
  }

  private static FieldType bodyType() {
    FieldType t = new FieldType();
    t.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    t.setTokenized(true);
    t.freeze();
    return t;
  }

  private static IndexSearcher searcher(IndexReader reader) {
    IndexSearcher s = new IndexSearcher(reader);
    s.setSimilarity(BM25);
    return s;
  }

  /** An index of {@code docs} in memory; a document's ordinal is {@code firstOrd} + its position. */
  private static double avgLength(IndexReader r) throws IOException {
    org.apache.lucene.search.CollectionStatistics c = new IndexSearcher(r).collectionStatistics(BODY);
    return c == null ? 1.0 : Math.max(1.0, (double) c.sumTotalTermFreq() / c.docCount());
  }

  private static IndexReader open(List<KnowledgeDoc> docs, int firstOrd) {
    ByteBuffersDirectory dir = new ByteBuffersDirectory();
    IndexWriterConfig config = new IndexWriterConfig(Text.ANALYZER).setSimilarity(BM25);
    try (IndexWriter w = new IndexWriter(dir, config)) {
      for (int i = 0; i < docs.size(); i++) {
        KnowledgeDoc d = docs.get(i);
        Document doc = new Document();
        // the topic names what the text is about: it counts twice
        doc.add(new Field(BODY, body(d), BODY_TYPE));
        doc.add(new StoredField(ORD, firstOrd + i));
        w.addDocument(doc);
      }
      w.commit();
      return DirectoryReader.open(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // memory only: no I/O to fail
    }
  }

  /** The indexed text: the topic names what the text is about, so it counts twice. */
  private static String body(KnowledgeDoc d) {
    return d.topic() + "\n" + d.topic() + "\n" + d.text();
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
   * idf as if they were part of the corpus and are scored with the same formula.
   *
   * @param query term → weight (own words 1, words borrowed from an earlier turn less)
   * @param subject the question's subject, or null; documents of other subjects score half
   */
  public List<Hit> search(
      Map<String, Double> query, String subject, int k, List<KnowledgeDoc> extra) {
    if (query.isEmpty() || k <= 0 || docs.size() + extra.size() == 0) {
      return List.of();
    }
    return search(searcher, query, subject, k, extra);
  }

  private List<Hit> search(
      IndexSearcher s, Map<String, Double> query, String subject, int k, List<KnowledgeDoc> extra) {
    try {
      BooleanQuery.Builder q = new BooleanQuery.Builder();
      for (Map.Entry<String, Double> t : query.entrySet()) {
        q.add(
            new BoostQuery(new TermQuery(new Term(BODY, t.getKey())), t.getValue().floatValue()),
            BooleanClause.Occur.SHOULD);
      }
      record Scored(int ord, KnowledgeDoc doc, double score) {}
      List<Scored> scored = new ArrayList<>();
      for (ScoreDoc sd : s.search(q.build(), CANDIDATES).scoreDocs) {
        KnowledgeDoc d = docs.get(ords[sd.doc]);
        double score = sd.score;
        if (subject != null && d.subject() != null && !subject.equals(d.subject())) {
          score *= OTHER_SUBJECT;
        }
        scored.add(new Scored(ords[sd.doc], d, score));
      }
      IndexReader r = s.getIndexReader();
      List<List<String>> notes = new ArrayList<>();
      for (KnowledgeDoc d : extra) {
        notes.add(Text.recurringTerms(body(d)));
      }
      Map<String, Double> idf = new LinkedHashMap<>();
      double totalWeight = 0;
      for (Map.Entry<String, Double> t : query.entrySet()) {
        int n = r.numDocs() + extra.size();
        int df = r.docFreq(new Term(BODY, t.getKey()));
        for (List<String> note : notes) {
          df += note.contains(t.getKey()) ? 1 : 0;
        }
        double v = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        idf.put(t.getKey(), v);
        totalWeight += t.getValue() * v;
      }
      // the student's notes, scored here with Lucene's BM25 formula and the corpus statistics: a
      // per-question Lucene index of two or three notes costs far more than the search itself
      for (int i = 0; i < extra.size(); i++) {
        List<String> note = notes.get(i);
        double score = 0;
        for (Map.Entry<String, Double> t : query.entrySet()) {
          long tf = note.stream().filter(t.getKey()::equals).count();
          if (tf > 0) {
            double norm = K1 * (1 - B + B * note.size() / avgLength);
            score += t.getValue() * idf.get(t.getKey()) * tf / (tf + norm);
          }
        }
        if (score > 0) {
          scored.add(new Scored(-1 - i, extra.get(i), score));
        }
      }
      scored.sort(Comparator.comparingDouble(Scored::score).reversed());
      List<Hit> hits = new ArrayList<>();
      for (Scored sc : scored.subList(0, Math.min(k, scored.size()))) {
        Set<String> has = sc.ord() < 0 ? Set.copyOf(notes.get(-1 - sc.ord())) : terms.get(sc.ord());
        Set<String> matched = new LinkedHashSet<>();
        double covered = 0;
        for (Map.Entry<String, Double> t : query.entrySet()) {
          if (has.contains(t.getKey())) {
            matched.add(t.getKey());
            covered += t.getValue() * idf.get(t.getKey());
          }
        }
        double coverage = totalWeight > 0 ? covered / totalWeight : 0;
        hits.add(new Hit(sc.doc(), sc.score(), coverage, matched));
      }
      return List.copyOf(hits);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
