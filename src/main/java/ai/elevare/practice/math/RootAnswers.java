package ai.elevare.practice.math;

import static ai.elevare.practice.math.MathAnswerChecker.RELATIVE_TOLERANCE;
import static ai.elevare.practice.math.NumberAnswers.close;

import ai.elevare.practice.math.MathAnswerChecker.CheckResult;
import ai.elevare.practice.math.MathExpr.Bracket;
import ai.elevare.practice.math.MathExpr.Eq;
import ai.elevare.practice.math.MathExpr.Seq;
import ai.elevare.practice.math.MathExpr.Sym;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Roots answers: a list of solutions checked as a set (any order, {@code x =} prefixes, braces, ±, a root listed
 * twice), and a system's solution matched by name or, for a bare tuple, by position. Each value is compared as a
 * number ({@link NumberAnswers}); the CAS is needed only when some pair of values calls for it.
 */
final class RootAnswers {
  private RootAnswers() {}

  static CheckStep check(MathExpr expected, MathExpr given) throws CasException {
    List<MathExpr> expectedItems = MathTrees.items(expected);
    boolean named = !expectedItems.isEmpty() && expectedItems.stream().allMatch(i -> i instanceof Eq q && q.lhs() instanceof Sym);
    if (named) {
      return checkNamed(expectedItems, given);
    }
    List<MathExpr> want = new ArrayList<>();
    for (MathExpr i : expectedItems) {
      want.addAll(MathTrees.expandPm(i instanceof Eq q ? q.rhs() : i));
    }
    List<MathExpr> have = new ArrayList<>();
    for (MathExpr i : MathTrees.items(given)) {
      MathExpr v = i instanceof Eq q && q.lhs() instanceof Sym && q.rhs().isConstant() ? q.rhs() : i;
      if (v instanceof Eq) {
        return CheckStep.decided(false, "Give the solutions as x = value (or just the values), not as equations.", given.canonical());
      }
      List<MathExpr> values = MathTrees.expandPm(v);
      if (values.isEmpty()) {
        return CheckStep.decided(false, "Use ± only once in each solution.", given.canonical());
      }
      for (MathExpr x : values) {
        if (!x.isConstant()) {
          return CheckStep.decided(false, "Each solution should be a number; your answer still contains "
              + String.join(", ", x.variables()) + ".", given.canonical());
        }
        if (!NumberAnswers.workedOut(x)) {
          return CheckStep.decided(false, "Work each solution out to a single number.", given.canonical());
        }
        have.add(x);
      }
    }
    have.sort(Comparator.comparingDouble(MathExpr::eval));
    return CheckStep.withCas(anyNeedsCas(want, have), cas -> matchSet(want, have, cas), null);
  }

  private static boolean anyNeedsCas(Collection<MathExpr> want, Collection<MathExpr> have) {
    for (MathExpr w : want) {
      for (MathExpr h : have) {
        if (NumberAnswers.needsCas(w, h)) {
          return true;
        }
      }
    }
    return false;
  }

  private static CheckResult matchSet(List<MathExpr> want, List<MathExpr> have, Cas.Session cas) throws CasException {
    String shown = new Seq(have, Bracket.BRACES).canonical();
    // match each expected root with an equal given root
    List<MathExpr> unmatched = new ArrayList<>(have);
    int found = 0;
    boolean rounded = false;
    String closeNote = null;
    for (MathExpr w : want) {
      MathExpr hit = null;
      for (MathExpr h : unmatched) {
        NumberAnswers.Verdict v = NumberAnswers.compare(w, h, cas);
        if (v.equal()) {
          hit = h;
          rounded |= v.note() != null && v.note().startsWith("(The exact");
          break;
        }
        if (v.note() != null && closeNote == null) {
          closeNote = v.note();
        }
      }
      if (hit != null) {
        found++;
        unmatched.remove(hit);
      }
    }
    // a root listed twice is redundant, not wrong
    List<MathExpr> extra = new ArrayList<>();
    for (MathExpr u : unmatched) {
      boolean duplicate = false;
      for (MathExpr h : have) {
        if (h != u && !unmatched.contains(h) && close(h.eval(), u.eval(), RELATIVE_TOLERANCE)) {
          duplicate = true;
          break;
        }
      }
      if (!duplicate) {
        extra.add(u);
      }
    }
    int n = want.size();
    if (found == n && extra.isEmpty()) {
      String note = have.size() > n ? " (You listed a solution twice.)" : rounded ? " (Rounded values accepted.)" : "";
      return new CheckResult(true, "Correct." + note, shown);
    }
    if (found == 0 && extra.size() == n && allNegated(want, extra)) {
      return new CheckResult(false, "Sign error: your solutions have the opposite signs. From (x - a) = 0 the solution is x = a.", shown);
    }
    if (found == n) {
      return new CheckResult(false, "You found all " + n + " solutions but also gave " + extra.size() + " that "
          + (extra.size() == 1 ? "is" : "are") + " not a solution.", shown);
    }
    if (closeNote != null) {
      return new CheckResult(false, closeNote, shown);
    }
    String count = found + " of " + n;
    if (have.size() < n) {
      return new CheckResult(false, (found > 0 ? count + " solutions correct, " : "") + "the equation has " + n + " solutions; you gave "
          + have.size() + ".", shown);
    }
    return new CheckResult(false, found == 0 ? "None of your solutions satisfies the equation." : (n == 2 && found == 1 ? "One root of two correct." : count + " solutions correct."), shown);
  }

