package ai.elevare.summary;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading what models send back: lenient in shape, strict in substance. */
class SummaryJsonTest {

  @Test
  void theCanonicalShapeRoundTrips() {
    SummaryContent c = new SummaryContent("First paragraph.\n\nSecond one.", List.of("mole ratio"), List.of("Do problems 1 to 5."));
    assertEquals(c, SummaryJson.parse(SummaryJson.write(c)));
  }

  @Test
  void fencesSynonymsObjectsAndBulletsAreTolerated() {
    String answer =
        """
        Here is the summary:
        ```json
        {"summary": "- Worked on the quadratic formula\\n- Practised completing the square",
         "topics": [{"name": "quadratic formula"}, "completing the square", "quadratic formula"],
         "nextSteps": "1. Do worksheet B\\n2. Review the discriminant"}
        ```
        """;
    SummaryContent c = SummaryJson.parse(answer);
    assertEquals("Worked on the quadratic formula Practised completing the square.", c.narrative());
    assertEquals(List.of("quadratic formula", "completing the square"), c.keyTopics());
    assertEquals(List.of("Do worksheet B", "Review the discriminant"), c.nextSteps());
  }

  @Test
  void paragraphsAsAListBecomeProse() {
    SummaryContent c = SummaryJson.parse("{\"narrative\": [\"One\", \"Two.\"], \"key_topics\": [\"x\"], \"next_steps\": []}");
    assertEquals("One.\n\nTwo.", c.narrative());
  }

  @Test
  void noNarrativeOrNoTopicsOrNoJsonIsUnusable() {
    assertThrows(IllegalArgumentException.class, () -> SummaryJson.parse("I cannot help with that."));
    assertThrows(IllegalArgumentException.class, () -> SummaryJson.parse("{\"narrative\": \"\", \"key_topics\": [\"a\"]}"));
    assertThrows(IllegalArgumentException.class, () -> SummaryJson.parse("{\"narrative\": \"Text.\", \"key_topics\": []}"));
    assertThrows(IllegalArgumentException.class, () -> SummaryJson.parse("{\"narrative\": \"Text.\", "));
  }
}
