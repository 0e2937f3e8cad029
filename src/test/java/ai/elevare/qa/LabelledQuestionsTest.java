package ai.elevare.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.ai.AiAnswer;
import ai.elevare.ai.BankCorpus;
import ai.elevare.ai.Glossary;
import ai.elevare.ai.KnowledgeDoc;
import ai.elevare.ai.KnowledgeIndex;
import ai.elevare.ai.LocalProvider;
import ai.elevare.ai.Turn;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The labelled question set (labelled-questions.json: clear in-scope, not in the material,
 * ambiguous, out of scope, follow-ups, math with known answers) run through the real local provider
 * (the CAS and the item bank) and the Q&A logic. Each case checks the label, the escalation the
 * label implies, the follow-up verdict and, where given, the answer.
 */
class LabelledQuestionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, int[]> TALLY = new LinkedHashMap<>();

  record Case(
      String id,
      String kind,
      String conversation,
      String subject,
      String question,
      String label,
      boolean followUp,
      String answerContains,
      List<String> summaries,
      double minContextRelevance) {}

  record Outcome(Case c, QaService.Prepared prepared, QaResult result) {}

  static List<Case> cases() throws IOException {
    try (InputStream in =
        LabelledQuestionsTest.class.getResourceAsStream("labelled-questions.json")) {
      List<Case> out = new ArrayList<>();
      for (JsonNode n : JSON.readTree(in)) {
        List<String> summaries = new ArrayList<>();
        n.path("summaries").forEach(s -> summaries.add(s.asText()));
        out.add(
            new Case(
                n.get("id").asText(),
                n.get("kind").asText(),
                n.path("conversation").asText(null),
                n.path("subject").asText(null),
                n.get("question").asText(),
                n.get("label").asText(),
                n.path("follow_up").asBoolean(false),
                n.path("answer_contains").asText(null),
                summaries,
                n.path("min_context_relevance").asDouble(0)));
      }
      return out;
    }
  }

  @TestFactory
  Stream<DynamicTest> labelledSet() throws IOException {
    List<Case> cases = cases();
    assertTrue(cases.size() >= 60, "at least 60 labelled questions");
    // the material production answers from: the bank's explanations and the study glossary
    List<KnowledgeDoc> material = new ArrayList<>(BankCorpus.load());
    material.addAll(Glossary.load(HeldOutQuestionsTest.SUBJECTS));
    LocalProvider local =
        new LocalProvider(TestMath.engine(), KnowledgeIndex.build(material), Runnable::run);
    QaService qa = new QaService(Set.copyOf(HeldOutQuestionsTest.SUBJECTS), material);

    Map<String, List<Turn>> histories = new HashMap<>();
    List<Outcome> outcomes = new ArrayList<>();
    for (Case c : cases) {
      List<Turn> history =
          c.conversation() == null
              ? new ArrayList<>()
              : histories.computeIfAbsent(c.conversation(), k -> new ArrayList<>());
      QaService.Prepared p = qa.prepare(c.question(), c.subject(), history, c.summaries());
      QaResult r;
      if (p.needsAi()) {
        AiAnswer a = local.answerNow(p.prompt());
        r = qa.finish(p, a);
      } else {
        r = qa.declined(p);
      }
      history.add(QaService.turnOf(p, r));
      outcomes.add(new Outcome(c, p, r));
    }
    return outcomes.stream()
        .map(o -> DynamicTest.dynamicTest(o.c().id() + ": " + o.c().question(), () -> check(o)));
  }

  private static void check(Outcome o) {
    Case c = o.c();
    QaResult r = o.result();
    String why =
        c.id()
            + " ["
            + r.confidence().score()
            + " "
            + r.confidence().factors()
            + " "
            + o.prepared().analysis()
            + "] answer: "
            + r.answer();
    boolean ok = false;
    try {
      assertEquals(c.label(), r.confidence().label().wire(), "label of " + why);
      assertEquals(
          c.label().equals("low"), r.escalationRequired(), "escalation required of " + why);
      assertEquals(
          !c.label().equals("high"), r.escalationSuggested(), "escalation suggested of " + why);
      assertEquals(c.followUp(), r.followUp(), "follow-up verdict of " + why);
      if (c.kind().equals("out_of_scope")) {
        assertTrue(o.prepared().analysis().outOfScope(), "out of scope: " + why);
      }
      if (c.kind().equals("ambiguous")) {
        assertTrue(o.prepared().analysis().ambiguous(), "ambiguous: " + why);
      }
      if (c.answerContains() != null) {
        String want = c.answerContains().replace(" ", "");
        assertTrue(r.answer().replace(" ", "").replace("*", "").contains(want), "answer of " + why);
      }
      if (c.minContextRelevance() > 0) {
        assertTrue(
            r.confidence().factors().contextRelevance() >= c.minContextRelevance(),
            "context relevance of " + why);
      }
      ok = true;
    } finally {
      synchronized (TALLY) {
        int[] t = TALLY.computeIfAbsent(c.kind(), k -> new int[2]);
        t[0]++;
        if (ok) {
          t[1]++;
        }
      }
    }
  }

  @AfterAll
  static void report() {
    StringBuilder s = new StringBuilder("labelled Q&A set, correct per kind:");
    TALLY.forEach(
        (k, v) -> s.append(' ').append(k).append(' ').append(v[1]).append('/').append(v[0]));
    System.out.println(s);
  }
}
