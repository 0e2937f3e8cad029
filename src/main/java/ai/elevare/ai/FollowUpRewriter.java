package ai.elevare.ai;

import ai.elevare.text.MathText;
import ai.elevare.text.Text;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites an elliptical math follow-up into a stand-alone question the CAS can answer, using the
 * turn it follows: "and what if it were 15?" after "what is 20% of 80" becomes "what is 15% of 80";
 * "what about x^3?" after "differentiate x^2" becomes "differentiate x^3". It only proposes
 * readings; the local provider keeps the first one the CAS solves and tells the student how it read
 * the follow-up, so a wrong guess is visible rather than silent.
 */
public final class FollowUpRewriter {

  private FollowUpRewriter() {}

  /** Words that only glue a follow-up to the previous question. */
  private static final Set<String> CUE_WORDS =
      Set.of(
          "and", "what", "whats", "if", "it", "were", "was", "is", "about", "how", "now", "then",
          "same", "for", "with", "ok", "okay", "so", "instead", "but", "try", "do", "the", "case",
          "one", "that", "this", "number", "value", "we", "had", "have", "use", "used", "say",
          "let", "suppose", "change", "changed", "to", "be", "would", "answer");

  /**
   * Stand-alone readings of {@code followUp}, most plausible first; empty when it cannot be read
   * against the context as math.
   *
   * @param context earlier turns, oldest first
   */
  public static List<String> candidates(String followUp, List<Turn> context) {
    if (context.isEmpty()) {
      return List.of();
    }
    String anchor = anchor(context);
    Set<String> out = new LinkedHashSet<>();
    String remainder = stripCues(followUp);
    List<MathText.Num> own = MathText.numbers(followUp);
    List<MathText.Span> ownSpans = MathText.spans(remainder);
    List<MathText.Num> theirs = MathText.numbers(anchor);

    // one bare number: substitute it for the number it most plausibly replaces
    if (own.size() == 1 && ownSpans.isEmpty() && !theirs.isEmpty()) {
      out.add(substitute(anchor, theirs, own.get(0), followUp));
    }
    // a new expression: keep the anchor's wording around it
    List<MathText.Span> anchorSpans = MathText.spans(anchor);
    if (!ownSpans.isEmpty() && !anchorSpans.isEmpty()) {
      MathText.Span a = anchorSpans.get(0);
      String suffix = anchor.substring(a.end()).replaceAll("[?.!\\s]+$", "");
      out.add(anchor.substring(0, a.start()) + ownSpans.get(0).of(remainder) + suffix);
    }
    // the follow-up's own words, prefixed with the anchor's verb ("what about 30% of 50")
    if (!remainder.isBlank() && MathText.looksMath(remainder)) {
      String verb = verbPrefix(anchor);
      if (!verb.isEmpty()) {
        out.add(verb + " " + remainder);
      }
      out.add(remainder);
    }
    out.remove(anchor);
    return new ArrayList<>(out);
  }

  /** Whether a follow-up asks for the reasoning behind the last answer ("why?", "how?"). */
  public static boolean asksWhy(String followUp) {
    List<String> tokens = Text.tokens(followUp);
    if (tokens.isEmpty()
        || tokens.size() > 7
        || !Text.terms(followUp).stream()
            .allMatch(t -> t.equals("step") || t.equals("reason") || t.equals("sure"))) {
      return false;
    }
    return tokens.contains("why")
        || tokens.contains("how")
        || tokens.contains("explain")
        || tokens.contains("steps")
        || tokens.contains("step")
        || tokens.contains("reason");
  }

  /**
   * The question the newest turn stands for: its own words, or, when it was itself an elliptical
   * follow-up, its first reading against the turns before it.
   */
  public static String anchor(List<Turn> context) {
    Turn last = context.get(context.size() - 1);
    String q = last.question();
    if (isElliptical(q) && context.size() > 1) {
      List<String> earlier = candidates(q, context.subList(0, context.size() - 1));
      if (!earlier.isEmpty()) {
        return earlier.get(0);
      }
    }
    return q;
  }

  /** Starts with a cue and carries almost nothing of its own. */
  static boolean isElliptical(String q) {
    List<String> tokens = Text.tokens(q);
    if (tokens.isEmpty()) {
      return false;
    }
    String first = tokens.get(0);
    boolean cue =
        Set.of("and", "what", "how", "now", "then", "same", "so", "instead", "but").contains(first);
    return cue
        && Text.terms(stripCues(q)).size() <= 1
        && !q.toLowerCase(Locale.ROOT).startsWith("what is ");
  }

  static String stripCues(String q) {
    String s = q.strip().replaceAll("[?!.]+$", "").strip();
    while (true) {
      int sp = s.indexOf(' ');
      String first =
          (sp < 0 ? s : s.substring(0, sp))
              .toLowerCase(Locale.ROOT)
              .replace(",", "")
              .replace("'s", "");
      if (!CUE_WORDS.contains(first)) {
        return s;
      }
      if (sp < 0) {
        return "";
      }
      s = s.substring(sp + 1).strip();
    }
  }

  /** The anchor's words before its first number or formula: "what is", "solve", "differentiate". */
  static String verbPrefix(String anchor) {
    int cut = anchor.length();
    List<MathText.Span> spans = MathText.spans(anchor);
    if (!spans.isEmpty()) {
      cut = spans.get(0).start();
    }
    List<MathText.Num> nums = MathText.numbers(anchor);
    if (!nums.isEmpty()) {
      cut = Math.min(cut, nums.get(0).start());
    }
    return anchor.substring(0, cut).strip();
  }

  /**
   * Puts {@code replacement} in place of one of {@code theirs}: the percentage when the new number
   * is one, the number after "of" when the follow-up says "of N", otherwise the number closest in
   * magnitude (the later one on a tie), since "what if it were 15" usually varies the quantity of
   * the same kind.
   */
  static String substitute(
      String anchor, List<MathText.Num> theirs, MathText.Num replacement, String followUp) {
    MathText.Num target = null;
    String lower = followUp.toLowerCase(Locale.ROOT);
    if (replacement.percent()) {
      target = theirs.stream().filter(MathText.Num::percent).findFirst().orElse(null);
    } else if (lower.matches(
        "(?s).*\\bof\\s+"
            + java.util.regex.Pattern.quote(
                followUp.substring(replacement.start(), replacement.end()).strip())
            + ".*")) {
      for (MathText.Num n : theirs) {
        if (anchor.substring(0, n.start()).toLowerCase(Locale.ROOT).matches("(?s).*\\bof\\s*$")) {
          target = n;
        }
      }
    }
    if (target == null) {
      double best = Double.MAX_VALUE;
      for (MathText.Num n : theirs) {
        double d =
            Math.abs(Math.log1p(Math.abs(n.value())) - Math.log1p(Math.abs(replacement.value())));
        if (d <= best) {
          best = d;
          target = n;
        }
      }
    }
    String number = fmt(replacement.value());
    String text = target.percent() ? number + "%" : number;
    return anchor.substring(0, target.start()) + text + anchor.substring(target.end());
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
