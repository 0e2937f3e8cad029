package ai.elevare.practice.math;

import ai.elevare.practice.math.MathAnswerChecker.Form;
import ai.elevare.practice.math.MathExpr.Add;
import ai.elevare.practice.math.MathExpr.Div;
import ai.elevare.practice.math.MathExpr.Mul;
import ai.elevare.practice.math.MathExpr.Neg;
import ai.elevare.practice.math.MathExpr.Pow;

/** Required answer forms: which form a topic asks for, and why an equivalent answer misses it. Pure. */
final class AnswerForms {
  private AnswerForms() {}

  /** The form a generated problem's topic asks for; see {@link MathAnswerChecker#formFor(String, String)}. */
  static Form formFor(String topic, String answerFormat) {
    if (topic == null || !MathProblem.EXPRESSION.equals(answerFormat)) {
      return Form.ANY;
    }
    return switch (topic) {
      case "expanding-polynomials" -> Form.EXPANDED;
      case "factoring-polynomials" -> Form.FACTORED;
      case "exponents-and-logarithms" -> Form.SIMPLIFIED;
      default -> Form.ANY;
    };
  }

  /** Why an answer {@code g}, equivalent to {@code e}, is not in the form the exercise asks for, or null. */
  static String problem(Form form, MathExpr e, MathExpr g) {
    return switch (form) {
      case ANY -> null;
      case EXPANDED -> {
        if (!isExpanded(g)) {
          yield "Equivalent, but not expanded: multiply out all the brackets.";
        }
        int want = e instanceof Add a ? a.terms().size() : 1;
        int have = g instanceof Add a ? a.terms().size() : 1;
        yield have > want ? "Equivalent, but collect the like terms." : null;
      }
      case FACTORED -> {
        MathExpr body = g instanceof Neg n ? n.arg() : g;
        if (body instanceof Add || body instanceof Div) {
          yield "Equivalent, but not factored: write it as a product.";
        }
        yield AlgebraTopics.nonConstantFactors(g) < AlgebraTopics.nonConstantFactors(e)
            ? "Equivalent, but not fully factored: one of the factors can be factored further."
            : null;
      }
      case SIMPLIFIED -> g.variableOccurrences() > e.variableOccurrences()
          ? "Equivalent, but simplify further: combine it into a single term."
          : null;
    };
  }

  private static boolean isExpanded(MathExpr g) {
    if (g instanceof Mul m) {
      for (MathExpr f : m.factors()) {
        if (f instanceof Add && !f.isConstant()) {
          return false;
        }
      }
    }
    if (g instanceof Neg n && n.arg() instanceof Add) {
      return false;
    }
    if (g instanceof Pow p && p.base() instanceof Add && !p.base().isConstant()) {
      return false;
    }
    if (g instanceof Div d && d.num() instanceof Add && !d.num().isConstant()) {
      return false;
    }
    for (MathExpr c : MathExprSupport.children(g)) {
      if (!isExpanded(c)) {
        return false;
      }
    }
    return true;
  }
}
