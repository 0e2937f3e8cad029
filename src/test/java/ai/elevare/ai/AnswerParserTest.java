package ai.elevare.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AnswerParserTest {

  @Test
  void readsTheFourFields() {
    AiAnswer a =
        AnswerParser.parse(
            "{\"answer\":\"x = 2\",\"overview\":\"A linear"
                + " equation.\",\"self_assessment\":0.9,\"completeness\":0.8}",
            "openai");
    assertEquals("x = 2", a.answer());
    assertEquals("A linear equation.", a.overview());
    assertEquals(0.9, a.selfAssessment(), 1e-9);
    assertEquals(0.8, a.completeness(), 1e-9);
    assertEquals("openai", a.provider());
  }

  @Test
  void toleratesFencesPercentagesNumericStringsAndAMissingOverview() {
    AiAnswer a =
        AnswerParser.parse(
            "```json\n"
                + "{\"answer\":\"Water boils at 100 C. At sea"
                + " level.\",\"self_assessment\":\"85\",\"completeness\":\"70%\"}\n"
                + "```",
            "openai");
    assertEquals(0.85, a.selfAssessment(), 1e-9);
    assertEquals(0.7, a.completeness(), 1e-9);
    assertEquals("Water boils at 100 C.", a.overview());
  }

  @Test
  void missingCompletenessCountsAsHalf() {
    assertEquals(
        0.5,
        AnswerParser.parse("{\"answer\":\"a\",\"self_assessment\":1}", "x").completeness(),
        1e-9);
  }

  @Test
  void rejectsWhatCannotBeTrusted() {
    for (String bad :
        new String[] {
          "",
          "not json",
          "[1,2]",
          "{\"answer\":\"\",\"self_assessment\":0.9}",
          "{\"answer\":\"a\"}",
          "{\"answer\":\"a\",\"self_assessment\":\"very\"}",
          "{\"answer\":\"a\",\"self_assessment\":150}",
          "{\"answer\":42,\"self_assessment\":0.5}"
        }) {
      AiFailure f = assertThrows(AiFailure.class, () -> AnswerParser.parse(bad, "openai"), bad);
      assertEquals(AiFailure.Kind.MALFORMED, f.kind(), bad);
    }
  }
}
