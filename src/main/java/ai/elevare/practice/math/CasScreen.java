package ai.elevare.practice.math;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.matheclipse.core.expression.S;
import org.matheclipse.core.interfaces.IAST;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.IInteger;
import org.matheclipse.core.interfaces.IRational;
import org.matheclipse.core.interfaces.IReal;
import org.matheclipse.core.interfaces.ISymbol;

/**
 * Input screening for {@link Cas}: every Symja input, even one our own code builds, is checked here before it is
 * evaluated. The text is bounded in length and nesting; the parsed (unevaluated) tree is refused when it is too
 * large, names a function outside {@link #ALLOWED}, or holds a power or factorial whose value would be enormous.
 * Stateless apart from the limits, so one instance serves every worker.
 */
final class CasScreen {

  /** Symja functions and symbols our own inputs may use; any other built-in name is refused before evaluation. */
  static final Set<String> ALLOWED = lowerCase(
      Set.of(
          "Plus", "Times", "Power", "Sqrt", "Rational", "Complex", "List", "Rule", "Equal", "Unequal", "Less",
          "LessEqual", "Greater", "GreaterEqual", "And", "Or", "Not", "True", "False", "SameQ", "UnsameQ", "If",
          "Pi", "E", "I", "Infinity", "DirectedInfinity", "ComplexInfinity", "Indeterminate", "Log", "Exp", "Sin",
          "Cos", "Tan", "Cot", "Sec", "Csc", "ArcSin", "ArcCos", "ArcTan", "Sinh", "Cosh", "Tanh", "Abs", "Sign",
          "Factorial", "Floor", "Ceiling", "Round", "D", "Integrate", "Solve", "Expand", "ExpandAll", "Factor",
          "FactorTerms", "Simplify", "FullSimplify", "Together", "Apart", "Cancel", "Collect", "Coefficient",
          "CoefficientList", "Exponent", "Variables", "PolynomialQ", "Numerator", "Denominator", "N",
          "PossibleZeroQ", "TrigExpand", "PowerExpand", "FreeQ", "Length", "Part", "First", "Last", "Sort",
          "ReplaceAll", "Subtract", "Divide", "Minus", "GCD", "LCM", "Mod", "Quotient", "IntegerQ", "NumberQ",
          "Re", "Im", "Max", "Min", "Limit", "Discriminant", "LeafCount", "Derivative", "Slot", "Null",
          "ConditionalExpression", "Element", "Integers", "Reals", "Reverse"));

  private static final Pattern USER_SYMBOL = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,11}");

  private final Cas.Limits limits;

  CasScreen(Cas.Limits limits) {
    this.limits = limits;
  }

  private static Set<String> lowerCase(Set<String> names) {
    Set<String> out = new HashSet<>();
    names.forEach(n -> out.add(n.toLowerCase(Locale.ROOT)));
    return Set.copyOf(out);
  }

  /** Refuses input text that is too long or nested too deeply to hand to Symja's parser. */
  void screenText(String input) throws CasException {
    if (input == null || input.length() > limits.maxInputChars()) {
      throw CasException.tooLarge("The input is too long.");
    }
    if (nesting(input) > limits.maxNesting()) {
      throw CasException.tooLarge("The input is nested too deeply.");
    }
  }

  /** Refuses disallowed names and obviously explosive input, without evaluating anything. */
  void screen(IExpr e) throws CasException {
    if (e.leafCount() > limits.maxLeaves()) {
      throw CasException.tooLarge("The input is too large.");
    }
    screenNode(e);
  }

  private static int nesting(String s) {
    int depth = 0;
    int max = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        max = Math.max(max, ++depth);
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      }
    }
    return max;
  }

  private void screenNode(IExpr e) throws CasException {
    if (e.isString()) {
      throw CasException.invalid("Text is not allowed in math input.");
    }
    if (e instanceof ISymbol s) {
      // in relaxed mode Symja reports built-in names in lower case
      String name = s.getSymbolName();
      if (s.isBuiltInSymbol()
          ? !ALLOWED.contains(name.toLowerCase(Locale.ROOT))
          : !USER_SYMBOL.matcher(name).matches()) {
        throw CasException.invalid("'" + name + "' is not allowed in math input.");
      }
      return;
    }
    if (!(e instanceof IAST ast)) {
      return;
    }
    screenNode(ast.head());
    if (ast.isPower()) {
      screenPower(ast.arg1(), ast.arg2());
    } else if (ast.isAST(S.Factorial, 2) && ast.arg1().isNumericFunction()) {
      double n = log10Bound(ast.arg1());
      if (n > Math.log10(limits.maxFactorial())) {
        throw CasException.tooLarge("That factorial is too large.");
      }
    }
    for (int i = 1; i < ast.size(); i++) {
      screenNode(ast.get(i));
    }
  }

  private void screenPower(IExpr base, IExpr exp) throws CasException {
    if (!exp.isNumericFunction()) {
      return;
    }
    double expDigits = log10Bound(exp);
    if (base.isNumericFunction()) {
      double digits = expDigits > 9 ? Double.POSITIVE_INFINITY : Math.pow(10, expDigits) * log10Bound(base);
      if (digits > limits.maxResultDigits()) {
        throw CasException.tooLarge("That number is too large to work with.");
      }
    } else if (expDigits > Math.log10(limits.maxDegree())) {
      throw CasException.tooLarge("That exponent is too large to work with.");
    }
  }

  /** An upper bound of log10 |value| of a numeric expression (rough, but never small for a huge value). */
  private static double log10Bound(IExpr e) {
    if (e instanceof IInteger i) {
      return Math.max(0, i.toBigNumerator().abs().bitLength() * 0.30103);
    }
    if (e instanceof IRational r) {
      return Math.max(r.toBigNumerator().abs().bitLength(), r.toBigDenominator().bitLength()) * 0.30103;
    }
    if (e instanceof IReal r) {
      double v = Math.abs(r.doubleValue());
      return v <= 1 ? 0 : Math.log10(v);
    }
    if (e instanceof IAST ast) {
      if (ast.isPower()) {
        double exp = log10Bound(ast.arg2());
        return exp > 9 ? Double.POSITIVE_INFINITY : Math.pow(10, exp) * Math.max(log10Bound(ast.arg1()), 0.31);
      }
      if (ast.isAST(S.Factorial, 2)) {
        double n = Math.pow(10, log10Bound(ast.arg1()));
        return n * Math.log10(Math.max(n, 2));
      }
      double sum = 0;
      double max = 0;
      for (int i = 1; i < ast.size(); i++) {
        double b = log10Bound(ast.get(i));
        sum += b;
        max = Math.max(max, b);
      }
      return ast.isTimes() ? sum : max + 1;
    }
    return 1;
  }
}
