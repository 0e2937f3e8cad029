package ai.elevare.practice.math;

import ai.elevare.practice.math.MathExpr.Add;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Inspection, numeric evaluation and printing of {@link MathExpr} trees. */
final class MathExprSupport {
  private MathExprSupport() {}


  static void collectVariables(MathExpr e, Set<String> out) {
    if (e instanceof Sym s) {
      out.add(s.name());
    } else {
      for (MathExpr c : children(e)) {
        collectVariables(c, out);
      }
    }
  }

  static int countVariables(MathExpr e) {
    if (e instanceof Sym) {
      return 1;
    }
    int n = 0;
    for (MathExpr c : children(e)) {
      n += countVariables(c);
    }
    return n;
  }

  static int nodes(MathExpr e) {
    int n = 1;
    for (MathExpr c : children(e)) {
      n += nodes(c);
    }
    return n;
  }

  static int depth(MathExpr e) {
    int d = 0;
    for (MathExpr c : children(e)) {
      d = Math.max(d, depth(c));
    }
    return d + 1;
  }

  static List<MathExpr> children(MathExpr e) {
    if (e instanceof Add a) {
      return a.terms();
    } else if (e instanceof Mul m) {
      return m.factors();
    } else if (e instanceof Neg n) {
      return List.of(n.arg());
    } else if (e instanceof Div d) {
      return List.of(d.num(), d.den());
    } else if (e instanceof Pow p) {
      return List.of(p.base(), p.exp());
    } else if (e instanceof Fn f) {
      return f.args();
    } else if (e instanceof Fact f) {
      return List.of(f.arg());
    } else if (e instanceof Eq q) {
      return List.of(q.lhs(), q.rhs());
    } else if (e instanceof Seq s) {
      return s.items();
    } else if (e instanceof Pm p) {
      return p.base() == null ? List.of(p.delta()) : List.of(p.base(), p.delta());
    }
    return List.of();
  }

  static double eval(MathExpr e, Map<String, Double> vars) {
    if (e instanceof Num n) {
      return n.value().doubleValue();
    } else if (e instanceof Dec d) {
      return d.value().doubleValue();
    } else if (e instanceof Sym s) {
      Double v = vars.get(s.name());
      return v == null ? Double.NaN : v;
    } else if (e instanceof Const c) {
      return switch (c) {
        case PI -> Math.PI;
        case E -> Math.E;
        case INFINITY -> Double.POSITIVE_INFINITY;
        case I -> Double.NaN;
      };
    } else if (e instanceof Add a) {
      double s = 0;
      for (MathExpr t : a.terms()) {
        s += eval(t, vars);
      }
      return s;
    } else if (e instanceof Neg n) {
      return -eval(n.arg(), vars);
    } else if (e instanceof Mul m) {
      double p = 1;
      for (MathExpr f : m.factors()) {
        p *= eval(f, vars);
      }
      return p;
    } else if (e instanceof Div d) {
      double den = eval(d.den(), vars);
      return den == 0 ? Double.NaN : eval(d.num(), vars) / den;
    } else if (e instanceof Pow p) {
      return power(eval(p.base(), vars), p.exp(), vars);
    } else if (e instanceof Fn f) {
      return function(f, vars);
    } else if (e instanceof Fact f) {
      double n = eval(f.arg(), vars);
      if (n < 0 || n != Math.rint(n)) {
        return Double.NaN;
      }
      double r = 1;
      for (int i = 2; i <= n && Double.isFinite(r); i++) {
        r *= i;
      }
      return r;
    }
    return Double.NaN;
  }

  private static double power(double b, MathExpr expNode, Map<String, Double> vars) {
    double x = eval(expNode, vars);
    if (b < 0 && x != Math.rint(x)) {
      // odd roots of negatives are real: (-8)^(1/3) = -2, as a student means it
      Rational q = rational(expNode);
      if (q != null && q.den().testBit(0)) {
        double r = Math.pow(-b, x);
        return q.num().testBit(0) ? -r : r;
      }
      return Double.NaN;
    }
    return Math.pow(b, x);
  }

