package ai.elevare.qa;

import ai.elevare.ai.AiAnswer;
import ai.elevare.ai.KnowledgeDoc;
import ai.elevare.ai.QaPrompt;
import ai.elevare.ai.Turn;
import ai.elevare.core.CborSerializable;
import java.util.List;
import java.util.Set;

/**
 * The Q&A flow around the AI call, as two pure steps so the StudentEntity can run the call in a
 * child actor in between:
 *
 * <ol>
 *   <li>{@link #prepare}: follow-up detection over the last 3 turns, query analysis, context
 *       relevance, and the prompt for the gateway; {@link Prepared#needsAi()} is false for
 *       out-of-scope questions, which {@link #declined} answers without any model;
 *   <li>{@link #finish}: the confidence from the four factors, the label and what the student is
 *       shown.
 * </ol>
 */
public final class QaService {

  /** Turns of history the prompt carries (the entity stores 10). */
  public static final int CONTEXT_TURNS = 3;

  /**
   * The question, analysed and ready for the gateway.
   *
   * @param prompt what to send to {@code AiGateway.answer} (or {@code AiCall.answer})
   * @param needsAi false when the question is out of scope: call {@link #declined} instead
   */
  public record Prepared(
      String question,
      QueryAnalysis analysis,
      FollowUpSignal followUp,
      double contextRelevance,
      QaPrompt prompt,
      boolean needsAi)
      implements CborSerializable {}

  private final QueryAnalyzer analyzer;
  private final FollowUpDetector followUps = new FollowUpDetector();
  private final String subjectsInWords;

  /** The five subjects, recognised by the built-in lexicon only. */
  public QaService() {
    this(Set.copyOf(SubjectLexicon.ALL), List.of());
  }

  /**
   * @param platformSubjects the subject ids the platform teaches
   * @param material the item bank as documents (the same the local provider searches): its words
   *     teach the analyzer which subject a question is about
   */
  public QaService(Set<String> platformSubjects, List<KnowledgeDoc> material) {
    this.analyzer = new QueryAnalyzer(platformSubjects, SubjectVocabulary.build(material));
    List<String> names =
        SubjectLexicon.ALL.stream()
            .filter(platformSubjects::contains)
            .map(s -> s.equals("english") ? "English" : s)
            .toList();
    this.subjectsInWords =
        names.size() <= 1
            ? String.join("", names)
            : String.join(", ", names.subList(0, names.size() - 1))
                + " or "
                + names.get(names.size() - 1);
  }

  /**
   * @param declaredSubject the subject the student picked, or null
   * @param history the stored turns, oldest first (only the last 3 are used)
   * @param summaries the student's session summary narratives, possibly empty
   */
  public Prepared prepare(
      String question, String declaredSubject, List<Turn> history, List<String> summaries) {
    String q = question == null ? "" : question.strip();
    List<Turn> all = history == null ? List.of() : history;
    List<Turn> recent =
        all.size() <= CONTEXT_TURNS
            ? List.copyOf(all)
            : List.copyOf(all.subList(all.size() - CONTEXT_TURNS, all.size()));
    List<String> notes = summaries == null ? List.of() : List.copyOf(summaries);
    FollowUpSignal followUp = followUps.detect(q, recent);
    QueryAnalysis analysis = analyzer.analyze(q, declaredSubject, followUp);
    double relevance = ContextRelevance.score(q, analysis, followUp, recent, notes);
    QaPrompt prompt = new QaPrompt(q, analysis.subject(), recent, followUp.followUp(), notes);
    return new Prepared(q, analysis, followUp, relevance, prompt, !analysis.outOfScope());
  }

  /** The reply for a question that no model should answer (out of scope). */
  public QaResult declined(Prepared p) {
    String text =
        "That doesn't look like a question about "
            + subjectsInWords
            + ", so I won't guess at it here. If it is about your studies, try asking it with a "
            + "bit more detail, or ask your tutor.";
    return finish(p, new AiAnswer(text, text, 0.0, 0.0, "local", false));
  }

  /** Scores {@code answer} and decides what the student sees. */
  public QaResult finish(Prepared p, AiAnswer answer) {
    Confidence confidence =
        ConfidenceCalculator.compute(
            new Confidence.Factors(
                answer.selfAssessment(),
                p.contextRelevance(),
                p.analysis().clarity(),
                answer.completeness()),
            p.analysis().outOfScope(),
            p.analysis().ambiguous());
    ResponsePolicy policy = ResponsePolicy.of(confidence.label());
    String overview = answer.overview().isBlank() ? firstLine(answer.answer()) : answer.overview();
    String shown;
    if (!policy.fullAnswer()) {
      // an off-topic question gets the polite refusal alone: "not confident" would be beside the
      // point
      shown =
          p.analysis().outOfScope() ? overview : overview + "\n\n" + ResponsePolicy.ESCALATION_NOTE;
    } else if (policy.disclaimer()) {
      shown = answer.answer() + "\n\n" + ResponsePolicy.DISCLAIMER;
    } else {
      shown = answer.answer();
    }
    return new QaResult(
        shown,
        overview,
        confidence,
        policy.escalationSuggested(),
        policy.escalationRequired(),
        p.followUp().followUp(),
        answer.provider(),
        answer.fallback(),
        p.analysis().subject());
  }

  /** The turn to store for this exchange: the student's words, the answer shown, the subject. */
  public static Turn turnOf(Prepared p, QaResult r) {
    return new Turn(p.question(), r.answer(), r.subject());
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