  private static boolean allNegated(List<MathExpr> want, List<MathExpr> have) {
    List<Double> w = want.stream().map(MathExpr::eval).sorted().toList();
    List<Double> h = have.stream().map(x -> -x.eval()).sorted().toList();
    for (int i = 0; i < w.size(); i++) {
      if (!close(w.get(i), h.get(i), RELATIVE_TOLERANCE)) {
        return false;
      }
    }
    return true;
  }

  private static CheckStep checkNamed(List<MathExpr> expectedItems, MathExpr given) throws CasException {
    Map<String, MathExpr> want = new LinkedHashMap<>();
    for (MathExpr i : expectedItems) {
      Eq q = (Eq) i;
      want.put(((Sym) q.lhs()).name(), q.rhs());
    }
    List<String> names = new ArrayList<>(want.keySet());
    Map<String, MathExpr> have = new LinkedHashMap<>();
    List<MathExpr> givenItems = MathTrees.items(given);
    boolean positional = givenItems.stream().noneMatch(i -> i instanceof Eq);
    if (positional) {
      if (givenItems.size() != names.size()) {
        return CheckStep.decided(false, "Give a value for each of " + String.join(" and ", names) + ", e.g. "
            + names.get(0) + " = 1, " + names.get(names.size() - 1) + " = 2.", given.canonical());
      }
      for (int i = 0; i < names.size(); i++) {
        have.put(names.get(i), givenItems.get(i));
      }
    } else {
      for (MathExpr i : givenItems) {
        if (!(i instanceof Eq q) || !(q.lhs() instanceof Sym s)) {
          return CheckStep.decided(false, "Write each value as " + names.get(0) + " = value.", given.canonical());
        }
        if (have.put(s.name(), q.rhs()) != null) {
          return CheckStep.decided(false, "You gave " + s.name() + " twice.", given.canonical());
        }
      }
    }
    List<MathExpr> shownItems = new ArrayList<>();
    for (Map.Entry<String, MathExpr> h : have.entrySet()) {
      shownItems.add(new Eq(new Sym(h.getKey()), h.getValue()));
    }
    String shown = new Seq(shownItems, Bracket.BRACES).canonical();
    for (String v : have.keySet()) {
      if (!want.containsKey(v)) {
        return CheckStep.decided(false, "The unknowns are " + String.join(" and ", names) + "; " + v + " is not one of them.", shown);
      }
    }
    List<String> missing = names.stream().filter(v -> !have.containsKey(v)).toList();
    if (!missing.isEmpty()) {
      return CheckStep.decided(false, "Also give the value of " + String.join(" and ", missing) + ".", shown);
    }
    for (String v : names) {
      MathExpr h = have.get(v);
      if (!h.isConstant() || !NumberAnswers.workedOut(h)) {
        return CheckStep.decided(false, "Give " + v + " as a single number.", shown);
      }
    }
    return CheckStep.withCas(
        anyNeedsCas(want.values(), have.values()), cas -> matchNamed(names, want, have, shown, cas), null);
  }

  private static CheckResult matchNamed(
      List<String> names, Map<String, MathExpr> want, Map<String, MathExpr> have, String shown, Cas.Session cas)
      throws CasException {
    List<String> right = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (String v : names) {
      (NumberAnswers.compare(want.get(v), have.get(v), cas).equal() ? right : wrong).add(v);
    }
    if (wrong.isEmpty()) {
      return new CheckResult(true, "Correct.", shown);
    }
    if (names.size() == 2 && right.isEmpty()
        && NumberAnswers.compare(want.get(names.get(0)), have.get(names.get(1)), cas).equal()
        && NumberAnswers.compare(want.get(names.get(1)), have.get(names.get(0)), cas).equal()) {
      return new CheckResult(false, "You swapped " + names.get(0) + " and " + names.get(1) + ".", shown);
    }
    if (!right.isEmpty()) {
      return new CheckResult(false, String.join(" and ", right) + (right.size() == 1 ? " is" : " are") + " correct but "
          + String.join(" and ", wrong) + (wrong.size() == 1 ? " is" : " are") + " not: substitute back to check.", shown);
    }
    return new CheckResult(false, "Neither value is correct: substitute your values into both equations to check.", shown);
  }
}
