package ai.elevare.qa;

import ai.elevare.text.MathText;
import ai.elevare.text.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a question before it is answered: which subject, whether it is out of scope (not one of the
 * platform's subjects, or not a study question) or ambiguous, and how clear it is. Lexical and
 * deterministic, so the same question always gets the same verdict; see docs/qa-confidence.md for
 * the rules and the clarity deductions.
 */
public final class QueryAnalyzer {

  private static final Set<String> QUESTION_STARTS =
      Set.of(
          "what",
          "whats",
          "why",
          "how",
          "when",
          "where",
          "which",
          "who",
          "whose",
          "is",
          "are",
          "was",
          "were",
          "does",
          "do",
          "did",
          "can",
          "could",
          "should",
          "would",
          "will",
          "explain",
          "define",
          "describe",
          "solve",
          "calculate",
          "compute",
          "find",
          "simplify",
          "factor",
          "factorise",
          "factorize",
          "expand",
          "differentiate",
          "integrate",
          "evaluate",
          "compare",
          "name",
          "list",
          "give",
          "show",
          "prove",
          "convert",
          "identify",
          "determine",
          "balance",
          "write",
          "tell",
          "help",
          "please",
          "derive",
          "contrast",
          "summarize",
          "summarise",
          "analyse",
          "analyze");

  /** "I don't understand", "I'm stuck": a request for help, even without a question mark. */
  private static final Set<String> HELP_WORDS =
      Set.of("understand", "confused", "confusing", "stuck", "help", "explain");

  private static final Set<String> VAGUE_REFERENTS =
      Set.of("it", "this", "that", "they", "these", "those", "them");

  private final Set<String> platformSubjects;
  private final SubjectVocabulary vocabulary;

  public QueryAnalyzer() {
    this(Set.copyOf(SubjectLexicon.ALL), SubjectVocabulary.empty());
  }

  /**
   * @param platformSubjects the subject ids the platform teaches (the subjects table)
   * @param vocabulary subject evidence learned from the item bank
   */
  public QueryAnalyzer(Set<String> platformSubjects, SubjectVocabulary vocabulary) {
    this.platformSubjects = Set.copyOf(platformSubjects);
    this.vocabulary = vocabulary;
  }

  /**
   * @param declaredSubject the subject the student picked, or null
   * @param followUp the follow-up verdict; a follow-up borrows the subject and topic of its anchor
   */
  public QueryAnalysis analyze(String question, String declaredSubject, FollowUpSignal followUp) {
    String q = question == null ? "" : question.strip();
    String lower = q.toLowerCase(Locale.ROOT);
    List<String> tokens = Text.tokens(q);
    List<String> terms = Text.terms(q);
    boolean math = MathText.looksMath(q);
    List<String> reasons = new ArrayList<>();
    String declared =
        declaredSubject != null && platformSubjects.contains(declaredSubject)
            ? declaredSubject
            : null;

    Map<String, Double> scores = subjectScores(terms, math, MathText.mentionsMath(q));
    vocabulary.score(new HashSet<>(terms), scores);
    String detected = null;
    double best = 0;
    int tied = 0;
    for (Map.Entry<String, Double> e : scores.entrySet()) {
      if (!platformSubjects.contains(e.getKey())) {
        continue;
      }
      if (e.getValue() > best) {
        best = e.getValue();
        detected = e.getKey();
        tied = 1;
      } else if (e.getValue() == best && best > 0) {
        tied++;
      }
    }
    if (declared != null && best > 0 && scores.getOrDefault(declared, 0.0) == best) {
      detected = declared; // the student's pick settles a tie it is part of
      tied = 1;
    }
    boolean isFollowUp = followUp != null && followUp.followUp() && followUp.anchor() != null;
    String subject = detected;
    if (subject == null && isFollowUp && followUp.anchor().subject() != null) {
      subject = followUp.anchor().subject();
    }
    if (subject == null) {
      subject = declared;
    }

    long offTopic = terms.stream().filter(SubjectLexicon.OFF_TOPIC::contains).count();
    boolean studyForm =
        math
            || q.endsWith("?")
            || (!tokens.isEmpty() && QUESTION_STARTS.contains(tokens.get(0)))
            || tokens.stream().anyMatch(HELP_WORDS::contains);
    Set<String> specific = new HashSet<>(terms);
    specific.removeAll(SubjectLexicon.BROAD);
    int content = specific.size() + (math ? 2 : 0);

    boolean outOfScope = false;
    if (offTopic > 0 && offTopic >= best) {
      outOfScope = true;
      reasons.add("about everyday topics, not a platform subject");
    } else if (subject == null && content == 0 && studyForm) {
      // "how does it work?": a question, but about nothing named; ambiguous, not off-topic
      outOfScope = false;
    } else if (subject == null) {
      outOfScope = true;
      reasons.add(
          terms.isEmpty() && !math ? "not a study question" : "not about a platform subject");
    } else if (detected == null && !isFollowUp && (content == 0 || !studyForm)) {
      outOfScope = true;
      reasons.add("not a study question");
    }

    boolean ambiguous = false;
    double clarity = 1.0;
    if (!studyForm && !isFollowUp) {
      clarity -= 0.2;
      reasons.add("not phrased as a question");
    }
    if (!isFollowUp) {
      if (content == 0) {
        clarity -= 0.6;
        ambiguous = true;
        reasons.add("asks nothing specific");
      } else if (content == 1) {
        clarity -= studyForm ? 0.15 : 0.3;
        if (!studyForm) {
          ambiguous = true;
          reasons.add("a bare topic without a question");
        }
      } else if (content == 2) {
        clarity -= 0.05;
      }
      boolean vague =
          tokens.stream().anyMatch(VAGUE_REFERENTS::contains) && specific.size() <= 1 && !math;
      if (vague) {
        clarity -= 0.35;
        ambiguous = true;
        reasons.add("refers to something not named (\"it\", \"this\")");
      }
    } else {
      clarity -= 0.1; // read through the previous turn: clear, but only with it
    }
    if (tied > 1 && declared == null && !isFollowUp) {
      clarity -= 0.2;
      ambiguous = true;
      reasons.add("could belong to several subjects");
    }
    if (detected == null && declared != null && !isFollowUp) {
      clarity -= 0.15;
      reasons.add("nothing in the question names its subject");
    }
    if (tokens.size() > 60) {
      clarity -= 0.15;
      reasons.add("long and rambling");
    }
    if (lower.matches(".*(.)\\1{4,}.*") || gibberish(tokens)) {
      clarity -= 0.4;
      reasons.add("looks like random typing");
    }
    if (ambiguous) {
      clarity = Math.min(clarity, 0.45);
    }
    if (outOfScope) {
      ambiguous = false; // out of scope is the stronger verdict
      clarity = Math.min(clarity, 0.2);
    }
    clarity = Math.max(0.0, Math.min(1.0, clarity));
    return new QueryAnalysis(
        outOfScope ? null : subject, ambiguous, outOfScope, round(clarity), List.copyOf(reasons));
  }

  /** Lexicon hits per subject; a formula counts three for math, math vocabulary one more. */
  static Map<String, Double> subjectScores(List<String> terms, boolean math, boolean mathWords) {
    Map<String, Double> scores = new LinkedHashMap<>();
    for (Map.Entry<String, Set<String>> e : SubjectLexicon.SUBJECTS.entrySet()) {
      double s = 0;
      for (String t : new HashSet<>(terms)) {
        if (e.getValue().contains(t)) {
          s += 1;
        }
      }
      scores.put(e.getKey(), s);
    }
    if (math) {
      scores.merge("math", 3.0, Double::sum);
    } else if (mathWords) {
      scores.merge("math", 1.0, Double::sum);
    }
    return scores;
  }

  /** Most words without a vowel, or consonant runs no English word has ("asdfghjkl"). */
  static boolean gibberish(List<String> tokens) {
    List<String> words =
        tokens.stream()
            .filter(t -> t.chars().allMatch(Character::isLetter) && t.length() > 2)
            .toList();
    if (words.isEmpty()) {
      return false;
    }
    long odd =
        words.stream()
            .filter(w -> !w.matches(".*[aeiouy].*") || w.matches(".*[^aeiouy]{5,}.*"))
            .count();
    return odd * 2 > words.size();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
