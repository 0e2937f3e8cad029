package ai.elevare.practice.math;

import static ai.elevare.practice.math.MathAnswerChecker.RELATIVE_TOLERANCE;
import static ai.elevare.practice.math.NumberAnswers.close;
import static ai.elevare.practice.math.NumberAnswers.fmt;

import ai.elevare.practice.math.MathAnswerChecker.CheckResult;
import ai.elevare.practice.math.MathAnswerChecker.Form;
import ai.elevare.practice.math.MathExpr.Add;
import ai.elevare.practice.math.MathExpr.Eq;
import ai.elevare.practice.math.MathExpr.Num;
import ai.elevare.practice.math.MathExpr.Pm;
import ai.elevare.practice.math.MathExpr.Seq;
import ai.elevare.practice.math.MathExpr.Sym;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Expression answers: symbolic equivalence proved by the CAS, antiderivatives ({@code +C}), and the required form
 * ({@link AnswerForms}). A numeric probe at fixed points rejects non-equivalent answers without the CAS, drives the
 * feedback, and stands in for the proof when the CAS cannot decide before the check's deadline.
 */
final class ExpressionAnswers {
  private ExpressionAnswers() {}

  private static final double[] PROBES = {0.73, 1.41, 2.17, 0.29, 3.07, 1.87, 0.53, 2.61};

  /** Fewest valid probe points whose agreement is accepted when the CAS cannot decide. */
  private static final int PROBES_TO_ACCEPT = 5;

  static CheckStep check(MathExpr expected, MathExpr given, Form form) {
    MathExpr g = given;
    if (g instanceof Eq q && q.lhs() instanceof Sym s && !q.rhs().variables().contains(s.name())) {
      g = q.rhs(); // "y = 2x + 4"
    }
    String shown = g.canonical();
    if (g instanceof Seq || g instanceof Pm) {
      return CheckStep.decided(false, "Give a single expression, not a list.", shown);
    }
    if (g instanceof Eq) {
      return CheckStep.decided(false, "Give an expression, not an equation.", shown);
    }
    MathExpr e = expected instanceof Eq q ? q.rhs() : expected;
    boolean antiderivative = hasIntegrationConstant(e);
    Set<String> expectedVars = new TreeSet<>(e.variables());
    expectedVars.remove("c");
    Set<String> givenVars = new TreeSet<>(g.variables());
    if (antiderivative) {
      givenVars.remove("c");
      givenVars.remove("k");
    }
    if (!expectedVars.isEmpty() && givenVars.isEmpty()) {
      return CheckStep.decided(false, "You gave a number, but an expression in " + String.join(", ", expectedVars) + " is expected.", shown);
    }
    for (String v : givenVars) {
      if (!expectedVars.contains(v)) {
        return CheckStep.decided(false, "Your answer uses " + v + ", but the answer is in terms of "
            + (expectedVars.isEmpty() ? "numbers only" : String.join(", ", expectedVars)) + ".", shown);
      }
    }
    if (antiderivative) {
      return antiderivative(withoutConstant(e), g, expectedVars, shown);
    }
    Probe probe = probe(e, g, expectedVars);
    if (probe.differs()) {
      return CheckStep.decided(false, feedback(e, g, expectedVars, probe), shown);
    }
    MathExpr answer = g;
    // when the CAS cannot decide in time, agreement at enough sample points stands in for the proof
    CheckResult numericVerdict = probe.valid() >= PROBES_TO_ACCEPT ? accepted(form, e, answer, false, shown) : null;
    return new CheckStep.NeedsCas(
        cas -> {
          Equivalence eq = equivalent(e, answer, probe, cas);
          if (!eq.equal()) {
            return new CheckResult(false, eq.undecided()
                ? "Your answer could not be confirmed as equivalent; try writing it more simply."
                : "Not equivalent to the correct answer.", shown);
          }
          return accepted(form, e, answer, eq.assumedPositive(), shown);
        },
        numericVerdict);
  }

