package ai.elevare.practice.math;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The product's own small math syntax tree. User answers are parsed into it ({@link MathParser}) and CAS results
 * are converted into it ({@link Cas}), so one tree type serves printing (Symja input, canonical answers, prompts),
 * numeric probing and answer-form checks, in plain Java and outside the CAS threads.
 *
 * <p>The tree keeps the written structure: {@code a - b} is {@code Add(a, Neg(b))}, {@code a/b} is {@code Div(a, b)}.
 * Only names from a fixed table can appear in {@link Fn}, which is what makes a parsed user answer safe to hand to
 * the CAS: nothing outside this tree's vocabulary is ever printed as Symja input.
 */
public sealed interface MathExpr {

  /** An integer literal (may be negative when it comes from the CAS or from folding {@code -5}). */
  record Num(BigInteger value) implements MathExpr {
    public Num {
      Objects.requireNonNull(value);
    }

    public static Num of(long v) {
      return new Num(BigInteger.valueOf(v));
    }
  }

  /** A decimal literal as written; the CAS sees it as the exact rational it denotes (0.5 is 1/2). */
  record Dec(BigDecimal value) implements MathExpr {
    public Dec {
      Objects.requireNonNull(value);
    }
  }

  /**
   * A variable. From user input always one lower-case letter (input is lower-cased, so {@code C} is {@code c}); a CAS
   * result may carry other symbols by name ({@code true}), which print but are not valid CAS input.
   */
  record Sym(String name) implements MathExpr {
    public Sym {
      Objects.requireNonNull(name);
    }
  }

  /** Mathematical constants. */
  enum Const implements MathExpr {
    PI,
    E,
    I,
    INFINITY
  }

  record Add(List<MathExpr> terms) implements MathExpr {
    public Add {
      terms = List.copyOf(terms);
    }
  }

  record Neg(MathExpr arg) implements MathExpr {}

  record Mul(List<MathExpr> factors) implements MathExpr {
    public Mul {
      factors = List.copyOf(factors);
    }
  }

  record Div(MathExpr num, MathExpr den) implements MathExpr {}

  record Pow(MathExpr base, MathExpr exp) implements MathExpr {}

  /** A function from the fixed table {@link #FUNCTIONS}; {@code log} takes (base, x), all others one argument. */
  record Fn(String name, List<MathExpr> args) implements MathExpr {
    public Fn {
      args = List.copyOf(args);
    }
  }

  record Fact(MathExpr arg) implements MathExpr {}

  record Eq(MathExpr lhs, MathExpr rhs) implements MathExpr {}

  /** A list: {@code {2,3}} (braces), {@code (2,-1)} (tuple) or {@code 2, 3} / {@code x=2 or x=3} (bare). */
  record Seq(List<MathExpr> items, Bracket bracket) implements MathExpr {
    public Seq {
      items = List.copyOf(items);
    }
  }

  enum Bracket {
    BRACES,
    TUPLE,
    BARE
  }

  /** {@code a ± b} (a may be null for {@code ±b}); only meaningful as one item of a root list. */
  record Pm(MathExpr base, MathExpr delta) implements MathExpr {}

  /** Function names a user may write (after aliasing) mapped to the Symja head they print as. */
  Map<String, String> FUNCTIONS =
      Map.ofEntries(
          Map.entry("sqrt", "Sqrt"),
          Map.entry("ln", "Log"),
          Map.entry("log", "Log"),
          Map.entry("exp", "Exp"),
          Map.entry("sin", "Sin"),
          Map.entry("cos", "Cos"),
          Map.entry("tan", "Tan"),
          Map.entry("cot", "Cot"),
          Map.entry("sec", "Sec"),
          Map.entry("csc", "Csc"),
          Map.entry("arcsin", "ArcSin"),
          Map.entry("arccos", "ArcCos"),
          Map.entry("arctan", "ArcTan"),
          Map.entry("sinh", "Sinh"),
          Map.entry("cosh", "Cosh"),
          Map.entry("tanh", "Tanh"),
          Map.entry("abs", "Abs"));

  // ---------------------------------------------------------------- construction helpers

  static MathExpr num(long v) {
    return Num.of(v);
  }

  static MathExpr sym(String name) {
    return new Sym(name);
  }

  static MathExpr add(MathExpr... terms) {
    return new Add(List.of(terms));
  }

  static MathExpr mul(MathExpr... factors) {
    return new Mul(List.of(factors));
  }

  static MathExpr pow(MathExpr base, MathExpr exp) {
    return new Pow(base, exp);
  }

  static MathExpr fn(String name, MathExpr... args) {
    return new Fn(name, List.of(args));
  }

  /** A fraction literal p/q (sign carried outside, as written). */
  static MathExpr fraction(BigInteger p, BigInteger q) {
    if (q.signum() < 0) {
      p = p.negate();
      q = q.negate();
    }
    if (q.equals(BigInteger.ONE)) {
      return new Num(p);
    }
    if (p.signum() < 0) {
      return new Neg(new Div(new Num(p.negate()), new Num(q)));
    }
    return new Div(new Num(p), new Num(q));
  }

  // ---------------------------------------------------------------- printing

  /** Symja input, fully parenthesised so no precedence rule of Symja's parser matters. */
  default String toSymja() {
    return MathExprSupport.symja(this);
  }

  /** Canonical compact notation for stored answers: {@code 2*x+4}, {@code -3/4}, {@code {2,3}}. */
  default String canonical() {
    return MathExprSupport.user(this, false);
  }

  /** Prompt notation: spaces around + - =, numeric coefficients juxtaposed ({@code 3x^2 + 2x - 5}). */
  default String pretty() {
    return MathExprSupport.user(this, true);
  }

  // ---------------------------------------------------------------- inspection

  /** Variables (names of {@link Sym}) occurring in the tree, sorted. */
  default Set<String> variables() {
    Set<String> out = new TreeSet<>();
    MathExprSupport.collectVariables(this, out);
    return out;
  }

  /** Number of occurrences of variables: a crude "how much is left to simplify" measure. */
  default int variableOccurrences() {
    return MathExprSupport.countVariables(this);
  }

  default boolean isConstant() {
    return variables().isEmpty();
  }

  default int nodeCount() {
    return MathExprSupport.nodes(this);
  }

  default int depth() {
    return MathExprSupport.depth(this);
  }

  /** Double evaluation with the given variable values; NaN when undefined or a variable is unbound. */
  default double eval(Map<String, Double> vars) {
    return MathExprSupport.eval(this, vars);
  }

  default double eval() {
    return eval(Map.of());
  }

  /** Exact value of a tree made of integers, decimals, + - * / and integer powers; null otherwise. */
  default Rational rational() {
    return MathExprSupport.rational(this);
  }

  /** Orders the terms of a sum for display: higher degree first, constants last (as a textbook writes them). */
  static Comparator<MathExpr> displayOrder() {
    return Comparator.comparingDouble(MathExprSupport::degreeKey).reversed();
  }

  /** Sorted copy helper used by the CAS converter. */
  static List<MathExpr> sortedForDisplay(List<MathExpr> terms) {
    List<MathExpr> copy = new ArrayList<>(terms);
    copy.sort(displayOrder());
    return copy;
  }
}
