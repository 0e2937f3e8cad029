package ai.elevare.practice.generated;

import ai.elevare.practice.BankItem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local provider's practice writer: variations of bank items that it can grade itself, no model
 * needed. Numbers: the relation between a calculation item's given numbers and its answer is found
 * among a small set of formulas (products, quotients, sums, squares, powers of ten, pH); only when
 * exactly one relation holds is the item varied, and the new answer is computed, never guessed.
 * Wording: a multiple-choice item is asked with a new lead-in and its options in another order.
 */
public final class LocalVariations {

  /** A number in running text that is a quantity: not part of a formula (H2O), an exponent or a power of ten. */
  private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}\\d.^_/])(\\d+(?:\\.\\d+)?)(?![\\d.]*\\d)(?!\\s*\\^)(?!\\s*[×x*]\\s*10)");

  private static final Pattern PLAIN_ANSWER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
  private static final Pattern ROUNDING = Pattern.compile("decimal place|d\\.p\\.|significant|nearest|round", Pattern.CASE_INSENSITIVE);

  private static final List<String> LEAD_INS =
      List.of("Choose the right option. ", "Pick one answer. ", "Quick check: ", "Which option is right? ");

  private static final double[] FACTORS = {0.2, 0.25, 0.4, 0.5, 0.6, 0.75, 0.8, 1.2, 1.25, 1.5, 1.6, 1.75, 2, 2.5, 3, 3.5, 4, 5, 6, 8};

  private LocalVariations() {}

  /** A formula over the given numbers, with how to write it out in the worked solution. */
  record Formula(String shape, int[] uses, ToDoubleFunction<double[]> f) {
    double apply(double[] x) {
      return f.applyAsDouble(x);
    }

    String render(double[] x) {
      String s = shape;
      for (int k = uses.length - 1; k >= 0; k--) s = s.replace("#" + k, fmt(x[uses[k]]));
      return s;
    }
  }

  /** One variation, or empty when the item cannot be varied safely. */
  public static Optional<BankItem> vary(BankItem item, long seed) {
    Random random = new Random(seed);
    return switch (item.answerFormat()) {
      case "number" -> numbers(item, random);
      case "choice" -> wording(item, random);
      default -> Optional.empty();
    };
  }

  static Optional<BankItem> numbers(BankItem item, Random random) {
    if (item.answers().isEmpty() || !PLAIN_ANSWER.matcher(item.answers().get(0).trim()).matches()) return Optional.empty();
    String answerText = item.answers().get(0).trim();
    double answer = Double.parseDouble(answerText);
    int places = decimals(answerText);
    boolean rounded = ROUNDING.matcher(item.prompt()).find();
    List<int[]> spans = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<Boolean> quantity = new ArrayList<>();
    Matcher m = NUMBER.matcher(item.prompt());
    while (m.find()) {
      spans.add(new int[] {m.start(1), m.end(1)});
      values.add(Double.parseDouble(m.group(1)));
      quantity.add(quantity(item.prompt(), m.start(1), m.end(1)));
    }
    if (values.isEmpty() || values.size() > 5) return Optional.empty();
    double[] x = values.stream().mapToDouble(Double::doubleValue).toArray();
    // The worked explanation must show the answer and every number a relation uses: a relation
    // that only fits by coincidence (2 + 2 = 2 × 2) is not taken for the item's method.
    java.util.Set<Double> shown = new java.util.HashSet<>();
    Matcher e = Pattern.compile("\\d+(?:\\.\\d+)?").matcher(item.explanation() == null ? "" : item.explanation());
    while (e.find()) shown.add(Double.parseDouble(e.group()));
    if (!shown.contains(answer)) return Optional.empty();
    List<Formula> matching = new ArrayList<>();
    for (Formula f : formulas(x.length)) {
      boolean explained = java.util.Arrays.stream(f.uses()).allMatch(u -> shown.contains(x[u]));
      if (explained && matches(f.apply(x), answer, places, rounded)) matching.add(f);
    }
    if (matching.isEmpty()) return Optional.empty();
    for (int attempt = 0; attempt < 24; attempt++) {
      double[] y = x.clone();
      boolean[] used = new boolean[x.length];
      for (Formula f : matching) for (int u : f.uses()) used[u] = true;
      boolean changed = false;
      // Only measured quantities change; constants (C = 12, 4.18 J/(g·°C)) are facts and stay.
      for (int i = 0; i < y.length; i++) {
        if (used[i] && quantity.get(i)) {
          y[i] = vary(x[i], random);
          changed = true;
        }
      }
      if (!changed) return Optional.empty();
      double v = matching.get(0).apply(y);
      // Every relation that fits the original must agree on the new numbers, else the item is ambiguous.
      boolean agree = matching.stream().allMatch(f -> Math.abs(f.apply(y) - v) <= 1e-9 * Math.max(1, Math.abs(v)));
      if (!agree) return Optional.empty();
      if (!Double.isFinite(v) || Math.signum(v) != Math.signum(answer) || v == answer) continue;
      if (Math.abs(v) > 20 * Math.abs(answer) + 1 || Math.abs(v) < Math.abs(answer) / 20) continue;
      BigDecimal exact = BigDecimal.valueOf(v);
      BigDecimal atPlaces = exact.setScale(places, RoundingMode.HALF_UP);
      if (!rounded && Math.abs(atPlaces.doubleValue() - v) > 1e-9 * Math.max(1, Math.abs(v))) continue;
      String newAnswer = atPlaces.stripTrailingZeros().toPlainString();
      if (places > 0 && rounded) newAnswer = atPlaces.toPlainString();
      StringBuilder prompt = new StringBuilder(item.prompt());
      for (int i = spans.size() - 1; i >= 0; i--) prompt.replace(spans.get(i)[0], spans.get(i)[1], fmt(y[i]));
      if (prompt.toString().equals(item.prompt())) continue;
      String worked = matching.get(0).render(y) + " = " + newAnswer;
      String idea = firstSentence(item.explanation());
      String explanation = (idea.matches(".*\\d.*") ? "" : idea + " ") + "With these numbers: " + worked + ".";
      String hint = item.hint().matches(".*\\d.*") ? "Write down the relation between the quantities given, then substitute." : item.hint();
      return Optional.of(
          new BankItem(
              null, item.subject(), item.topic(), prompt.toString(), "number", List.of(), List.of(newAnswer), hint,
              explanation, item.expectedTimeMs(), item.difficulty()));
    }
    return Optional.empty();
  }

  static Optional<BankItem> wording(BankItem item, Random random) {
    if (item.choices().size() < 3) return Optional.empty();
    List<String> choices = new ArrayList<>(item.choices());
    for (int i = 0; i < 6 && choices.equals(item.choices()); i++) java.util.Collections.shuffle(choices, random);
    if (choices.equals(item.choices())) return Optional.empty();
    String prompt = LEAD_INS.get(random.nextInt(LEAD_INS.size())) + item.prompt();
    return Optional.of(
        new BankItem(
            null, item.subject(), item.topic(), prompt, "choice", choices, item.answers(), item.hint(),
            item.explanation(), item.expectedTimeMs(), item.difficulty()));
  }

  /** Units of measured quantities and counted things; a number followed by one is a quantity. */
  private static final Pattern QUANTITY_UNIT = Pattern.compile(
      "\\s*(g|kg|mg|mL|L|cm³|dm³|m³|mol|mol/L|M|cm|mm|m|km|s|min|h|N|kJ|J|W|kW|V|A|Ω|Hz|°C|K|Pa|kPa|m/s|m/s²|km/h|%|protons|neutrons|electrons|atoms|molecules|years|days)(?![\\p{L}/(])");

  /** A value assigned to a name ("C = 12", "g = 9.8") is a constant; one with a quantity unit is a quantity. */
  static boolean quantity(String prompt, int start, int end) {
    String before = prompt.substring(Math.max(0, start - 12), start);
    if (before.matches("(?s).*\\b\\p{L}{1,2}\\s*=\\s*$")) return false;
    return QUANTITY_UNIT.matcher(prompt.substring(end)).lookingAt();
  }

  private static boolean matches(double v, double answer, int places, boolean rounded) {
    if (!Double.isFinite(v)) return false;
    if (Math.abs(v - answer) <= 1e-9 * Math.max(1, Math.abs(answer))) return true;
    return rounded && BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).doubleValue() == answer;
  }

  /** A new value of the same kind: powers of ten stay powers of ten, integers stay integers. */
  private static double vary(double v, Random random) {
    double log = Math.log10(v);
    if (v > 0 && Math.abs(log - Math.rint(log)) < 1e-12 && v != 1) {
      double shifted = Math.pow(10, Math.rint(log) + (random.nextBoolean() ? 1 : -1));
      return Double.parseDouble(String.format(Locale.ROOT, "%.10g", shifted));
    }
    int places = decimals(fmt(v));
    for (int i = 0; i < 8; i++) {
      double w = BigDecimal.valueOf(v * FACTORS[random.nextInt(FACTORS.length)]).setScale(places, RoundingMode.HALF_UP).doubleValue();
      if (w > 0 && w != v) return w;
    }
    return v + 1;
  }

  private static List<Formula> formulas(int n) {
    List<Formula> out = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      int i = a;
      out.add(new Formula("-log10(#0)", new int[] {i}, x -> -Math.log10(x[i])));
      out.add(new Formula("#0²", new int[] {i}, x -> x[i] * x[i]));
      for (int b = 0; b < n; b++) {
        if (b == a) continue;
        int j = b;
        int[] ij = {i, j};
        out.add(new Formula("#0 × #1", ij, x -> x[i] * x[j]));
        out.add(new Formula("#0 ÷ #1", ij, x -> x[i] / x[j]));
        out.add(new Formula("#0 + #1", ij, x -> x[i] + x[j]));
        out.add(new Formula("#0 − #1", ij, x -> x[i] - x[j]));
        out.add(new Formula("#0 × #1 ÷ 100", ij, x -> x[i] * x[j] / 100));
        out.add(new Formula("#0 ÷ #1 × 100", ij, x -> x[i] / x[j] * 100));
        out.add(new Formula("#0 × #1 ÷ 1000", ij, x -> x[i] * x[j] / 1000));
        out.add(new Formula("#0 ÷ #1 × 1000", ij, x -> x[i] / x[j] * 1000));
        out.add(new Formula("½ × #0 × #1²", ij, x -> 0.5 * x[i] * x[j] * x[j]));
        out.add(new Formula("#0 × #1²", ij, x -> x[i] * x[j] * x[j]));
        for (int coefficient = 2; coefficient <= 4; coefficient++) {
          int q = coefficient;
          out.add(new Formula("#0 + " + q + " × #1", ij, x -> x[i] + q * x[j]));
          out.add(new Formula("#0 ÷ " + q, new int[] {i}, x -> x[i] / q));
        }
        for (int c = 0; c < n; c++) {
          if (c == a || c == b) continue;
          int k = c;
          int[] ijk = {i, j, k};
          out.add(new Formula("#0 × #1 × #2", ijk, x -> x[i] * x[j] * x[k]));
          out.add(new Formula("#0 × #1 ÷ #2", ijk, x -> x[i] * x[j] / x[k]));
          out.add(new Formula("#0 ÷ (#1 × #2)", ijk, x -> x[i] / (x[j] * x[k])));
          out.add(new Formula("(#0 − #1) × #2", ijk, x -> (x[i] - x[j]) * x[k]));
          out.add(new Formula("#0 × (#1 − #2)", ijk, x -> x[i] * (x[j] - x[k])));
          out.add(new Formula("(#0 + #1) ÷ #2", ijk, x -> (x[i] + x[j]) / x[k]));
          for (int q = 2; q <= 4; q++) {
            int c2 = q;
            out.add(new Formula("#0 ÷ (" + q + " × #1 + #2)", ijk, x -> x[i] / (c2 * x[j] + x[k])));
            out.add(new Formula("#0 × (" + q + " × #1 + #2)", ijk, x -> x[i] * (c2 * x[j] + x[k])));
            out.add(new Formula("#0 ÷ (#1 + " + q + " × #2)", ijk, x -> x[i] / (x[j] + c2 * x[k])));
          }
        }
      }
    }
    return out;
  }

  static int decimals(String number) {
    int dot = number.indexOf('.');
    return dot < 0 ? 0 : number.length() - dot - 1;
  }

  static String fmt(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static String firstSentence(String text) {
    if (text == null) return "";
    int end = text.indexOf(". ");
    return end < 0 ? text : text.substring(0, end + 1);
  }
}
