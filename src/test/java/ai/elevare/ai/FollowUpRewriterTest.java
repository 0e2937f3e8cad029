package ai.elevare.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FollowUpRewriterTest {

  private static List<Turn> after(String... questions) {
    return java.util.Arrays.stream(questions).map(q -> new Turn(q, "...", "math")).toList();
  }

  @Test
  void substitutesTheNumberOfTheSameKind() {
    assertEquals(
        "what is 15% of 80",
        FollowUpRewriter.candidates("and what if it were 15?", after("what is 20% of 80")).get(0));
    assertEquals(
        "what is 20% of 300",
        FollowUpRewriter.candidates("and what if it were 300?", after("what is 20% of 80")).get(0));
    assertEquals(
        "what is 20% of 15",
        FollowUpRewriter.candidates("what about of 15?", after("what is 20% of 80")).get(0));
    assertEquals(
        "what is 5% of 80",
        FollowUpRewriter.candidates("and 5%?", after("what is 20% of 80")).get(0));
  }

  @Test
  void replacesTheExpressionKeepingTheVerb() {
    assertEquals(
        "differentiate x^3",
        FollowUpRewriter.candidates("what about x^3?", after("differentiate x^2")).get(0));
    assertEquals(
        "Solve 3x + 5 = 11",
        FollowUpRewriter.candidates("what about 3x + 5 = 11?", after("Solve 2x + 3 = 7")).get(0));
    assertTrue(
        FollowUpRewriter.candidates("and 30% of 50?", after("what is 20% of 80"))
            .contains("what is 30% of 50"));
  }

  @Test
  void resolvesAChainOfFollowUpsThroughEarlierTurns() {
    List<Turn> context = after("Solve 2x + 3 = 7", "what about 3x + 5 = 11?");
    assertEquals("Solve 3x + 5 = 11", FollowUpRewriter.anchor(context));
    assertEquals(
        "Solve 3x + 5 = 20", FollowUpRewriter.candidates("and if it were 20?", context).get(0));
  }

  @Test
  void nothingToRewriteWithoutContextOrMath() {
    assertTrue(FollowUpRewriter.candidates("and what if it were 15?", List.of()).isEmpty());
    assertTrue(
        FollowUpRewriter.candidates("what about ionic bonds?", after("what is a covalent bond?"))
            .isEmpty());
  }

  @Test
  void recognisesRequestsForReasons() {
    assertTrue(FollowUpRewriter.asksWhy("why?"));
    assertTrue(FollowUpRewriter.asksWhy("How?"));
    assertTrue(FollowUpRewriter.asksWhy("can you show the steps"));
    assertFalse(FollowUpRewriter.asksWhy("why is the sky blue?"));
  }
}
