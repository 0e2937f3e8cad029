package ai.elevare.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises mathematics in a student's words: whether a question is worth handing to the CAS,
 * where its expression sits, and which numbers it holds. Shared by the local provider (follow-up
 * rewriting) and the query analysis (subject detection).
 */
public final class MathText {

  private MathText() {}

  /** A number, optionally a percentage; not an exponent ("x^2"). */
  private static final Pattern NUMBER = Pattern.compile("(?<![\\^\\w.])(\\d+(?:\\.\\d+)?)(\\s*%)?");

  private static final Set<String> FUNCTIONS =
      Set.of("sin", "cos", "tan", "log", "ln", "sqrt", "exp", "pi", "abs");

  private static final Set<String> MATH_VERBS =
      Set.of(
          "solve",
          "simplify",
          "factor",
          "factorise",
          "factorize",
          "expand",
          "differentiate",
          "derivative",
          "integrate",
          "integral",
          "evaluate",
          "calculate",
          "compute",
          "percent",
          "equation",
          "root",
          "roots",
          "square",
          "multiply",
          "divide",
          "plus",
          "minus",
          "times",
          "sum",
          "product",
          "quotient",
          "fraction",
          "percentage");

  /** A number with its position in the text. */
  public record Num(int start, int end, double value, boolean percent) {}

  /** A stretch of the text that reads as a formula: "2x + 3 = 7", "x^2", "3/4". */
  public record Span(int start, int end) {
    public String of(String s) {
      return s.substring(start, end).strip();
    }
  }

  public static List<Num> numbers(String s) {
    List<Num> out = new ArrayList<>();
    Matcher m = NUMBER.matcher(s);
    while (m.find()) {
      out.add(new Num(m.start(), m.end(), Double.parseDouble(m.group(1)), m.group(2) != null));
    }
    return out;
  }

  /**
   * Maximal formula-like stretches: digits, operators, brackets, single-letter variables and the
   * usual function names, holding at least one operator, or a digit next to a variable ("2x").
   */
  public static List<Span> spans(String s) {
    List<Span> out = new ArrayList<>();
    String lower = s.toLowerCase(Locale.ROOT);
    int i = 0;
    int n = lower.length();
    while (i < n) {
      int start = -1;
      int end = -1;
      boolean operator = false;
      boolean digit = false;
      boolean variable = false;
      int j = i;
      while (j < n) {
        char c = lower.charAt(j);
        if (Character.isLetter(c)) {
          int w = j;
          while (w < n && Character.isLetter(lower.charAt(w))) {
            w++;
          }
          String word = lower.substring(j, w);
          if (word.length() == 1 && !word.equals("a") || FUNCTIONS.contains(word)) {
            if (start < 0) {
              start = j;
            }
            variable |= word.length() == 1;
            end = w;
            j = w;
            continue;
          }
          break;
        } else if (Character.isDigit(c) || c == '.' && start >= 0) {
          if (start < 0) {
            start = j;
          }
          digit |= Character.isDigit(c);
          end = j + 1;
        } else if ("+-*/^=()<>%".indexOf(c) >= 0) {
          if (start < 0) {
            start = j;
          }
          operator |= c != '(' && c != ')' && c != '%';
          end = j + 1;
        } else if (c != ' ') {
          break;
        }
        j++;
      }
      if (start >= 0 && end > start && (operator && (digit || variable) || digit && variable)) {
        out.add(new Span(start, trimEnd(s, start, end)));
      }
      i = Math.max(j, i + 1);
      if (j < n && Character.isLetter(lower.charAt(j))) {
        while (i < n && Character.isLetter(lower.charAt(i))) {
          i++;
        }
      }
    }
    return out;
  }

  private static int trimEnd(String s, int start, int end) {
    int e = end;
    while (e > start && (s.charAt(e - 1) == '.' || s.charAt(e - 1) == ' ')) {
      e--;
    }
    return e;
  }

  /** Whether the CAS is worth asking: a formula, or numbers with a math verb or operator words. */
  public static boolean looksMath(String s) {
    if (!spans(s).isEmpty()) {
      return true;
    }
    boolean hasNumber = !numbers(s).isEmpty();
    boolean verb = false;
    for (String t : Text.tokens(s)) {
      if (MATH_VERBS.contains(t)) {
        verb = true;
        break;
      }
    }
    if (hasNumber && (verb || s.contains("%"))) {
      return true;
    }
    // "what is 12 divided by 4", "7 squared"
    return hasNumber
        && s.toLowerCase(Locale.ROOT).matches("(?s).*\\d.*\\b(divided|squared|cubed|over)\\b.*");
  }

  private static final String[][] WORD_OPERATORS = {
    {"\\bdivided\\s+by\\b", "/"},
    {"\\bmultiplied\\s+by\\b", "*"},
    {"\\btimes\\b", "*"},
    {"\\bplus\\b", "+"},
    {"\\bminus\\b", "-"},
    {"\\bsquared\\b", "^2"},
    {"\\bcubed\\b", "^3"},
    {"\\bto\\s+the\\s+power\\s+of\\b", "^"},
    {"\\bsquare\\s+root\\s+of\\b", "sqrt"}
  };

  /**
   * Operator words as symbols, for the CAS: "12 divided by 4" → "12 / 4", "7 squared" → "7 ^2".
   * Returns the text unchanged when it has none.
   */
  public static String symbolize(String s) {
    String out = s;
    for (String[] w : WORD_OPERATORS) {
      out = out.replaceAll("(?i)" + w[0], w[1]);
    }
    return out;
  }

  /** Math vocabulary without a number: "what is a derivative", "how do I factor". */
  public static boolean mentionsMath(String s) {
    for (String t : Text.tokens(s)) {
      if (MATH_VERBS.contains(t)) {
        return true;
      }
    }
    return false;
  }
}
