package ai.elevare.ai;

import ai.elevare.text.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a retrieved passage answers what was asked, not merely shares its words. Two checks:
 *
 * <ul>
 *   <li><b>concepts</b>: the passage (the sentences shown plus its topic) holds at least half of the
 *       question's own content terms, and for a difference question at least one term of
 *       <em>each</em> side ("acid" and "base");
 *   <li><b>form</b>: the passage is of the kind the question asks for. A difference question wants
 *       a comparison (a glossary comparison; or material with a contrast word: whereas, unlike,
 *       but…, or with one sentence about each side); a why-question wants a cause (a glossary cause, or a passage with a causal word:
 *       because, so, therefore…); a what-is question wants a definition of one of its terms; a
 *       glossary comparison answers only a difference question.
 * </ul>
 *
 * "Neutralisation: acid + base → salt + water." holds both concepts of "What is the difference
 * between an acid and a base?" but compares nothing, so it does not fit.
 */
public final class AnswerFit {

  /** What a question asks for. */
  public enum Form {
    /** "What is the difference between X and Y?", "How is X different from Y?", "X vs Y". */
    DIFFERENCE,
    /** "Why …?", "How come …?", "What causes …?". */
    CAUSE,
    /** "What is X?", "Define X", "What does X mean?". */
    DEFINITION,
    /** Anything else: how, when, where, what does X do… */
    OTHER
  }

  /**
   * A question read for fitting: its form, its own content terms, and for a difference question the
   * terms of each side (empty when the sides could not be told apart).
   */
  public record Asked(Form form, Set<String> terms, List<Set<String>> sides) {}

  /** The verdict on one passage. */
  public record Verdict(boolean conceptsCovered, boolean formMatched) {
    public boolean fits() {
      return conceptsCovered && formMatched;
    }
  }

  private static final Pattern DIFFERENCE_CUE =
      Pattern.compile(
          "\\b(differen(ce|ces|t)|differ|distinguish|compare|comparison|contrast|vs\\.?|versus)\\b");

  /** "difference between X and Y", "X vs Y", "X different from Y", "compare X with Y" … */
  private static final Pattern SIDES =
      Pattern.compile(
          "(?:between|compare|distinguish|is|are|do|does)?\\s*(.+?)\\s+"
              + "(?:and|vs\\.?|versus|from|with|to|or)\\s+(.+?)"
              + "(?:\\s+(?:differ|different|compare|similar)\\b.*)?$");

  private static final Pattern CAUSE_CUE =
      Pattern.compile("\\b(why|how come|what causes|what is the reason|reason for)\\b");

  private static final Pattern DEFINITION_CUE =
      Pattern.compile(
          "^(what is|what are|what's|whats|what was|who is|define|definition of|meaning of"
              + "|what is meant by|what do you mean by)\\b|\\bwhat does .+ mean\\b");

  private static final Pattern CONTRAST =
      Pattern.compile(
          "\\b(whereas|while|unlike|in contrast|on the other hand|differ|differs|difference"
              + "|however|but|rather than|instead of|compared)\\b");

  private static final Pattern CAUSAL =
      Pattern.compile(
          "\\b(because|so|therefore|thus|hence|due to|as a result|causes?|caused|since|which is why"
              + "|that is why|this is why|so that|leads? to|means that|in order to|makes?|allows?"
              + "|to (cool|keep|make|help|stop|protect))\\b");

  private AnswerFit() {}

  /** Reads {@code question} for fitting; {@code own} are its content terms as the caller has them. */
  public static Asked read(String question, Set<String> own) {
    String q = normalise(question);
    Form form;
    List<Set<String>> sides = List.of();
    if (DIFFERENCE_CUE.matcher(q).find()) {
      form = Form.DIFFERENCE;
      sides = sides(q, own);
    } else if (CAUSE_CUE.matcher(q).find()) {
      form = Form.CAUSE;
    } else if (DEFINITION_CUE.matcher(q).find()) {
      form = Form.DEFINITION;
    } else {
      form = Form.OTHER;
    }
    return new Asked(form, Set.copyOf(own), sides);
  }