  /** The verdict on an answer known to be equivalent: correct unless it misses the required form. */
  private static CheckResult accepted(Form form, MathExpr e, MathExpr g, boolean assumedPositive, String shown) {
    String formProblem = AnswerForms.problem(form, e, g);
    if (formProblem != null) {
      return new CheckResult(false, formProblem, shown);
    }
    String note = assumedPositive ? " (This uses x > 0, as the question intends.)" : "";
    boolean sameWriting = g.canonical().equals(e.canonical());
    return new CheckResult(true, sameWriting ? "Correct." + note : "Correct: equivalent to " + e.pretty() + "." + note, shown);
  }

  private static CheckStep antiderivative(MathExpr e, MathExpr g, Set<String> vars, String shown) {
    String x = vars.isEmpty() ? "x" : vars.iterator().next();
    Map<String, Double> at = new HashMap<>();
    at.put("c", 0.0);
    at.put("k", 0.0);
    // the difference of two antiderivatives is constant: probe it at several points
    List<Double> diffs = new ArrayList<>();
    for (double p : PROBES) {
      at.put(x, p);
      double d = g.eval(at) - e.eval(at);
      if (Double.isFinite(d)) {
        diffs.add(d);
      }
    }
    boolean constant = diffs.size() >= 3 && diffs.stream().allMatch(d -> close(d, diffs.get(0), 1e-9));
    MathExpr g0 = substituteZero(g);
    if (diffs.size() >= 3 && !constant) {
      String hint = "Not an antiderivative of the integrand: differentiate your answer to check it.";
      Probe p = probe(e, g0, vars);
      if (p.ratio() != null && close(p.ratio(), -1, 1e-9)) {
        hint = "Sign error: your answer is the negative of an antiderivative.";
      } else if (p.ratio() != null) {
        hint = "Off by a constant factor (" + fmt(p.ratio()) + "): check the coefficients, e.g. the 1/(n+1) of the power rule.";
      }
      return CheckStep.decided(false, hint, shown);
    }
    String derivative = "D((" + g0.toSymja() + ")-(" + e.toSymja() + ")," + x + ")";
    boolean hasConstant = g.variables().contains("c") || g.variables().contains("k");
    return new CheckStep.NeedsCas(
        cas -> {
          boolean proved = cas.isZero("Together(Expand(" + derivative + "))") || cas.isZero("Simplify(" + derivative + ")");
          if (!proved && !constant) {
            return new CheckResult(false, "Your answer could not be confirmed as an antiderivative.", shown);
          }
          return new CheckResult(true, hasConstant ? "Correct." : "Correct. Remember the constant of integration: + C.", shown);
        },
        null);
  }

  private static MathExpr substituteZero(MathExpr g) {
    return MathTrees.substitute(g, Map.of("c", Num.of(0), "k", Num.of(0)));
  }

  private static MathExpr withoutConstant(MathExpr e) {
    Add a = (Add) e;
    List<MathExpr> rest = new ArrayList<>();
    for (MathExpr t : a.terms()) {
      if (!(t instanceof Sym s && s.name().equals("c"))) {
        rest.add(t);
      }
    }
    return Build.sum(rest);
  }

  private static boolean hasIntegrationConstant(MathExpr e) {
    return e instanceof Add a && a.terms().stream().anyMatch(t -> t instanceof Sym s && s.name().equals("c"));
  }

  /** Numeric comparison at fixed sample points: a cheap proof of difference and the raw material for feedback. */
  private record Probe(int valid, boolean differs, Double ratio, Double offset, double[] sample) {}

