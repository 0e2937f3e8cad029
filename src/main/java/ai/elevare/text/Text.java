package ai.elevare.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The small bit of text handling that retrieval, follow-up detection and query analysis share:
 * lower-case word tokens, stop words, a light suffix stemmer and a sentence splitter. Deliberately
 * simple; it only has to make "reactions" meet "reaction" and drop "what is the".
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

  /** Content terms: tokens without stop words and pure numbers, stemmed. */
  public static List<String> terms(String s) {
    List<String> out = new ArrayList<>();
    for (String t : tokens(s)) {
      if (!STOP_WORDS.contains(t) && !isNumber(t) && t.length() > 1) {
        out.add(stem(t));
      }
    }
    return out;
  }

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

  /** Strips common English inflections; enough for "reactions"/"reacting" to meet "reaction". */
  public static String stem(String w) {
    if (w.length() > 4 && w.endsWith("ies")) {
      return w.substring(0, w.length() - 3) + "y";
    }
    if (w.length() > 5 && (w.endsWith("sses") || w.endsWith("shes") || w.endsWith("ches"))) {
      return w.substring(0, w.length() - 2);
    }
    if (w.length() > 3
        && w.endsWith("s")
        && !w.endsWith("ss")
        && !w.endsWith("us")
        && !w.endsWith("is")) {
      w = w.substring(0, w.length() - 1);
    }
    if (w.length() > 5 && w.endsWith("ing")) {
      return undouble(w.substring(0, w.length() - 3));
    }
    if (w.length() > 4 && w.endsWith("ed")) {
      return undouble(w.substring(0, w.length() - 2));
    }
    // "measure" must meet "measured" and "measuring": drop a final silent e
    if (w.length() > 4 && w.endsWith("e")) {
      return w.substring(0, w.length() - 1);
    }
    return w;
  }

  private static String undouble(String w) {
    int n = w.length();
    if (n > 2 && w.charAt(n - 1) == w.charAt(n - 2) && "lsz".indexOf(w.charAt(n - 1)) < 0) {
      return w.substring(0, n - 1);
    }
    return w;
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
