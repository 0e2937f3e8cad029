package ai.elevare.practice.math;

import ai.elevare.practice.math.MathExpr.Add;
import ai.elevare.practice.math.MathExpr.Bracket;
import ai.elevare.practice.math.MathExpr.Const;
import ai.elevare.practice.math.MathExpr.Dec;
import ai.elevare.practice.math.MathExpr.Div;
import ai.elevare.practice.math.MathExpr.Eq;
import ai.elevare.practice.math.MathExpr.Fact;
import ai.elevare.practice.math.MathExpr.Fn;
import ai.elevare.practice.math.MathExpr.Mul;
import ai.elevare.practice.math.MathExpr.Neg;
import ai.elevare.practice.math.MathExpr.Num;
import ai.elevare.practice.math.MathExpr.Pm;
import ai.elevare.practice.math.MathExpr.Pow;
import ai.elevare.practice.math.MathExpr.Seq;
import ai.elevare.practice.math.MathExpr.Sym;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parser for math as people type it: {@code x^2}, {@code x**2}, {@code x²}, {@code 2x}, {@code 2(x+1)},
 * {@code sqrt(8)}, {@code √2}, {@code ln x}, {@code log_2(8)}, {@code e}, {@code pi}, {@code π}, {@code 1/2},
 * {@code 0.5}, unicode minus, × and ÷, {@code x=3, x=2}, {@code {2,3}}, {@code x = 2 or x = 3}, {@code 3 ± sqrt(2)}.
 *
 * <p>This is the whitelist: the grammar only knows numbers, single-letter variables, {@code pi}/{@code e}, the
 * operators and the functions of {@link MathExpr#FUNCTIONS}. Anything else (a Symja name such as {@code ReadString},
 * strings, {@code ;}-sequences as code, assignments) cannot be expressed, so user text never reaches Symja's own
 * parser. It also refuses input that would explode in the CAS ({@code 9^9^9^9^9}, {@code x^(10^10)},
 * {@code 1000000!}) before any evaluation.
 *
 * <p>{@code log(x)} is the natural logarithm, as in SymPy and Symja; {@code log10(x)}, {@code log_10(x)} and
 * {@code log_b(x)} give other bases. The letter {@code e} is always Euler's number; {@code i} is an ordinary variable.
 */
public final class MathParser {

  /** Longest input accepted (characters). */
  public static final int MAX_CHARS = 1000;

  static final int MAX_NESTING = 40;
  static final int MAX_NODES = 400;
  static final int MAX_DIGITS = 40;
  /** Largest exponent on an expression with variables, and largest total degree. */
  static final int MAX_DEGREE = 200;
  static final int MAX_TOTAL_DEGREE = 1000;
  /** Largest number of decimal digits a constant power may produce. */
  static final int MAX_RESULT_DIGITS = 2000;
  static final int MAX_FACTORIAL = 500;

  private static final Map<String, String> WORDS =
      Map.ofEntries(
          Map.entry("sqrt", "sqrt"),
          Map.entry("cbrt", "cbrt"),
          Map.entry("ln", "ln"),
          Map.entry("log", "log"),
          Map.entry("exp", "exp"),
          Map.entry("sin", "sin"),
          Map.entry("cos", "cos"),
          Map.entry("tan", "tan"),
          Map.entry("cot", "cot"),
          Map.entry("sec", "sec"),
          Map.entry("csc", "csc"),
          Map.entry("arcsin", "arcsin"),
          Map.entry("asin", "arcsin"),
          Map.entry("arccos", "arccos"),
          Map.entry("acos", "arccos"),
          Map.entry("arctan", "arctan"),
          Map.entry("atan", "arctan"),
          Map.entry("sinh", "sinh"),
          Map.entry("cosh", "cosh"),
          Map.entry("tanh", "tanh"),
          Map.entry("abs", "abs"),
          Map.entry("pi", "pi"),
          Map.entry("e", "e"));

  private static final int LONGEST_WORD = 6;

  private enum T {
    NUM,
    VAR,
    CONST,
    FUNC,
    OP,
    SEP,
    END
  }