  private static double function(Fn f, Map<String, Double> vars) {
    double a = eval(f.args().get(0), vars);
    return switch (f.name()) {
      case "sqrt" -> a < 0 ? Double.NaN : Math.sqrt(a);
      case "ln" -> a <= 0 ? Double.NaN : Math.log(a);
      case "log" -> {
        double x = eval(f.args().get(1), vars);
        yield a <= 0 || a == 1 || x <= 0 ? Double.NaN : Math.log(x) / Math.log(a);
      }
      case "exp" -> Math.exp(a);
      case "sin" -> Math.sin(a);
      case "cos" -> Math.cos(a);
      case "tan" -> Math.tan(a);
      case "cot" -> 1 / Math.tan(a);
      case "sec" -> 1 / Math.cos(a);
      case "csc" -> 1 / Math.sin(a);
      case "arcsin" -> Math.asin(a);
      case "arccos" -> Math.acos(a);
      case "arctan" -> Math.atan(a);
      case "sinh" -> Math.sinh(a);
      case "cosh" -> Math.cosh(a);
      case "tanh" -> Math.tanh(a);
      case "abs" -> Math.abs(a);
      default -> Double.NaN;
    };
  }

  /** Exact value of a tree of integers, decimals, + - * / and integer powers; null for anything else. */
  static Rational rational(MathExpr e) {
    if (e instanceof Num n) {
      return new Rational(n.value(), BigInteger.ONE);
    } else if (e instanceof Dec d) {
      BigDecimal v = d.value();
      return v.scale() <= 0
          ? new Rational(v.toBigIntegerExact(), BigInteger.ONE)
          : new Rational(v.unscaledValue(), BigInteger.TEN.pow(v.scale()));
    } else if (e instanceof Neg n) {
      Rational r = rational(n.arg());
      return r == null ? null : r.negate();
    } else if (e instanceof Add a) {
      Rational s = Rational.ZERO;
      for (MathExpr t : a.terms()) {
        Rational r = rational(t);
        if (r == null) {
          return null;
        }
        s = s.add(r);
      }
      return s;
    } else if (e instanceof Mul m) {
      Rational s = Rational.ONE;
      for (MathExpr f : m.factors()) {
        Rational r = rational(f);
        if (r == null) {
          return null;
        }
        s = s.multiply(r);
      }
      return s;
    } else if (e instanceof Div d) {
      Rational a = rational(d.num());
      Rational b = rational(d.den());
      return a == null || b == null || b.signum() == 0 ? null : a.divide(b);
    } else if (e instanceof Pow p) {
      Rational b = rational(p.base());
      Rational x = rational(p.exp());
      if (b == null || x == null || !x.isInteger() || x.num().bitLength() > 12) {
        return null;
      }
      int k = x.num().intValueExact();
      if (k < 0 && b.signum() == 0 || (long) Math.abs(k) * Math.max(b.num().bitLength(), b.den().bitLength()) > 20_000) {
        return null;
      }
      return b.pow(k);
    }
    return null;
  }



  private static final int ADD = 1;
  private static final int MUL = 2;
  private static final int NEG = 3;
  private static final int POW = 4;
  private static final int ATOM = 5;

