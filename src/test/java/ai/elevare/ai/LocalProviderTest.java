package ai.elevare.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The local provider over the real item bank: retrieval, summaries, honesty, other tasks. */
class LocalProviderTest {

  private static final LocalProvider LOCAL =
      new LocalProvider(MathEngine.none(), KnowledgeIndex.build(BankCorpus.load()), Runnable::run);

  @Test
  void answersFromTheItemBankWithItsSource() {
    AiAnswer a = LOCAL.answerNow(QaPrompt.of("What does an ammeter measure?", "physics"));
    assertTrue(a.answer().contains("ammeter"), a.answer());
    assertTrue(a.answer().contains("(From the explanation of a physics practice item"), a.answer());
    assertTrue(a.selfAssessment() >= 0.7, "self " + a.selfAssessment());
    assertEquals("local", a.provider());
  }

  @Test
  void saysHonestlyWhenTheMaterialDoesNotCoverIt() {
    AiAnswer a = LOCAL.answerNow(QaPrompt.of("What is a black hole?", "physics"));
    assertTrue(a.answer().startsWith("I don't know"), a.answer());
    assertTrue(a.selfAssessment() < 0.2, "self " + a.selfAssessment());
    assertEquals(0.0, a.completeness());
  }

  @Test
  void answersFromTheStudentsOwnSessionSummaries() {
    QaPrompt p =
        new QaPrompt(
            "What did we say about the quadratic discriminant?",
            "math",
            List.of(),
            false,
            List.of(
                "We looked at the quadratic discriminant b^2 - 4ac: when it is negative the"
                    + " equation has no real roots."));
    AiAnswer a = LOCAL.answerNow(p);
    assertTrue(a.answer().contains("no real roots"), a.answer());
    assertTrue(a.answer().contains("tutoring session notes"), a.answer());
  }

  @Test
  void aCalculationItCannotDoIsNotAnsweredConfidentlyFromMaterial() {
    AiAnswer a = LOCAL.answerNow(QaPrompt.of("What is 12 divided by 4?", "math"));
    assertTrue(a.selfAssessment() <= 0.3, "self " + a.selfAssessment());
  }

  @Test
  void summarizesTranscriptsExtractivelyAndWritesNoNudges() {
    String transcript =
        "Tutor: Today we worked on balancing chemical equations. Student: I changed the subscripts"
            + " in the formulas. Tutor: When balancing equations, change only the coefficients in"
            + " front of the formulas. Tutor: We balanced the combustion of methane and then the"
            + " equations for rusting. Student: Thanks, see you.";
    String summary = LOCAL.complete(AiTask.SUMMARY, "", transcript).toCompletableFuture().join();
    assertTrue(summary.contains("balancing"), summary);
    assertTrue(
        transcript
            .replace("Tutor: ", "")
            .replace("Student: ", "")
            .contains(summary.split("\\. ")[0]),
        summary);
    CompletionException e =
        assertThrows(
            CompletionException.class,
            () -> LOCAL.complete(AiTask.NUDGE, "", "Ana").toCompletableFuture().join());
    assertEquals(
        AiFailure.Kind.UNSUPPORTED, assertInstanceOf(AiFailure.class, e.getCause()).kind());
  }
}