  private static Probe probe(MathExpr e, MathExpr g, Set<String> vars) {
    int valid = 0;
    boolean differs = false;
    Double ratio = null;
    boolean ratioConstant = true;
    Double offset = null;
    boolean offsetConstant = true;
    double[] sample = null;
    List<String> names = new ArrayList<>(vars);
    for (int k = 0; k < PROBES.length; k++) {
      Map<String, Double> at = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        at.put(names.get(i), PROBES[(k + 3 * i) % PROBES.length] + 0.13 * i);
      }
      double ev = e.eval(at);
      double gv = g.eval(at);
      if (!Double.isFinite(ev) || !Double.isFinite(gv)) {
        continue;
      }
      valid++;
      if (!close(ev, gv, RELATIVE_TOLERANCE)) {
        differs = true;
        if (sample == null) {
          sample = new double[] {names.isEmpty() ? 0 : at.get(names.get(0)), ev, gv};
        }
      }
      if (ev != 0) {
        double r = gv / ev;
        if (ratio == null) {
          ratio = r;
        } else if (!close(ratio, r, 1e-9)) {
          ratioConstant = false;
        }
      }
      double o = gv - ev;
      if (offset == null) {
        offset = o;
      } else if (!close(offset, o, 1e-9)) {
        offsetConstant = false;
      }
    }
    return new Probe(valid, differs, ratioConstant ? ratio : null, offsetConstant ? offset : null, sample);
  }

  private static String feedback(MathExpr e, MathExpr g, Set<String> vars, Probe p) {
    if (p.ratio() != null && close(p.ratio(), -1, 1e-9)) {
      return "Sign error: your answer is the negative of the correct one.";
    }
    if (p.ratio() != null && !close(p.ratio(), 1, 1e-9)) {
      return "Off by a constant factor: your answer is " + fmt(p.ratio()) + " times the correct one.";
    }
    if (p.offset() != null && !close(p.offset(), 0, 1e-9)) {
      return "Off by a constant: your answer differs from the correct one by " + fmt(p.offset()) + ".";
    }
    if (degreeOf(g) >= 0 && degreeOf(e) >= 0 && degreeOf(g) != degreeOf(e)) {
      return "Not equivalent: your answer has degree " + degreeOf(g) + " but the correct one has degree " + degreeOf(e) + ".";
    }
    if (p.sample() != null && !vars.isEmpty()) {
      return "Not equivalent: for example at " + vars.iterator().next() + " = " + fmt(p.sample()[0]) + " your answer gives "
          + fmt(p.sample()[2]) + " but it should give " + fmt(p.sample()[1]) + ".";
    }
    return "Not equivalent to the correct answer.";
  }

  /** Polynomial degree of a tree with integer powers of one variable, or -1. */
  private static int degreeOf(MathExpr e) {
    if (e.variables().size() != 1) {
      return -1;
    }
    double d = MathParser.Guard.degree(e);
    return MathTrees.containsIrrational(e) || MathTrees.hasDivisionByVariable(e) ? -1 : (int) d;
  }

  private record Equivalence(boolean equal, boolean undecided, boolean assumedPositive) {}

  /** CAS proof of e == g: cheap normal forms first, then Simplify, then with variables taken positive. */
  private static Equivalence equivalent(MathExpr e, MathExpr g, Probe probe, Cas.Session cas) throws CasException {
    String diff = "(" + e.toSymja() + ")-(" + g.toSymja() + ")";
    boolean branches = MathTrees.hasBranches(e) || MathTrees.hasBranches(g);
    try {
      if (cas.isZero("Together(Expand(" + diff + "))")) {
        return new Equivalence(true, false, false);
      }
      // logarithm and root rules hold for positive variables, which is how school algebra reads them
      if (branches && cas.isZero("Together(Expand(PowerExpand(" + diff + ")))")) {
        return new Equivalence(true, false, true);
      }
      if (cas.isZero("Simplify(" + diff + ")")) {
        return new Equivalence(true, false, false);
      }
      if (cas.isZero("Simplify(PowerExpand(" + diff + "))")) {
        return new Equivalence(true, false, true);
      }
    } catch (CasException ex) {
      if (ex.isInputProblem() || probe.valid() < PROBES_TO_ACCEPT) {
        throw ex;
      }
      // one step failed: the numeric agreement stands in (a passed deadline is handled by the caller's fallback)
      return new Equivalence(true, false, false);
    }
    if (probe.valid() >= PROBES_TO_ACCEPT) {
      return new Equivalence(true, false, false);
    }
    return new Equivalence(false, probe.valid() == 0, false);
  }
}