  static String symja(MathExpr e) {
    if (e instanceof Num n) {
      return n.value().signum() < 0 ? "(" + n.value() + ")" : n.value().toString();
    } else if (e instanceof Dec d) {
      Rational r = rational(d);
      return r.isInteger() ? "(" + r.num() + ")" : "(" + r.num() + "/" + r.den() + ")";
    } else if (e instanceof Sym s) {
      return s.name();
    } else if (e instanceof Const c) {
      return switch (c) {
        case PI -> "Pi";
        case E -> "E";
        case I -> "I";
        case INFINITY -> "Infinity";
      };
    } else if (e instanceof Add a) {
      return join(a.terms(), "+", true);
    } else if (e instanceof Neg n) {
      return "(-" + wrap(symja(n.arg())) + ")";
    } else if (e instanceof Mul m) {
      return join(m.factors(), "*", true);
    } else if (e instanceof Div d) {
      return "(" + wrap(symja(d.num())) + "/" + wrap(symja(d.den())) + ")";
    } else if (e instanceof Pow p) {
      return "(" + wrap(symja(p.base())) + "^" + wrap(symja(p.exp())) + ")";
    } else if (e instanceof Fn f) {
      String head = MathExpr.FUNCTIONS.get(f.name());
      if (head == null) {
        throw new IllegalArgumentException("function not printable as Symja input: " + f.name());
      }
      StringBuilder sb = new StringBuilder(head).append('(');
      for (int i = 0; i < f.args().size(); i++) {
        sb.append(i == 0 ? "" : ",").append(symja(f.args().get(i)));
      }
      return sb.append(')').toString();
    } else if (e instanceof Fact f) {
      return "Factorial(" + symja(f.arg()) + ")";
    } else if (e instanceof Eq q) {
      return "(" + symja(q.lhs()) + ")==(" + symja(q.rhs()) + ")";
    } else if (e instanceof Seq s) {
      return "{" + join(s.items(), ",", false) + "}";
    }
    throw new IllegalArgumentException("not printable as Symja input: " + e.getClass().getSimpleName());
  }

  private static String join(List<MathExpr> parts, String op, boolean paren) {
    StringBuilder sb = new StringBuilder(paren ? "(" : "");
    for (int i = 0; i < parts.size(); i++) {
      sb.append(i == 0 ? "" : op).append(wrap(symja(parts.get(i))));
    }
    return sb.append(paren ? ")" : "").toString();
  }

  private static String wrap(String s) {
    return s.startsWith("(") && s.endsWith(")") || s.matches("[A-Za-z0-9]+") ? s : "(" + s + ")";
  }

  static String user(MathExpr e, boolean pretty) {
    StringBuilder sb = new StringBuilder();
    print(e, pretty, sb);
    return sb.toString();
  }

  private static int prec(MathExpr e) {
    if (e instanceof Add || e instanceof Eq || e instanceof Pm) {
      return ADD;
    } else if (e instanceof Mul || e instanceof Div) {
      return MUL;
    } else if (e instanceof Neg) {
      return NEG;
    } else if (e instanceof Num n) {
      return n.value().signum() < 0 ? NEG : ATOM;
    } else if (e instanceof Dec d) {
      return d.value().signum() < 0 ? NEG : ATOM;
    } else if (e instanceof Pow || e instanceof Fact) {
      return POW;
    }
    return ATOM;
  }

  private static void child(MathExpr c, int minPrec, boolean pretty, StringBuilder sb) {
    if (prec(c) < minPrec) {
      sb.append('(');
      print(c, pretty, sb);
      sb.append(')');
    } else {
      print(c, pretty, sb);
    }
  }

