package ai.elevare.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * The text handling that retrieval, follow-up detection, query analysis and summaries share:
 * lower-case word tokens, stop words, stemming and a sentence splitter. Content terms come from one
 * Lucene analysis chain ({@link #ANALYZER}): letter-or-digit tokens, lower case, the stop words
 * below, no numbers or single characters, and the Snowball English (Porter2) stemmer, so that
 * "reactions", "reacting" and "reacted" meet, with a few overrides where Porter2 errs ("gases").
 * The local provider's index uses the same analyzer, so a term of {@link #terms} is exactly a term
 * of the index. KStem was tried and dropped: it keeps "bonds" and "measured" apart from "bond" and
 * "measure".
 */
public final class Text {

  private Text() {}

  /** Function words and the words every question has, which say nothing about its topic. */
  public static final Set<String> STOP_WORDS =
      Set.of(
          "a",
          "an",
          "the",
          "and",
          "or",
          "but",
          "if",
          "then",
          "else",
          "of",
          "to",
          "in",
          "on",
          "at",
          "by",
          "for",
          "with",
          "from",
          "into",
          "onto",
          "during",
          "about",
          "as",
          "than",
          "so",
          "such",
          "is",
          "are",
          "was",
          "were",
          "be",
          "been",
          "being",
          "am",
          "do",
          "does",
          "did",
          "doing",
          "done",
          "have",
          "has",
          "had",
          "having",
          "can",
          "could",
          "will",
          "would",
          "shall",
          "should",
          "may",
          "might",
          "must",
          "i",
          "me",
          "my",
          "mine",
          "we",
          "us",
          "our",
          "you",
          "your",
          "he",
          "she",
          "him",
          "her",
          "his",
          "hers",
          "they",
          "them",
          "their",
          "it",
          "its",
          "this",
          "that",
          "these",
          "those",
          "there",
          "here",
          "what",
          "whats",
          "which",
          "who",
          "whom",
          "whose",
          "when",
          "where",
          "why",
          "how",
          "not",
          "no",
          "yes",
          "please",
          "tell",
          "explain",
          "know",
          "mean",
          "means",
          "meaning",
          "give",
          "show",
          "help",
          "want",
          "need",
          "get",
          "got",
          "some",
          "any",
          "all",
          "each",
          "every",
          "more",
          "most",
          "much",
          "many",
          "very",
          "really",
          "just",
          "also",
          "too",
          "again",
          "now",
          "like",
          "other",
          "one",
          "thing",
          "things",
          "way",
          "s",
          "t",
          "don",
          "doesn",
          "isn",
          "aren",
          "re",
          "ve",
          "ll",
          "d",
          "m",
          "let",
          "lets",
          "something",
          "anything",
          "work",
          "works",
          "happen",
          "happens",
          "example",
          "use",
          "used",
          "describe",
          "define",
          "definition",
          "difference",
          "between",
          "called",
          "call",
          "make",
          "makes",
          "same",
          "instead",
          "well",
          "ok",
          "okay",
          "hi",
          "hello",
          "hey",
          "understand",
          "confused",
          "confusing",
          "stuck",
          "sure",
          "think",
          "idea");

  /** Lower-case tokens of letters and digits; "x^2" and "2x" stay apart from the words. */
  public static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    if (s == null) {
      return out;
    }
    StringBuilder cur = new StringBuilder();
    String lower = s.toLowerCase(Locale.ROOT);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        cur.append(c);
      } else {
        flush(cur, out);
      }
    }
    flush(cur, out);
    return out;
  }

  private static void flush(StringBuilder cur, List<String> out) {
    if (cur.length() > 0) {
      out.add(cur.toString());
      cur.setLength(0);
    }
  }

  /** Content terms: tokens without stop words, pure numbers and single characters, stemmed. */
  public static List<String> terms(String s) {
    return s == null || s.isEmpty() ? new ArrayList<>() : analyze(ANALYZER, s);
  }

  /**
   * The terms of a text that is analysed again and again (earlier Q&A turns, session notes: every
   * question of a student reads them), remembered in a bounded cache; the list is unmodifiable.
   */
  public static List<String> recurringTerms(String s) {
    if (s == null || s.isEmpty()) return List.of();
    return RECURRING.get(s, t -> List.copyOf(analyze(ANALYZER, t)));
  }

  /** Weighed by characters: about 4 MB of text at most. */
  private static final com.github.benmanes.caffeine.cache.Cache<String, List<String>> RECURRING =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
          .maximumWeight(2_000_000)
          .<String, List<String>>weigher((text, terms) -> text.length() + 16 * terms.size())
          .build();

  public static boolean isNumber(String t) {
    if (t.isEmpty()) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      if (!Character.isDigit(t.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The stem of one lower-case word, as {@link #terms} stems it ("reactions" → "reaction"). */
  public static String stem(String w) {
    if (w == null || w.isEmpty()) {
      return w;
    }
    String fixed = OVERRIDE_WORDS.get(w);
    if (fixed != null) {
      return fixed;
    }
    // the analyzer's stemmer called directly: stem() runs per word in hot loops
    EnglishStemmer s = SNOWBALL.get();
    s.setCurrent(w);
    s.stem();
    return s.getCurrent();
  }

  private static final ThreadLocal<EnglishStemmer> SNOWBALL =
      ThreadLocal.withInitial(EnglishStemmer::new);

  private static final CharArraySet STOP_SET = new CharArraySet(STOP_WORDS, false);

  /** Words Porter2 gets wrong for school science: "gases" must meet "gas", an organism is no organ. */
  private static final java.util.Map<String, String> OVERRIDE_WORDS =
      java.util.Map.of("gases", "gas", "organism", "organism", "organisms", "organism");

  private static final StemmerOverrideFilter.StemmerOverrideMap OVERRIDES = overrides();

  private static StemmerOverrideFilter.StemmerOverrideMap overrides() {
    StemmerOverrideFilter.Builder b = new StemmerOverrideFilter.Builder(false);
    OVERRIDE_WORDS.forEach(b::add);
    try {
      return b.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TokenStream stemmed(TokenStream in) {
    return new SnowballFilter(new StemmerOverrideFilter(in, OVERRIDES), new EnglishStemmer());
  }

  /** The content-term analysis chain, shared with the retrieval index (thread-safe, reusable). */
  public static final Analyzer ANALYZER =
      new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
          Tokenizer source = CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit);
          TokenStream s = new LowerCaseFilter(source);
          s = new StopFilter(s, STOP_SET);
          s = new ContentFilter(s);
          return new TokenStreamComponents(source, stemmed(s));
        }
      };

  /** Drops numbers and single characters: they name no topic. */
  private static final class ContentFilter extends FilteringTokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    ContentFilter(TokenStream in) {
      super(in);
    }

    @Override
    protected boolean accept() {
      if (term.length() < 2) {
        return false;
      }
      for (int i = 0; i < term.length(); i++) {
        if (!Character.isDigit(term.charAt(i))) {
          return true;
        }
      }
      return false;
    }
  }

  private static List<String> analyze(Analyzer analyzer, String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream("t", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader never fails
    }
    return out;
  }

  /** Splits prose into sentences at ., ! or ? followed by white space. */
  public static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    String t = text.strip();
    int start = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean end =
          (c == '.' || c == '!' || c == '?')
              && (i + 1 == t.length() || Character.isWhitespace(t.charAt(i + 1)))
              // "e.g." and decimals are not ends: a single letter or a digit before the dot
              && !(c == '.' && i > 0 && i - start > 0 && isAbbreviation(t, i));
      if (end || c == '\n') {
        String s = t.substring(start, i + (c == '\n' ? 0 : 1)).strip();
        if (!s.isEmpty()) {
          out.add(s);
        }
        start = i + 1;
      }
    }
    String rest = t.substring(Math.min(start, t.length())).strip();
    if (!rest.isEmpty()) {
      out.add(rest);
    }
    return out;
  }

  private static boolean isAbbreviation(String t, int dot) {
    int j = dot - 1;
    while (j >= 0 && Character.isLetter(t.charAt(j))) {
      j--;
    }
    int len = dot - 1 - j;
    return len == 1
        && (j < 0 || t.charAt(j) == '.' || Character.isWhitespace(t.charAt(j)))
        && Character.isLowerCase(t.charAt(dot - 1));
  }
}