  private record Tok(T type, String text, int pos) {
    boolean is(String s) {
      return (type == T.OP || type == T.SEP) && text.equals(s);
    }
  }

  private final List<Tok> toks;
  private int at;
  private int nesting;
  private int absDepth;

  private MathParser(List<Tok> toks) {
    this.toks = toks;
  }

  /** Parses and checks user math; the message of the exception is written for the student. */
  public static MathExpr parse(String text) throws CasException {
    if (text == null || text.isBlank()) {
      throw CasException.invalid("The answer is empty.");
    }
    if (text.length() > MAX_CHARS) {
      throw CasException.invalid("The answer is too long (at most " + MAX_CHARS + " characters).");
    }
    MathParser p = new MathParser(tokenize(normalize(text)));
    MathExpr e = p.top();
    if (p.peek().type() != T.END) {
      throw CasException.invalid("Unexpected '" + p.peek().text() + "' in the answer.");
    }
    Guard.check(e);
    return e;
  }

  // ------------------------------------------------------------------ lexical

  /** Maps unicode and alternative notations onto the ASCII the tokenizer reads. */
  static String normalize(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String sup = superscript(c);
      if (sup != null) {
        int j = i;
        StringBuilder run = new StringBuilder();
        while (j < s.length() && superscript(s.charAt(j)) != null) {
          run.append(superscript(s.charAt(j)));
          j++;
        }
        sb.append("^(").append(run).append(')');
        i = j - 1;
        continue;
      }
      switch (c) {
        case '\u2212', '\u2013', '\u2014', '\u2010', '\u2011', '\u2012', '\uFE63', '\uFF0D' -> sb.append('-');
        case '\u00D7', '\u00B7', '\u22C5', '\u2219', '\u2217', '\u2715', '\u2716' -> sb.append('*');
        case '\u00F7', '\u2215', '\u2044' -> sb.append('/');
        case '\u221A' -> sb.append(" \u221A ");
        case '\u03C0' -> sb.append(" pi ");
        case '\u00B1' -> sb.append(" \u00B1 ");
        case '\u00BD' -> sb.append("(1/2)");
        case '\u00BC' -> sb.append("(1/4)");
        case '\u00BE' -> sb.append("(3/4)");
        case '\u2153' -> sb.append("(1/3)");
        case '\u2154' -> sb.append("(2/3)");
        case '\u00A0', '\u2009', '\u202F', '\t', '\n', '\r' -> sb.append(' ');
        case '\uFF08' -> sb.append('(');
        case '\uFF09' -> sb.append(')');
        default -> sb.append(c);
      }
    }
    return sb.toString().replace("**", "^").replace("==", "=").toLowerCase(java.util.Locale.ROOT);
  }

  private static String superscript(char c) {
    return switch (c) {
      case '\u2070' -> "0";
      case '\u00B9' -> "1";
      case '\u00B2' -> "2";
      case '\u00B3' -> "3";
      case '\u2074' -> "4";
      case '\u2075' -> "5";
      case '\u2076' -> "6";
      case '\u2077' -> "7";
      case '\u2078' -> "8";
      case '\u2079' -> "9";
      case '\u207B' -> "-";
      default -> null;
    };
  }

  private static List<Tok> tokenize(String s) throws CasException {
    List<Tok> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ') {
        i++;
      } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
        int j = i;
        boolean dot = false;
        while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.' && !dot)) {
          dot |= s.charAt(j) == '.';
          j++;
        }
        String lit = s.substring(i, j);
        if (lit.endsWith(".")) {
          lit = lit.substring(0, lit.length() - 1);
        }
        if (lit.replace(".", "").length() > MAX_DIGITS) {
          throw CasException.invalid("That number has too many digits (at most " + MAX_DIGITS + ").");
        }
        out.add(new Tok(T.NUM, lit, i));
        i = j;
      } else if (c >= 'a' && c <= 'z') {
        int j = i;
        while (j < s.length() && s.charAt(j) >= 'a' && s.charAt(j) <= 'z') {
          j++;
        }
        splitWord(s.substring(i, j), i, out);
        i = j;
      } else if (c == '\u221A') {
        out.add(new Tok(T.FUNC, "\u221A", i));
        i++;
      } else if (c == '\u00B1') {
        out.add(new Tok(T.OP, "\u00B1", i));
        i++;
      } else if ("+-*/^!=()[]{}|_".indexOf(c) >= 0) {
        out.add(new Tok(T.OP, String.valueOf(c), i));
        i++;
      } else if (c == ',' || c == ';') {
        out.add(new Tok(T.SEP, ",", i));
        i++;
      } else {
        throw CasException.invalid("The answer contains a character that is not math: '" + c + "'.");
      }
    }
    out.add(new Tok(T.END, "end", s.length()));
    return out;
  }

  /** Splits a letter run into known words and single-letter variables ({@code xsinx} is x, sin, x). */
  private static void splitWord(String w, int pos, List<Tok> out) throws CasException {
    if (w.equals("or") || w.equals("and")) {
      out.add(new Tok(T.SEP, ",", pos));
      return;
    }
    int loose = 0;
    int i = 0;
    while (i < w.length()) {
      String match = null;
      for (int len = Math.min(LONGEST_WORD, w.length() - i); len >= 2; len--) {
        String cand = w.substring(i, i + len);
        if (WORDS.containsKey(cand)) {
          match = cand;
          break;
        }
      }
      if (match == null && w.charAt(i) == 'e') {
        match = "e";
      }
      if (match == null) {
        if (++loose > 3) {
          throw CasException.invalid("Unknown word '" + w + "' in the answer.");
        }
        out.add(new Tok(T.VAR, String.valueOf(w.charAt(i)), pos + i));
        i++;
        continue;
      }
      loose = 0;
      String kind = WORDS.get(match);
      if (kind.equals("pi") || kind.equals("e")) {
        out.add(new Tok(T.CONST, kind, pos + i));
      } else {
        out.add(new Tok(T.FUNC, kind, pos + i));
      }
      i += match.length();
    }
  }

  // ------------------------------------------------------------------ grammar

  private Tok peek() {
    return toks.get(at);
  }

  private Tok next() {
    return toks.get(at++);
  }

  private boolean accept(String op) {
    if (peek().is(op)) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(String op) throws CasException {
    if (!accept(op)) {
      Tok t = peek();
      throw CasException.invalid(
          t.type() == T.END
              ? "Unbalanced brackets: a '" + op + "' is missing."
              : "Expected '" + op + "' but found '" + t.text() + "'.");
    }
  }

  private MathExpr top() throws CasException {
    List<MathExpr> items = new ArrayList<>();
    items.add(item());
    while (accept(",")) {
      items.add(item());
    }
    return items.size() == 1 ? items.get(0) : new Seq(items, Bracket.BARE);
  }

  private MathExpr item() throws CasException {
    MathExpr lhs = sum();
    if (accept("=")) {
      MathExpr rhs = sum();
      if (peek().is("=")) {
        throw CasException.invalid("Write one equation at a time.");
      }
      return new Eq(lhs, rhs);
    }
    return lhs;
  }

  private MathExpr sum() throws CasException {
    List<MathExpr> terms = new ArrayList<>();
    terms.add(term());
    while (true) {
      if (accept("+")) {
        terms.add(term());
      } else if (accept("-")) {
        terms.add(negate(term()));
      } else if (accept("\u00B1")) {
        MathExpr base = terms.size() == 1 ? terms.get(0) : new Add(terms);
        terms = new ArrayList<>();
        terms.add(new Pm(base, term()));
      } else {
        break;
      }
    }
    return terms.size() == 1 ? terms.get(0) : new Add(terms);
  }

  private MathExpr term() throws CasException {
    MathExpr acc = unary();
    while (true) {
      if (accept("*")) {
        acc = times(acc, unary());
      } else if (accept("/")) {
        acc = new Div(acc, unary());
      } else if (startsImplicitFactor()) {
        acc = times(acc, power());
      } else if (peek().type() == T.NUM) {
        throw CasException.invalid("A '*' or another operator is missing before " + peek().text() + ".");
      } else {
        return acc;
      }
    }
  }

  private boolean startsImplicitFactor() {
    Tok t = peek();
    return switch (t.type()) {
      case VAR, CONST, FUNC -> true;
      case OP -> t.text().equals("(") || t.text().equals("[") || t.text().equals("|") && absDepth == 0;
      default -> false;
    };
  }

  private static MathExpr times(MathExpr a, MathExpr b) {
    List<MathExpr> fs = new ArrayList<>();
    if (a instanceof Mul m) {
      fs.addAll(m.factors());
    } else {
      fs.add(a);
    }
    fs.add(b);
    return new Mul(fs);
  }

  private MathExpr unary() throws CasException {
    if (accept("-")) {
      return negate(unary());
    }
    if (accept("+")) {
      return unary();
    }
    if (accept("\u00B1")) {
      return new Pm(null, unary());
    }
    return power();
  }

  private static MathExpr negate(MathExpr e) {
    if (e instanceof Num n) {
      return new Num(n.value().negate());
    }
    if (e instanceof Dec d) {
      return new Dec(d.value().negate());
    }
    return new Neg(e);
  }

  private MathExpr power() throws CasException {
    MathExpr base = postfix();
    if (accept("^")) {
      return new Pow(base, unary());
    }
    return base;
  }

  private MathExpr postfix() throws CasException {
    MathExpr e = primary();
    while (accept("!")) {
      e = new Fact(e);
    }
    return e;
  }

  private MathExpr primary() throws CasException {
    if (++nesting > MAX_NESTING) {
      throw CasException.invalid("The answer is nested too deeply.");
    }
    try {
      Tok t = next();
      return switch (t.type()) {
        case NUM -> t.text().contains(".") ? new Dec(new BigDecimal(t.text())) : new Num(new BigInteger(t.text()));
        case VAR -> new Sym(t.text());
        case CONST -> t.text().equals("pi") ? Const.PI : Const.E;
        case FUNC -> function(t);
        case OP -> bracketed(t);
        case SEP -> throw CasException.invalid("A value is missing before ','.");
        case END -> throw CasException.invalid("The answer ends too early.");
      };
    } finally {
      nesting--;
    }
  }

  private MathExpr bracketed(Tok t) throws CasException {
    switch (t.text()) {
      case "(", "[" -> {
        String close = t.text().equals("(") ? ")" : "]";
        List<MathExpr> items = new ArrayList<>();
        items.add(item());
        while (accept(",")) {
          items.add(item());
        }
        expect(close);
        return items.size() == 1 ? items.get(0) : new Seq(items, Bracket.TUPLE);
      }
      case "{" -> {
        List<MathExpr> items = new ArrayList<>();
        if (!peek().is("}")) {
          items.add(item());
          while (accept(",")) {
            items.add(item());
          }
        }
        expect("}");
        return new Seq(items, Bracket.BRACES);
      }
      case "|" -> {
        absDepth++;
        MathExpr inner = sum();
        absDepth--;
        expect("|");
        return new Fn("abs", List.of(inner));
      }
      case ")", "]", "}" -> throw CasException.invalid("Unbalanced brackets: an unexpected '" + t.text() + "'.");
      default -> throw CasException.invalid("Unexpected '" + t.text() + "' in the answer.");
    }
  }

  private MathExpr function(Tok fn) throws CasException {
    String name = fn.text();
    if (name.equals("\u221A")) {
      // the radical sign binds to one operand: √2x is sqrt(2)*x
      return new Fn("sqrt", List.of(power()));
    }
    MathExpr base = null;
    if (name.equals("log")) {
      if (accept("_")) {
        base = primary();
      } else if (peek().type() == T.NUM
          && peek().pos() == fn.pos() + 3
          && (peek().text().equals("10") || peek().text().equals("2"))) {
        // log10(x), log2(x) written without a space
        base = new Num(new BigInteger(next().text()));
      }
    }
    MathExpr exponent = null;
    if (peek().is("^") && !name.equals("sqrt") && !name.equals("cbrt")) {
      at++;
      exponent = primary();
    }
    MathExpr arg;
    if (peek().is("(") || peek().is("[")) {
      Tok open = next();
      arg = item();
      if (peek().is(",")) {
        throw CasException.invalid(
            name.equals("log") ? "Write a logarithm with a base as log_b(x)." : name + " takes one argument.");
      }
      expect(open.text().equals("(") ? ")" : "]");
    } else {
      // sin x, ln 2x: a function without brackets takes the following product of factors
      arg = power();
      while (startsImplicitFactor()) {
        arg = times(arg, power());
      }
    }
    MathExpr applied =
        switch (name) {
          case "exp" -> new Pow(Const.E, arg);
          case "cbrt" -> new Pow(arg, new Div(Num.of(1), Num.of(3)));
          case "log" -> base == null ? new Fn("ln", List.of(arg)) : new Fn("log", List.of(base, arg));
          default -> new Fn(name, List.of(arg));
        };
    return exponent == null ? applied : new Pow(applied, exponent);
  }

  /** Size and explosion checks on a parsed tree, before the CAS ever sees it. */
  static final class Guard {
    private Guard() {}

    static void check(MathExpr e) throws CasException {
      if (e.nodeCount() > MAX_NODES) {
        throw CasException.tooLarge("The answer is too long.");
      }
      if (degree(e) > MAX_TOTAL_DEGREE) {
        throw CasException.tooLarge("The powers in the answer are too large.");
      }
      walk(e);
    }

    private static void walk(MathExpr e) throws CasException {
      if (e instanceof Pow p) {
        checkPower(p);
      } else if (e instanceof Fact f) {
        double n = f.arg().isConstant() ? f.arg().eval() : Double.NaN;
        if (!(n >= 0 && n <= MAX_FACTORIAL && n == Math.rint(n))) {
          throw CasException.tooLarge("Factorials are only accepted for whole numbers up to " + MAX_FACTORIAL + ".");
        }
      }
      for (MathExpr c : MathExprSupport.children(e)) {
        walk(c);
      }
    }

    private static void checkPower(Pow p) throws CasException {
      if (!p.exp().isConstant()) {
        return;
      }
      double x = p.exp().eval();
      if (!Double.isFinite(x)) {
        throw CasException.tooLarge("That exponent is too large to work with.");
      }
      if (p.base().isConstant()) {
        double b = Math.abs(p.base().eval());
        if (Double.isNaN(b)) {
          return;
        }
        if (Double.isInfinite(b) || b > 1 && Math.abs(x) * Math.log10(b) > MAX_RESULT_DIGITS) {
          throw CasException.tooLarge("That number is too large to work with.");
        }
      } else if (Math.abs(x) > MAX_DEGREE) {
        throw CasException.tooLarge("That exponent is too large (at most " + MAX_DEGREE + ").");
      }
    }

    /** An upper bound of the polynomial degree, counting any function as degree of its argument. */
    static double degree(MathExpr e) {
      if (e instanceof Sym) {
        return 1;
      } else if (e instanceof Add || e instanceof Seq || e instanceof Eq || e instanceof Fn || e instanceof Pm) {
        double d = 0;
        for (MathExpr c : MathExprSupport.children(e)) {
          d = Math.max(d, degree(c));
        }
        return d;
      } else if (e instanceof Mul || e instanceof Div) {
        double d = 0;
        for (MathExpr c : MathExprSupport.children(e)) {
          d += degree(c);
        }
        return d;
      } else if (e instanceof Neg n) {
        return degree(n.arg());
      } else if (e instanceof Pow p) {
        double x = p.exp().isConstant() ? Math.abs(p.exp().eval()) : 1;
        return degree(p.base()) * (Double.isFinite(x) ? Math.max(1, x) : Double.POSITIVE_INFINITY)
            + degree(p.exp());
      } else if (e instanceof Fact f) {
        return degree(f.arg());
      }
      return 0;
    }
  }
}