  private static void print(MathExpr e, boolean pretty, StringBuilder sb) {
    if (e instanceof Num n) {
      sb.append(n.value());
    } else if (e instanceof Dec d) {
      sb.append(d.value().toPlainString());
    } else if (e instanceof Sym s) {
      sb.append(s.name());
    } else if (e instanceof Const c) {
      sb.append(
          switch (c) {
            case PI -> "pi";
            case E -> "e";
            case I -> "i";
            case INFINITY -> "infinity";
          });
    } else if (e instanceof Add a) {
      printAdd(a, pretty, sb);
    } else if (e instanceof Neg n) {
      sb.append('-');
      // -3/4 and -3*x read back with the same value, so only sums need brackets
      child(n.arg(), MUL, pretty, sb);
    } else if (e instanceof Mul m) {
      printMul(m, pretty, sb);
    } else if (e instanceof Div d) {
      if (pretty && (isNumericFraction(d.num()) || isNumericFraction(d.den()))) {
        // a fraction divided by a fraction: (1/2) / (3/4)
        sb.append('(');
        print(d.num(), true, sb);
        sb.append(") / (");
        print(d.den(), true, sb);
        sb.append(')');
        return;
      }
      child(d.num(), MUL, pretty, sb);
      sb.append('/');
      child(d.den(), POW, pretty, sb);
    } else if (e instanceof Pow p) {
      child(p.base(), ATOM, pretty, sb);
      sb.append('^');
      MathExpr x = p.exp();
      if (x instanceof Num n && n.value().signum() >= 0 || x instanceof Sym || x instanceof Const) {
        print(x, pretty, sb);
      } else {
        sb.append('(');
        print(x, pretty, sb);
        sb.append(')');
      }
    } else if (e instanceof Fn f) {
      if (f.name().equals("log") && f.args().size() == 2) {
        sb.append("log_");
        child(f.args().get(0), ATOM, pretty, sb);
        sb.append('(');
        print(f.args().get(1), pretty, sb);
        sb.append(')');
      } else {
        sb.append(f.name()).append('(');
        for (int i = 0; i < f.args().size(); i++) {
          sb.append(i == 0 ? "" : pretty ? ", " : ",");
          print(f.args().get(i), pretty, sb);
        }
        sb.append(')');
      }
    } else if (e instanceof Fact f) {
      child(f.arg(), ATOM, pretty, sb);
      sb.append('!');
    } else if (e instanceof Eq q) {
      print(q.lhs(), pretty, sb);
      sb.append(pretty ? " = " : "=");
      print(q.rhs(), pretty, sb);
    } else if (e instanceof Seq s) {
      sb.append(
          switch (s.bracket()) {
            case BRACES -> "{";
            case TUPLE -> "(";
            case BARE -> "";
          });
      for (int i = 0; i < s.items().size(); i++) {
        sb.append(i == 0 ? "" : pretty ? ", " : ",");
        print(s.items().get(i), pretty, sb);
      }
      sb.append(
          switch (s.bracket()) {
            case BRACES -> "}";
            case TUPLE -> ")";
            case BARE -> "";
          });
    } else if (e instanceof Pm p) {
      if (p.base() != null) {
        print(p.base(), pretty, sb);
        sb.append(pretty ? " ± " : "±");
      } else {
        sb.append("±");
      }
      child(p.delta(), MUL, pretty, sb);
    }
  }

  private static void printAdd(Add a, boolean pretty, StringBuilder sb) {
    for (int i = 0; i < a.terms().size(); i++) {
      MathExpr t = a.terms().get(i);
      if (t instanceof Sym s && s.name().equals("c")) {
        // a bare c term of a sum is the constant of integration, which is written C
        sb.append(i == 0 ? "C" : pretty ? " + C" : "+C");
        continue;
      }
      if (i == 0) {
        child(t, ADD + 1, pretty, sb);
        continue;
      }
      MathExpr positive = negatedTerm(t);
      if (positive != null) {
        sb.append(pretty ? " - " : "-");
        // subtracting a negative number keeps its brackets: 8 - (-5)
        child(positive, positive instanceof Neg || prec(positive) == NEG ? ATOM : MUL, pretty, sb);
      } else {
        sb.append(pretty ? " + " : "+");
        child(t, ADD + 1, pretty, sb);
      }
    }
  }

