package ai.elevare.practice.math;

import static ai.elevare.practice.math.MathAnswerChecker.MIN_ROUNDED_PLACES;
import static ai.elevare.practice.math.MathAnswerChecker.RELATIVE_TOLERANCE;

import ai.elevare.practice.math.MathAnswerChecker.CheckResult;
import ai.elevare.practice.math.MathExpr.Dec;
import ai.elevare.practice.math.MathExpr.Div;
import ai.elevare.practice.math.MathExpr.Eq;
import ai.elevare.practice.math.MathExpr.Neg;
import ai.elevare.practice.math.MathExpr.Num;
import ai.elevare.practice.math.MathExpr.Pm;
import ai.elevare.practice.math.MathExpr.Seq;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Number answers: exact rational equality, the decimal tolerance rules, "worked out" and the feedback for a wrong
 * number. The CAS is needed only to compare irrational values that agree numerically ({@link #needsCas}).
 */
final class NumberAnswers {
  private NumberAnswers() {}

  /** The outcome of comparing an expected with a given number; {@code note} explains a near miss or a rounding. */
  record Verdict(boolean equal, String note) {}

  static CheckStep check(MathExpr expected, MathExpr given) throws CasException {
    MathExpr g = MathTrees.unwrapAssignment(given);
    String shown = g.canonical();
    if (g instanceof Seq) {
      return CheckStep.decided(false, "Give a single number, not a list.", shown);
    }
    if (g instanceof Eq || g instanceof Pm) {
      return CheckStep.decided(false, "Give a single number, not an equation.", shown);
    }
    if (!g.isConstant()) {
      return CheckStep.decided(false, "You gave an expression, but a number is expected.", shown);
    }
    MathExpr e = MathTrees.unwrapAssignment(expected);
    if (!workedOut(g)) {
      return CheckStep.decided(false, "Work your answer out to a single number.", shown);
    }
    return CheckStep.withCas(needsCas(e, g), cas -> result(e, g, compare(e, g, cas), shown), null);
  }

  private static CheckResult result(MathExpr e, MathExpr g, Verdict v, String shown) {
    if (v.equal()) {
      return new CheckResult(true, v.note() == null ? "Correct." : "Correct. " + v.note(), shown);
    }
    return new CheckResult(false, feedback(e.eval(), g.eval(), v.note()), shown);
  }

  /** Whether {@link #compare} must ask the CAS: two values, not both rational, that agree to 1e-7. */
  static boolean needsCas(MathExpr e, MathExpr g) {
    if (e.rational() != null && g.rational() != null) {
      return false;
    }
    double ev = e.eval();
    double gv = g.eval();
    return !(Double.isFinite(ev) && Double.isFinite(gv) && !close(ev, gv, 1e-7));
  }

  /** Exact comparison, with the decimal tolerance rules for a given decimal. */
  static Verdict compare(MathExpr e, MathExpr g, Cas.Session cas) throws CasException {
    Rational re = e.rational();
    Rational rg = g.rational();
    boolean decimal = MathTrees.hasDecimal(g);
    double ev = e.eval();
    double gv = g.eval();
    boolean exact;
    if (re != null && rg != null) {
      exact = re.equals(rg);
    } else if (!needsCas(e, g)) {
      exact = false;
    } else {
      String diff = "(" + e.toSymja() + ")-(" + g.toSymja() + ")";
      exact = cas.isZero("Together(Expand(" + diff + "))") || cas.isZero("Simplify(" + diff + ")");
    }
    if (exact) {
      boolean sameWriting = g.canonical().equals(e.canonical()) || decimal;
      return new Verdict(true, sameWriting ? null : "(It simplifies to " + e.pretty() + ".)");
    }
    if (!decimal || !Double.isFinite(ev) || !Double.isFinite(gv)) {
      return new Verdict(false, null);
    }
    if (close(ev, gv, RELATIVE_TOLERANCE)) {
      return new Verdict(true, null);
    }
    boolean terminating = re != null && re.isTerminatingDecimal();
    int places = MathTrees.decimalPlaces(g);
    boolean roundedRight = roundsTo(ev, gv, places);
    if (!terminating && places >= MIN_ROUNDED_PLACES && roundedRight) {
      return new Verdict(true, "(The exact value is " + e.pretty() + ".)");
    }
    if (!terminating && roundedRight) {
      return new Verdict(false, "Close, but round to at least " + MIN_ROUNDED_PLACES + " decimal places (or give the exact value).");
    }
    if (close(ev, gv, 0.01)) {
      return new Verdict(false, terminating
          ? "Close, but not exact: this answer has an exact decimal or fraction form."
          : "Close, but round to at least " + MIN_ROUNDED_PLACES + " decimal places (or give the exact value).");
    }
    return new Verdict(false, null);
  }

  private static String feedback(double e, double g, String note) {
    if (note != null) {
      return note;
    }
    if (!Double.isFinite(e) || !Double.isFinite(g)) {
      return "Not correct.";
    }
    if (e != 0 && close(g, -e, 1e-9)) {
      return "Sign error: the size is right but the sign is wrong.";
    }
    if (e != 0 && g != 0 && close(g, 1 / e, 1e-9) && !close(e, 1, 1e-9) && !close(e, -1, 1e-9)) {
      return "You have the reciprocal of the answer: check which way up the fraction goes.";
    }
    if (e != 0 && g != 0) {
      double ratio = g / e;
      for (int k = 1; k <= 4; k++) {
        double p = Math.pow(10, k);
        if (close(ratio, p, 1e-9) || close(ratio, 1 / p, 1e-9)) {
          return "Off by a factor of " + (long) p + ": check the decimal point or the percent conversion.";
        }
      }
      for (int k = 2; k <= 12; k++) {
        if (close(Math.abs(ratio), k, 1e-9) || close(Math.abs(ratio), 1.0 / k, 1e-9)) {
          return "Off by a factor of " + k + (ratio < 0 ? " and the sign is wrong." : ".");
        }
      }
    }
    if (close(e, g, 0.02)) {
      return "Very close: recheck your arithmetic.";
    }
    return "Not correct.";
  }

  /** A final value: a number, a fraction of numbers, or anything irrational (sqrt, pi, ln) left symbolic. */
  static boolean workedOut(MathExpr g) {
    return isPlainNumber(g) || MathTrees.containsIrrational(g);
  }

  private static boolean isPlainNumber(MathExpr g) {
    if (g instanceof Num || g instanceof Dec) {
      return true;
    }
    if (g instanceof Neg n) {
      return isPlainNumber(n.arg());
    }
    return g instanceof Div d && isPlainNumber(d.num()) && isPlainNumber(d.den())
        && !(d.num() instanceof Div) && !(d.den() instanceof Div);
  }

  /** Drops a trailing percent sign and a leading currency sign, which number answers often carry. */
  static String stripUnits(String raw) {
    String s = raw;
    if (s.endsWith("%")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    if (!s.isEmpty() && "$€£".indexOf(s.charAt(0)) >= 0) {
      s = s.substring(1).strip();
    }
    return s;
  }

  /** Whether g is exact rounded (half up) or truncated to the given number of decimal places. */
  private static boolean roundsTo(double exact, double g, int places) {
    BigDecimal value = new BigDecimal(exact);
    BigDecimal given = new BigDecimal(g).setScale(places, RoundingMode.HALF_EVEN);
    return value.setScale(places, RoundingMode.HALF_UP).compareTo(given) == 0
        || value.setScale(places, RoundingMode.DOWN).compareTo(given) == 0
        || value.setScale(places, RoundingMode.HALF_DOWN).compareTo(given) == 0;
  }

  static boolean close(double a, double b, double relative) {
    if (a == b) {
      return true;
    }
    return Math.abs(a - b) <= relative * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  /** A value for feedback: a whole number, a simple fraction, or six significant digits. */
  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    BigDecimal b = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
    // a simple fraction reads better than its decimal
    for (int q = 2; q <= 12; q++) {
      double p = v * q;
      if (Math.abs(p - Math.rint(p)) < 1e-9) {
        return Rational.of((long) Math.rint(p), q).toString();
      }
    }
    return b.toPlainString();
  }
}
