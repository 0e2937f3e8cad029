package ai.elevare.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.ai.BankCorpus;
import ai.elevare.ai.Glossary;
import ai.elevare.ai.KnowledgeDoc;
import ai.elevare.ai.KnowledgeIndex;
import ai.elevare.ai.LocalProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cases through the real local provider and the confidence, with and without the glossary. */
class QaHonestyTest {

  private static QaResult ask(List<KnowledgeDoc> material, String subject, String question) {
    LocalProvider local =
        new LocalProvider(TestMath.engine(), KnowledgeIndex.build(material), Runnable::run);
    QaService qa = new QaService(Set.copyOf(HeldOutQuestionsTest.SUBJECTS), material);
    QaService.Prepared p = qa.prepare(question, subject, List.of(), List.of());
    return p.needsAi() ? qa.finish(p, local.answerNow(p.prompt())) : qa.declined(p);
  }

  private static List<KnowledgeDoc> withGlossary() {
    List<KnowledgeDoc> m = new ArrayList<>(BankCorpus.load());
    m.addAll(Glossary.load(HeldOutQuestionsTest.SUBJECTS));
    return m;
  }

  @Test
  void aPassageThatDoesNotCompareIsNeverAHighAnswerToADifferenceQuestion() {
    // the bank alone holds "Neutralisation: acid + base → salt + water." and no comparison
    QaResult bankOnly =
        ask(BankCorpus.load(), null, "What is the difference between an acid and a base?");
    assertNotEquals(Confidence.Label.HIGH, bankOnly.confidence().label(), bankOnly.answer());
  }

  @Test
  void theGlossaryAnswersTheDifferenceWithAComparison() {
    QaResult r = ask(withGlossary(), null, "What is the difference between an acid and a base?");
    assertEquals(Confidence.Label.HIGH, r.confidence().label(), r.answer());
    assertTrue(r.answer().contains("whereas a base accepts hydrogen ions"), r.answer());
  }

  @Test
  void iceFloatsIsAnsweredInChemistryAndStaysUnknownWithoutTheGlossary() {
    QaResult r = ask(withGlossary(), "chemistry", "Why does ice float on water?");
    assertNotEquals(Confidence.Label.LOW, r.confidence().label(), r.answer());
    assertTrue(r.answer().contains("less dense"), r.answer());
    QaResult before = ask(BankCorpus.load(), "chemistry", "Why does ice float on water?");
    assertNotEquals(Confidence.Label.HIGH, before.confidence().label(), before.answer());
  }

  @Test
  void whatTheGlossaryDoesNotHoldStaysLow() {
    QaResult r = ask(withGlossary(), "physics", "What is a black hole?");
    assertEquals(Confidence.Label.LOW, r.confidence().label(), r.answer());
    assertTrue(r.escalationRequired());
  }
}
