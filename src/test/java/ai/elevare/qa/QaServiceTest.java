package ai.elevare.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.ai.AiAnswer;
import ai.elevare.ai.Turn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QaServiceTest {

  private final QaService qa = new QaService();

  @Test
  void thePromptCarriesTheLastThreeTurnsAndTheSummaries() {
    List<Turn> history = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      history.add(new Turn("question " + i, "answer " + i, "math"));
    }
    QaService.Prepared p =
        qa.prepare("Solve 2x + 3 = 7", "math", history, List.of("We did equations."));
    assertEquals(List.of(history.get(7), history.get(8), history.get(9)), p.prompt().context());
    assertEquals(List.of("We did equations."), p.prompt().summaries());
    assertEquals("math", p.prompt().subject());
    assertTrue(p.needsAi());
  }

  @Test
  void highShowsTheAnswerMediumAddsADisclaimerLowOnlyTheOverview() {
    QaService.Prepared p = qa.prepare("Solve 2x + 3 = 7", null, List.of(), List.of());
    QaResult high =
        qa.finish(p, new AiAnswer("x = 2", "A linear equation.", 0.95, 1.0, "openai", false));
    assertEquals("high", high.confidence().label().wire());
    assertEquals("x = 2", high.answer());
    assertFalse(high.escalationSuggested());

    QaResult medium =
        qa.finish(p, new AiAnswer("x = 2", "A linear equation.", 0.5, 0.6, "openai", false));
    assertEquals("medium", medium.confidence().label().wire());
    assertTrue(
        medium.answer().startsWith("x = 2") && medium.answer().endsWith(ResponsePolicy.DISCLAIMER));
    assertTrue(medium.escalationSuggested());
    assertFalse(medium.escalationRequired());

    QaResult low = qa.finish(p, AiAnswer.unavailable());
    assertEquals("low", low.confidence().label().wire());
    assertFalse(low.answer().contains("x = 2"));
    assertTrue(low.answer().startsWith(AiAnswer.unavailable().overview()));
    assertTrue(low.escalationRequired());
    assertEquals("none", low.provider());
    assertTrue(low.fallback());
  }

  @Test
  void outOfScopeNeedsNoModelAndIsDeclinedWithEscalation() {
    QaService.Prepared p = qa.prepare("Tell me a joke", null, List.of(), List.of());
    assertFalse(p.needsAi());
    QaResult r = qa.declined(p);
    assertEquals("low", r.confidence().label().wire());
    assertTrue(r.escalationRequired());
    assertTrue(r.answer().contains("math, chemistry, physics, biology or English"), r.answer());
  }

  @Test
  void summariesRaiseContextRelevance() {
    String q = "How does pressure shift an equilibrium?";
    double without = qa.prepare(q, null, List.of(), List.of()).contextRelevance();
    double with =
        qa.prepare(q, null, List.of(), List.of("We revised how pressure shifts an equilibrium."))
            .contextRelevance();
    assertEquals(0.6, without, 1e-9);
    assertTrue(with > 0.9, "with summaries " + with);
  }
}
