package ai.elevare.ai;

import ai.elevare.text.MathText;
import ai.elevare.text.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The {@code local} provider: the embedded default and everyone's fallback. No network. Math goes
 * to the CAS, which answers exactly and with steps; everything else is answered from the platform's
 * own material by BM25 retrieval over item explanations and the student's session summaries. It is
 * honest about what it does not know: when nothing relevant is found it says so, with a low
 * self-assessment that sends the student to their tutor. The CAS is CPU work, so answers are
 * computed on the executor given at construction, not on the caller's thread.
 */
public final class LocalProvider implements AiGateway {

  public static final String NAME = "local";

  /** Below this idf-weighted share of the question's terms a document does not answer it. */
  static final double MIN_COVERAGE = 0.5;

  private static final double SELF_CAS = 0.95;
  private static final double SELF_CAS_REWRITTEN = 0.85;
  private static final double SELF_RETRIEVAL_MAX = 0.85;

  /** Hits read for a passage that fits the question. */
  private static final int CANDIDATES = 8;

  /**
   * A passage further down may replace the top one when it fits the question and its coverage is at
   * most this much lower: a fitting passage about less of the question is no better answer.
   */
  private static final double FIT_COVERAGE_SLACK = 0.1;

  /**
   * On topic but of another form than asked: at most this, which keeps the label below high
   * (0.4 · 0.35 + 0.3 + 0.2 + 0.1 = 0.74 with every other factor at 1).
   */
  static final double SELF_OTHER_FORM = 0.35;

  /** Shares words but misses a concept the question is about: below the calculator's 0.2. */
  static final double SELF_OFF_TARGET = 0.1;

  /** A calculation the CAS could not do, answered only with method from the material. */
  private static final double SELF_UNSOLVED_MATH = 0.3;

  /**
   * Words that name a subject or schoolwork in general, or only frame a comparison ("how is X
   * different from Y"), stemmed: they say nothing about what is asked.
   */
  private static final Set<String> GENERIC =
      stems(
          "math maths mathematics chemistry physics biology english science homework question"
              + " problem topic lesson class subject stuff exam test different differ compare"
              + " contrast versus vs");

  private static final Set<String> DEFINING_AFTER =
      Set.of("is", "are", "means", "refers", "describes", "states", "says");

  private static final Set<String> DEFINING_BEFORE = Set.of("called", "named", "known", "termed");

  private static final Set<String> DEICTIC = Set.of("this", "these", "such", "that");

  private final MathEngine math;
  private final KnowledgeIndex index;
  private final Executor executor;

  /**
   * @param math the worked math answers (the CAS-backed solver, wired by the platform)
   * @param index the item bank's explanations
   * @param executor where answers are computed (the CAS blocks): a small pool of its own, so a
   *     saturated pool of remote calls never delays the fallback
   */
  public LocalProvider(MathEngine math, KnowledgeIndex index, Executor executor) {
    this.math = math;
    this.index = index;
    this.executor = executor;
  }

  @Override
  public String providerName() {
    return NAME;
  }

  @Override
  public CompletionStage<AiAnswer> answer(QaPrompt prompt, Duration timeout) {
    return async(() -> answerNow(prompt));
  }

  @Override
  public CompletionStage<String> complete(
      AiTask task, String system, String user, Duration timeout) {
    if (task != AiTask.SUMMARY) {
      return CompletableFuture.failedFuture(
          new AiFailure(
              AiFailure.Kind.UNSUPPORTED, "the local provider writes no " + task + " texts"));
    }
    return async(
        () -> {
          String summary = ExtractiveSummarizer.summarize(user, 4);
          if (summary.isEmpty()) {
            throw new AiFailure(AiFailure.Kind.UNSUPPORTED, "nothing to summarize");
          }
          return summary;
        });
  }

