package ai.elevare.practice.math;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/** An exact rational number in lowest terms with a positive denominator. */
public record Rational(BigInteger num, BigInteger den) implements Comparable<Rational> {

  public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

  public Rational {
    Objects.requireNonNull(num);
    Objects.requireNonNull(den);
    if (den.signum() == 0) {
      throw new ArithmeticException("zero denominator");
    }
    if (den.signum() < 0) {
      num = num.negate();
      den = den.negate();
    }
    BigInteger g = num.gcd(den);
    if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
      num = num.divide(g);
      den = den.divide(g);
    }
    if (num.signum() == 0) {
      den = BigInteger.ONE;
    }
  }

  public static Rational of(long n) {
    return new Rational(BigInteger.valueOf(n), BigInteger.ONE);
  }

  public static Rational of(long n, long d) {
    return new Rational(BigInteger.valueOf(n), BigInteger.valueOf(d));
  }

  public Rational add(Rational o) {
    return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
  }

  public Rational subtract(Rational o) {
    return add(o.negate());
  }

  public Rational multiply(Rational o) {
    return new Rational(num.multiply(o.num), den.multiply(o.den));
  }

  public Rational divide(Rational o) {
    return new Rational(num.multiply(o.den), den.multiply(o.num));
  }

  public Rational negate() {
    return new Rational(num.negate(), den);
  }

  public Rational pow(int k) {
    Rational r = new Rational(num.pow(Math.abs(k)), den.pow(Math.abs(k)));
    return k < 0 ? ONE.divide(r) : r;
  }

  public int signum() {
    return num.signum();
  }

  public boolean isInteger() {
    return den.equals(BigInteger.ONE);
  }

  public double doubleValue() {
    return new BigDecimal(num).divide(new BigDecimal(den), java.math.MathContext.DECIMAL64).doubleValue();
  }

  /** Whether the decimal expansion ends (the denominator has no prime factors but 2 and 5). */
  public boolean isTerminatingDecimal() {
    BigInteger d = den;
    for (BigInteger p : new BigInteger[] {BigInteger.TWO, BigInteger.valueOf(5)}) {
      while (d.mod(p).signum() == 0) {
        d = d.divide(p);
      }
    }
    return d.equals(BigInteger.ONE);
  }

  /** As a fraction tree: 3, 3/4 or -3/4. */
  public MathExpr toExpr() {
    return MathExpr.fraction(num, den);
  }

  /** As a decimal literal when the expansion ends, otherwise as a fraction. */
  public MathExpr toDecimalExpr() {
    if (isInteger() || !isTerminatingDecimal()) {
      return toExpr();
    }
    return new MathExpr.Dec(new BigDecimal(num).divide(new BigDecimal(den)).stripTrailingZeros());
  }

  @Override
  public int compareTo(Rational o) {
    return num.multiply(o.den).compareTo(o.num.multiply(den));
  }

  @Override
  public String toString() {
    return toExpr().canonical();
  }
}