  /**
   * Judges one passage.
   *
   * @param shown the text the student would see (the chosen sentences)
   * @param doc the document it came from (its topic and kind count)
   */
  public static Verdict judge(Asked asked, String shown, KnowledgeDoc doc) {
    Set<String> passage = new HashSet<>(Text.terms(shown + " " + doc.topic()));
    return new Verdict(covers(asked, passage), formMatches(asked, shown, doc));
  }

  private static boolean covers(Asked asked, Set<String> passage) {
    if (asked.terms().isEmpty()) {
      return true;
    }
    long in = asked.terms().stream().filter(passage::contains).count();
    if (2 * in < asked.terms().size()) {
      return false;
    }
    for (Set<String> side : asked.sides()) {
      if (side.stream().noneMatch(passage::contains)) {
        return false;
      }
    }
    return true;
  }

  private static boolean formMatches(Asked asked, String shown, KnowledgeDoc doc) {
    String text = normalise(shown);
    return switch (asked.form()) {
      case DIFFERENCE ->
          doc.kind() == KnowledgeDoc.Kind.COMPARISON
              || !doc.kind().glossary()
                  && (CONTRAST.matcher(text).find() || sideBySide(asked, shown));
      case CAUSE -> doc.kind() == KnowledgeDoc.Kind.CAUSE || CAUSAL.matcher(text).find();
      case DEFINITION ->
          doc.kind() != KnowledgeDoc.Kind.COMPARISON
              && (doc.kind() == KnowledgeDoc.Kind.DEFINITION
                      && Text.recurringTerms(doc.topic()).stream().anyMatch(asked.terms()::contains)
                  || LocalProvider.defines(shown, asked.terms())
                  || namedWithColon(shown, asked.terms()));
      case OTHER -> doc.kind() != KnowledgeDoc.Kind.COMPARISON;
    };
  }

  /**
   * Two sentences, each about one side only ("Diffusion is passive: … Active transport uses …"):
   * the sides are set out one after the other, which compares them.
   */
  private static boolean sideBySide(Asked asked, String shown) {
    if (asked.sides().size() != 2) {
      return false;
    }
    boolean[] alone = new boolean[2];
    for (String sentence : Text.sentences(shown)) {
      Set<String> terms = new HashSet<>(Text.recurringTerms(sentence));
      boolean a = asked.sides().get(0).stream().anyMatch(terms::contains);
      boolean b = asked.sides().get(1).stream().anyMatch(terms::contains);
      if (a != b) {
        alone[a ? 0 : 1] = true;
      }
    }
    return alone[0] && alone[1];
  }

  /** "Neutralisation: acid + base → salt + water." names its term before a colon. */
  private static boolean namedWithColon(String shown, Set<String> terms) {
    for (String sentence : Text.sentences(shown)) {
      int colon = sentence.indexOf(':');
      if (colon > 0 && Text.terms(sentence.substring(0, colon)).stream().anyMatch(terms::contains)) {
        return true;
      }
    }
    return false;
  }

  /** The two things a difference question sets against each other, as content terms. */
  static List<Set<String>> sides(String q, Set<String> own) {
    String body = q.replaceAll("[?.!]+$", "").strip();
    // keep what follows the cue: "what is the difference between X and Y" → "X and Y"
    Matcher between = Pattern.compile("\\b(between|compare|distinguish)\\b\\s+").matcher(body);
    if (between.find()) {
      body = body.substring(between.end());
    } else {
      body = body.replaceFirst("^(how|in what way|what)\\s+(is|are|do|does)\\s+", "");
    }
    Matcher m = SIDES.matcher(body);
    if (!m.matches()) {
      return List.of();
    }
    Set<String> left = new LinkedHashSet<>(Text.terms(m.group(1)));
    Set<String> right = new LinkedHashSet<>(Text.terms(m.group(2)));
    left.retainAll(own);
    right.retainAll(own);
    right.removeAll(left);
    if (left.isEmpty() || right.isEmpty()) {
      return List.of();
    }
    List<Set<String>> out = new ArrayList<>();
    out.add(Set.copyOf(left));
    out.add(Set.copyOf(right));
    return List.copyOf(out);
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replace('’', '\'').strip();
  }
}
