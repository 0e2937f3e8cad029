package ai.elevare.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.ai.BankCorpus;
import ai.elevare.ai.Turn;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryAnalyzerTest {

  private static final QueryAnalyzer ANALYZER =
      new QueryAnalyzer(
          Set.of("math", "chemistry", "physics", "biology", "english"),
          SubjectVocabulary.build(BankCorpus.load()));

  private static QueryAnalysis analyze(String q) {
    return ANALYZER.analyze(q, null, FollowUpSignal.none());
  }

  @Test
  void detectsSubjectsFromLexiconFormulasAndTheBank() {
    assertEquals("math", analyze("Solve 2x + 3 = 7").subject());
    assertEquals("chemistry", analyze("What is a covalent bond?").subject());
    assertEquals("physics", analyze("What does an ammeter measure?").subject());
    assertEquals("biology", analyze("What are decomposers?").subject());
    assertEquals("english", analyze("What is a dangling modifier?").subject());
  }

  @Test
  void clearQuestionsAreClear() {
    QueryAnalysis a = analyze("Explain the difference between diffusion and active transport.");
    assertFalse(a.ambiguous());
    assertFalse(a.outOfScope());
    assertTrue(a.clarity() >= 0.9, "clarity " + a.clarity());
  }

  @Test
  void everydayTopicsAndNonQuestionsAreOutOfScope() {
    for (String q :
        List.of(
            "What's the weather like tomorrow?",
            "Tell me a joke",
            "hello",
            "asdfgh qwerty",
            "What is the capital of France?")) {
      QueryAnalysis a = analyze(q);
      assertTrue(a.outOfScope(), q);
      assertNull(a.subject(), q);
      assertTrue(a.clarity() <= 0.2, q + " clarity " + a.clarity());
    }
    // a declared subject does not make an off-topic question a study question
    assertTrue(
        ANALYZER
            .analyze("who is the best football player", "math", FollowUpSignal.none())
            .outOfScope());
  }

  @Test
  void vagueQuestionsAreAmbiguousWithLowClarity() {
    for (String q :
        List.of(
            "How does it work?",
            "Explain this",
            "help me with chemistry",
            "I don't understand",
            "photosynthesis")) {
      QueryAnalysis a = analyze(q);
      assertTrue(a.ambiguous(), q);
      assertFalse(a.outOfScope(), q);
      assertTrue(a.clarity() <= 0.45, q + " clarity " + a.clarity());
    }
  }

  @Test
  void aFollowUpBorrowsItsSubjectAndIsClearThroughItsAnchor() {
    Turn anchor = new Turn("What is 20% of 80?", "16", "math");
    QueryAnalysis a =
        ANALYZER.analyze(
            "and what if it were 15?",
            null,
            new FollowUpSignal(true, 1.0, anchor, List.of("opener")));
    assertEquals("math", a.subject());
    assertFalse(a.ambiguous());
    assertFalse(a.outOfScope());
    assertEquals(0.9, a.clarity(), 1e-9);
  }
}