  private <T> CompletionStage<T> async(java.util.function.Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The answer, computed on the calling thread (the benchmark and tests time this directly). */
  public AiAnswer answerNow(QaPrompt prompt) {
    String q = prompt.question().strip();
    if (prompt.followUp() && !prompt.context().isEmpty()) {
      Optional<AiAnswer> a = followUp(q, prompt.context());
      if (a.isPresent()) {
        return a.get();
      }
    }
    boolean math = MathText.looksMath(q);
    if (math) {
      Optional<MathEngine.Solved> s = solve(q);
      if (s.isPresent()) {
        return mathAnswer(s.get(), null, SELF_CAS);
      }
    }
    AiAnswer found = retrieve(prompt);
    if (math && found.selfAssessment() > SELF_UNSOLVED_MATH) {
      // material about the method is not the result of this calculation
      return new AiAnswer(
          found.answer(),
          "I could not work this calculation out exactly; this is the method from the material.",
          SELF_UNSOLVED_MATH,
          found.completeness() * 0.5,
          NAME,
          false);
    }
    return found;
  }

  private Optional<AiAnswer> followUp(String q, List<Turn> context) {
    String anchor = FollowUpRewriter.anchor(context);
    if (FollowUpRewriter.asksWhy(q) && MathText.looksMath(anchor)) {
      Optional<MathEngine.Solved> s = solve(anchor);
      if (s.isPresent()) {
        return Optional.of(explainAnswer(s.get(), anchor));
      }
    }
    for (String candidate : FollowUpRewriter.candidates(q, context)) {
      Optional<MathEngine.Solved> s = solve(candidate);
      if (s.isPresent()) {
        return Optional.of(mathAnswer(s.get(), candidate, SELF_CAS_REWRITTEN));
      }
    }
    return Optional.empty();
  }

  private Optional<MathEngine.Solved> solve(String question) {
    Optional<MathEngine.Solved> s = solveAsIs(question);
    String symbolic = MathText.symbolize(question);
    return s.isPresent() || symbolic.equals(question) ? s : solveAsIs(symbolic);
  }

  private Optional<MathEngine.Solved> solveAsIs(String question) {
    try {
      return math.solve(question).filter(s -> s.answer() != null && !s.answer().isBlank());
    } catch (RuntimeException e) {
      // a CAS that chokes on a question has not solved it; retrieval may still help
      return Optional.empty();
    }
  }

  private static AiAnswer mathAnswer(MathEngine.Solved s, String readAs, double self) {
    StringBuilder a = new StringBuilder();
    if (readAs != null) {
      a.append("Reading your follow-up as: \"").append(readAs).append("\"\n\n");
    }
    a.append(s.answer());
    appendSteps(a, s.steps());
    String overview =
        readAs == null
            ? "A " + s.kind() + " problem: the answer comes from working it step by step."
            : "A variation of your previous question, read as: \"" + readAs + "\".";
    return new AiAnswer(a.toString(), overview, self, s.steps().isEmpty() ? 0.7 : 1.0, NAME, false);
  }

  private static AiAnswer explainAnswer(MathEngine.Solved s, String anchor) {
    StringBuilder a =
        new StringBuilder("Here is how the answer to \"").append(anchor).append("\" comes about.");
    if (s.steps().isEmpty()) {
      a.append("\n\nThe result is ")
          .append(s.answer())
          .append(
              "; I have no worked steps for this one, so your tutor is the best person to explain"
                  + " why.");
      return new AiAnswer(
          a.toString(), "The reasoning behind the previous answer.", 0.6, 0.4, NAME, false);
    }
    appendSteps(a, s.steps());
    a.append("\n\nResult: ").append(s.answer());
    return new AiAnswer(
        a.toString(),
        "The reasoning behind the previous answer, step by step.",
        SELF_CAS_REWRITTEN,
        1.0,
        NAME,
        false);
  }

  private static void appendSteps(StringBuilder a, List<String> steps) {
    if (!steps.isEmpty()) {
      a.append("\n\nSteps:");
      int i = 1;
      for (String step : steps) {
        a.append("\n").append(i++).append(". ").append(step);
      }
    }
  }

  private AiAnswer retrieve(QaPrompt prompt) {
    Map<String, Double> own = meaningful(KnowledgeIndex.weights(prompt.question(), 1.0));
    Map<String, Double> query = new LinkedHashMap<>(own);
    Turn last = prompt.lastTurn();
    if (prompt.followUp() && last != null && own.size() <= 1) {
      // an elliptical follow-up borrows the topic of the turn it continues, at a lower weight;
      // one that names two things of its own ("what about ionic bonds?") needs no borrowing
      double borrowed = own.isEmpty() ? 0.6 : 0.25;
      meaningful(KnowledgeIndex.weights(last.question(), borrowed))
          .forEach((t, w) -> query.merge(t, w, Math::max));
    }
    if (query.isEmpty()) {
      return notKnown(0.0);
    }
    String subject =
        prompt.subject() != null
            ? prompt.subject()
            : last != null && prompt.followUp() ? last.subject() : null;
    List<KnowledgeDoc> summaries = new ArrayList<>();
    for (int i = 0; i < prompt.summaries().size(); i++) {
      summaries.add(
          new KnowledgeDoc(
              "summary-" + i, null, "your tutoring session", prompt.summaries().get(i)));
    }
    List<KnowledgeIndex.Hit> found = index.search(query, subject, CANDIDATES, summaries);
    List<KnowledgeIndex.Hit> hits = new ArrayList<>();
    for (KnowledgeIndex.Hit h : found) {
      if (h.coverage() >= MIN_COVERAGE) {
        hits.add(h); // a document holding less than half of the question does not answer it
      }
    }
    if (hits.isEmpty()) {
      return notKnown(found.isEmpty() ? 0.0 : found.get(0).coverage());
    }
    hits = rerank(hits, own.keySet());
    // the best-ranked passage that answers what was asked, among those that match the question
    // about as well as the top one; the top one when none does
    AnswerFit.Asked asked = AnswerFit.read(prompt.question(), own.keySet());
    KnowledgeIndex.Hit best = hits.get(0);
    List<String> chosen = passage(best, own.keySet());
    AnswerFit.Verdict fit = AnswerFit.judge(asked, String.join(" ", chosen), best.doc());
    double floor = best.coverage() - FIT_COVERAGE_SLACK;
    for (int i = 1; i < hits.size() && !fit.fits() && !own.isEmpty(); i++) {
      KnowledgeIndex.Hit h = hits.get(i);
      if (h.coverage() < floor) {
        continue;
      }
      List<String> c = passage(h, own.keySet());
      AnswerFit.Verdict v = AnswerFit.judge(asked, String.join(" ", c), h.doc());
      if (v.fits()) {
        best = h;
        chosen = c;
        fit = v;
      }
    }
    if (!own.isEmpty() && !fit.conceptsCovered()) {
      return offTarget(best);
    }
    Set<String> inAnswer =
        new HashSet<>(Text.terms(String.join(" ", chosen) + " " + best.doc().topic()));
    long ownCovered = own.keySet().stream().filter(inAnswer::contains).count();
    double completeness = own.isEmpty() ? 0.5 : Math.max(0.2, (double) ownCovered / own.size());
    double self = Math.min(SELF_RETRIEVAL_MAX, 0.1 + 0.8 * best.coverage());
    long ownMatched = own.keySet().stream().filter(best.matched()::contains).count();
    if (ownMatched < 2 && !defines(best.doc().text(), own.keySet())) {
      self *= 0.85; // one shared word and no definition of it: thin evidence
    }
    if (own.isEmpty()) {
      // "why?" answered by re-reading the same material is no explanation
      self = Math.min(self, 0.5);
    }
    String overview = overview(best.doc());
    if (!own.isEmpty() && !fit.formMatched()) {
      // on topic, but not what was asked (a definition for a "why", a fact for a "difference")
      self = Math.min(self, SELF_OTHER_FORM);
      overview = "Related material, which may not answer exactly what you asked. " + overview;
    }
    StringBuilder answer = new StringBuilder(String.join(" ", chosen));
    answer.append("\n\n(From ").append(source(best.doc())).append(".)");
    return new AiAnswer(answer.toString(), overview, self, completeness, NAME, false);
  }

  /** A glossary entry is shown whole (it is written as one answer); other material in part. */
  private static List<String> passage(KnowledgeIndex.Hit h, Set<String> own) {
    return h.doc().kind().glossary()
        ? Text.sentences(h.doc().text())
        : bestSentences(h.doc().text(), h.matched(), own, 3);
  }

  private static String source(KnowledgeDoc d) {
    if (d.subject() == null) {
      return "your tutoring session notes";
    }
    if (d.kind().glossary()) {
      return "the " + d.subject() + " study glossary: " + d.topic();
    }
    return "the explanation of a " + d.subject() + " practice item on " + d.topic();
  }

  private static String overview(KnowledgeDoc d) {
    return d.subject() == null
        ? "This ties in with what you covered in a tutoring session."
        : "This is about " + d.topic() + " in " + d.subject() + ".";
  }

  /**
   * The material shares the question's words but not what it is about (for a difference question,
   * one side is missing): no answer, and the self-assessment says so.
   */
  private static AiAnswer offTarget(KnowledgeIndex.Hit near) {
    String where =
        near.doc().subject() == null ? "your session notes" : near.doc().topic();
    return new AiAnswer(
        "The platform's material has something near this (on "
            + where
            + "), but nothing that answers exactly what you asked, and I would rather not guess. "
            + "Please ask your tutor.",
        "I couldn't find an answer to exactly this in the platform's material.",
        SELF_OFF_TARGET,
        0.0,
        NAME,
        false);
  }

  /** Drops words that name a whole subject or schoolwork: they match everything and nothing. */
  private static Map<String, Double> meaningful(Map<String, Double> terms) {
    Map<String, Double> out = new LinkedHashMap<>(terms);
    out.keySet().removeAll(GENERIC);
    return out;
  }

  /** A document that defines one of the question's own words beats one that only mentions it. */
  private static List<KnowledgeIndex.Hit> rerank(List<KnowledgeIndex.Hit> hits, Set<String> own) {
    if (hits.size() < 2 || own.isEmpty()) {
      return hits;
    }
    record Keyed(KnowledgeIndex.Hit hit, double key) {}
    List<Keyed> keyed = new ArrayList<>(hits.size());
    for (KnowledgeIndex.Hit h : hits) keyed.add(new Keyed(h, h.score() * (defines(h.doc().text(), own) ? 1.5 : 1.0)));
    keyed.sort(java.util.Comparator.comparingDouble(Keyed::key).reversed());
    List<KnowledgeIndex.Hit> out = new ArrayList<>(hits.size());
    for (Keyed k : keyed) out.add(k.hit());
    return out;
  }

  /**
   * What each text defines, by stem: the same texts (bank explanations, glossary entries) come up
   * again and again, and tokenising and stemming them on every question was most of its cost.
   */
  private static final com.github.benmanes.caffeine.cache.Cache<String, Set<String>> DEFINED =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(20_000).build();

  /**
   * Whether a sentence of {@code text} defines one of {@code terms}: "X is ...", "X means ...",
   * "... is called X", "This process is X", "known as X".
   */
  static boolean defines(String text, Set<String> terms) {
    return !java.util.Collections.disjoint(DEFINED.get(text, LocalProvider::definedIn), terms);
  }

  private static Set<String> definedIn(String text) {
    Set<String> out = new HashSet<>();
    for (String sentence : Text.sentences(text)) out.addAll(definedTerms(sentence));
    return Set.copyOf(out);
  }

  static boolean definitional(String sentence, Set<String> terms) {
    return !java.util.Collections.disjoint(definedTerms(sentence), terms);
  }

  /** The stems of the words {@code sentence} defines (see {@link #defines}); none of the caller's terms needed. */
  static Set<String> definedTerms(String sentence) {
    List<String> tokens = Text.tokens(sentence);
    Set<String> out = new HashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (definesAt(tokens, i)) out.add(Text.stem(tokens.get(i)));
    }
    return out;
  }

