package ai.elevare.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.ai.Turn;
import java.util.List;
import org.junit.jupiter.api.Test;

class FollowUpDetectorTest {

  private final FollowUpDetector detector = new FollowUpDetector();
  private final List<Turn> percent = List.of(new Turn("what is 20% of 80", "16", "math"));
  private final List<Turn> bonds =
      List.of(new Turn("What is a covalent bond?", "A shared pair of electrons.", "chemistry"));

  @Test
  void openersReasonsPronounsAndEllipsis() {
    for (String q :
        List.of(
            "and what if it were 15?",
            "what about ionic bonds?",
            "why?",
            "How come?",
            "Is it always true?",
            "15?",
            "what is assonance then?")) {
      FollowUpSignal s = detector.detect(q, bonds);
      assertTrue(s.followUp(), q + " " + s);
      assertEquals(bonds.get(0), s.anchor());
    }
  }

  @Test
  void selfContainedQuestionsAreNotFollowUpsEvenOnTheSameTopic() {
    for (String q :
        List.of(
            "What is 30% of 50?",
            "What is an ionic bond between sodium and chlorine?",
            "What is a cell?",
            "Can you help me?",
            "Solve 2x + 3 = 7")) {
      assertFalse(detector.detect(q, percent).followUp(), q);
      assertFalse(detector.detect(q, bonds).followUp(), q);
    }
  }

  @Test
  void noHistoryNoFollowUp() {
    assertFalse(detector.detect("and what if it were 15?", List.of()).followUp());
  }

  @Test
  void overlapWithTheLastTurnIsEvidence() {
    FollowUpSignal s = detector.detect("and the electrons?", bonds);
    assertTrue(s.cues().contains("overlap"), s.toString());
    assertTrue(s.score() > 0.6);
  }
}