  /** For a term written with a leading minus, the term without it; null otherwise. */
  static MathExpr negatedTerm(MathExpr t) {
    if (t instanceof Neg n) {
      return n.arg();
    } else if (t instanceof Num n && n.value().signum() < 0) {
      return new Num(n.value().negate());
    } else if (t instanceof Dec d && d.value().signum() < 0) {
      return new Dec(d.value().negate());
    } else if (t instanceof Mul m && m.factors().get(0) instanceof Num n && n.value().signum() < 0) {
      // 4 + (-6)*5 is written 4 - 6*5
      List<MathExpr> fs = new java.util.ArrayList<>(m.factors());
      fs.set(0, new Num(n.value().negate()));
      return new Mul(fs);
    } else if (t instanceof Div d && d.num() instanceof Num n && n.value().signum() < 0) {
      return new Div(new Num(n.value().negate()), d.den());
    } else if (t instanceof Div d && d.num() instanceof Neg n) {
      return new Div(n.arg(), d.den());
    } else if (t instanceof Mul m && m.factors().get(0) instanceof Neg n) {
      List<MathExpr> fs = new java.util.ArrayList<>(m.factors());
      fs.set(0, n.arg());
      return new Mul(fs);
    }
    return null;
  }

  private static void printMul(Mul m, boolean pretty, StringBuilder sb) {
    List<MathExpr> fs = m.factors();
    // fractions as factors read best spaced out: 1/12 * 5/8
    boolean fractions = pretty && fs.stream().anyMatch(MathExprSupport::isNumericFraction);
    if (fractions) {
      for (int i = 0; i < fs.size(); i++) {
        MathExpr f = fs.get(i);
        sb.append(i == 0 ? "" : " * ");
        if (i > 0 && (prec(f) == NEG || f instanceof Neg)) {
          sb.append('(');
          print(f, true, sb);
          sb.append(')');
        } else {
          child(f, isNumericFraction(f) ? MUL : MUL + 1, true, sb);
        }
      }
      return;
    }
    for (int i = 0; i < fs.size(); i++) {
      MathExpr f = fs.get(i);
      if (i > 0) {
        // 3x, 2(x + 1), x(x + 1), (x + 1)(x - 1): juxtaposed as written by hand
        boolean juxtapose =
            pretty
                && (i == 1 && fs.get(0) instanceof Num n && n.value().signum() > 0 && startsWithLetterOrParen(f)
                    || f instanceof Add && !(fs.get(i - 1) instanceof Num p && p.value().signum() < 0));
        if (!juxtapose) {
          sb.append('*');
        } else if (f instanceof Fn) {
          sb.append(' '); // 3 sin(x), 2 sqrt(2)
        }
      }
      // a negative literal after the first factor needs brackets: 3*(-2)
      child(f, i == 0 ? MUL : MUL + 2, pretty, sb);
    }
  }

  private static boolean isNumericFraction(MathExpr f) {
    if (f instanceof Neg n) {
      return isNumericFraction(n.arg());
    }
    return f instanceof Div d && d.num() instanceof Num && d.den() instanceof Num;
  }

  private static boolean startsWithLetterOrParen(MathExpr f) {
    if (f instanceof Sym || f instanceof Const || f instanceof Fn) {
      return true;
    }
    if (f instanceof Pow p) {
      return p.base() instanceof Sym || p.base() instanceof Const || prec(p.base()) < ATOM;
    }
    return prec(f) < MUL;
  }


  static double degreeKey(MathExpr t) {
    if (t instanceof Neg n) {
      return degreeKey(n.arg());
    }
    if (t.isConstant()) {
      return -1000;
    }
    if (t instanceof Sym s) {
      return s.name().equals("c") ? -999 : 1;
    }
    if (t instanceof Pow p && p.base() instanceof Sym) {
      Rational r = p.exp().rational();
      return r == null ? 0.5 : r.doubleValue();
    }
    if (t instanceof Mul m) {
      double d = 0;
      for (MathExpr f : m.factors()) {
        if (!f.isConstant()) {
          d += degreeKey(f);
        }
      }
      return d;
    }
    if (t instanceof Div d) {
      return degreeKey(d.num()) - (d.den().isConstant() ? 0 : degreeKey(d.den()));
    }
    return 0;
  }
}
