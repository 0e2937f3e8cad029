package ai.elevare.practice;

import ai.elevare.practice.math.Deadline;
import ai.elevare.practice.math.MathAnswerChecker;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Checks a student's answer against a frozen question. Choices and short texts are compared after
 * normalising case, accents, spacing and trailing punctuation; numbers, expressions and root sets
 * go to the CAS checker, which accepts any equivalent form. Never blocks: the plain-Java part runs on
 * the caller's thread, the CAS part on a CAS worker, and one deadline covers every expected answer tried.
 */
public final class AnswerChecker {
  private final MathAnswerChecker math;

  public AnswerChecker(MathAnswerChecker math) {
    this.math = math;
  }

  public record Check(boolean correct, String feedback) {}

  /**
   * The verdict on an answer judged at once, with no CAS (blank answers, choices, texts, items
   * without an accepted answer); empty when the CAS must judge it.
   */
  public static Optional<Check> withoutCas(Question q, String given) {
    if (given == null || given.isBlank()) return Optional.of(new Check(false, "No answer given."));
    return switch (q.checkAs()) {
      case "choice" -> Optional.of(checkChoice(q, given));
      case "text" -> Optional.of(checkText(q.answers(), given));
      default -> q.answers().isEmpty() ? Optional.of(new Check(false, "Not correct.")) : Optional.empty();
    };
  }

  /** Completes with the verdict; it never fails (a check the CAS could not finish says so in its feedback). */
  public CompletionStage<Check> check(Question q, String given) {
    return withoutCas(q, given)
        .<CompletionStage<Check>>map(CompletableFuture::completedFuture)
        .orElseGet(() -> checkMath(q, given, 0, math.newDeadline()));
  }

  /** Tries the accepted answers in turn until one matches; the last one's feedback stands. */
  private CompletionStage<Check> checkMath(Question q, String given, int index, Deadline deadline) {
    String expected = q.answers().get(index);
    // Expanding, factoring and exponent-rule problems require the asked-for form, not just equality.
    MathAnswerChecker.Form form = MathAnswerChecker.formFor(q.topic(), q.checkAs());
    return math.checkAsync(expected, q.checkAs(), given, form, deadline)
        .thenCompose(
            r -> {
              if (r.correct()) return CompletableFuture.completedFuture(new Check(true, r.feedback()));
              if (index == q.answers().size() - 1) {
                return CompletableFuture.completedFuture(new Check(false, r.feedback()));
              }
              return checkMath(q, given, index + 1, deadline);
            });
  }

  private static Check checkChoice(Question q, String given) {
    String typed = normalize(given);
    List<String> choices = q.choices();
    String pick = typed;
    // A single letter picks the choice at that position (a, b, c...) unless it is a choice itself.
    if (typed.length() == 1 && Character.isLetter(typed.charAt(0))) {
      int idx = typed.charAt(0) - 'a';
      if (idx < choices.size() && choices.stream().noneMatch(c -> normalize(c).equals(typed))) {
        pick = normalize(choices.get(idx));
      }
    }
    final String chosen = pick;
    if (choices.stream().noneMatch(c -> normalize(c).equals(chosen))) {
      return new Check(false, "That is not one of the choices.");
    }
    boolean ok = q.answers().stream().anyMatch(a -> normalize(a).equals(chosen));
    return new Check(ok, ok ? "Correct." : "Not this one; look at the hint and try another choice.");
  }

  private static Check checkText(List<String> accepted, String given) {
    String g = normalize(given);
    boolean ok = accepted.stream().anyMatch(a -> normalize(a).equals(g));
    return new Check(ok, ok ? "Correct." : "Not the answer we were looking for.");
  }

  static String normalize(String s) {
    String n = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    n = n.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
    return n.replaceAll("[.!?;,]+$", "").trim();
  }
}