  private static boolean definesAt(List<String> tokens, int i) {
    if (i + 1 < tokens.size() && DEFINING_AFTER.contains(tokens.get(i + 1))) {
      return true;
    }
    for (int j = Math.max(0, i - 3); j < i; j++) {
      if (DEFINING_BEFORE.contains(tokens.get(j))) {
        return true;
      }
    }
    // "This process is photosynthesis", "Such atoms are isotopes": a pointer word opens the
    // sentence and the term follows its verb closely
    boolean opensDeictic = tokens.subList(0, Math.min(3, i)).stream().anyMatch(DEICTIC::contains);
    for (int j = Math.max(0, i - 3); j < i && opensDeictic; j++) {
      if (tokens.get(j).equals("is") || tokens.get(j).equals("are")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Up to {@code max} sentences that share the most matched terms (a definition of one of the
   * question's own words counts double), kept in reading order.
   */
  static List<String> bestSentences(String text, Set<String> matched, Set<String> own, int max) {
    List<String> sentences = Text.sentences(text);
    int[] score = new int[sentences.size()];
    for (int i = 0; i < sentences.size(); i++) {
      if (sentences.get(i).endsWith("?")) {
        continue; // an item's own question is never part of an answer
      }
      for (String t : new HashSet<>(Text.recurringTerms(sentences.get(i)))) {
        if (matched.contains(t)) {
          score[i]++;
        }
      }
      if (score[i] > 0 && definitional(sentences.get(i), own)) {
        score[i] *= 2;
      }
    }
    boolean[] pick = new boolean[sentences.size()];
    int picked = 0;
    for (int n = 0; n < max; n++) {
      int best = -1;
      for (int i = 0; i < score.length; i++) {
        if (!pick[i] && score[i] > 0 && (best < 0 || score[i] > score[best])) {
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      pick[best] = true;
      picked++;
    }
    if (picked == 0) {
      // matched only through the topic: the opening sentences state the key idea
      for (int i = 0, n = 0; i < sentences.size() && n < 2; i++) {
        if (!sentences.get(i).endsWith("?")) {
          pick[i] = true;
          n++;
        }
      }
    }
    // "This shared pair is a covalent bond" needs the sentence that says what "this" is
    for (int i = sentences.size() - 1; i > 0; i--) {
      if (pick[i]
          && !pick[i - 1]
          && startsDeictic(sentences.get(i))
          && !sentences.get(i - 1).endsWith("?")) {
        pick[i - 1] = true;
      }
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      if (pick[i]) {
        out.add(sentences.get(i));
      }
    }
    return out;
  }

  private static boolean startsDeictic(String sentence) {
    List<String> t = Text.tokens(sentence);
    return !t.isEmpty()
        && (DEICTIC.contains(t.get(0)) || t.get(0).equals("it") || t.get(0).equals("they"));
  }

  private static Set<String> stems(String words) {
    Set<String> out = new HashSet<>();
    for (String w : words.split(" ")) {
      out.add(Text.stem(w));
    }
    return Set.copyOf(out);
  }

  private static AiAnswer notKnown(double coverage) {
    return new AiAnswer(
        "I don't know this one from the platform's material, and I would rather not guess. "
            + "Please ask your tutor: they can answer it properly.",
        "I couldn't find this in the platform's material.",
        0.05 + 0.2 * coverage,
        0.0,
        NAME,
        false);
  }
}
