package ai.elevare.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.qa.Confidence.Factors;
import ai.elevare.qa.Confidence.Label;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ConfidenceCalculatorTest {

  @Test
  void weightsAreThoseOfTheSpecification() {
    assertEquals(
        0.4, ConfidenceCalculator.compute(new Factors(1, 0, 0, 0), false, false).score(), 1e-9);
    assertEquals(
        0.3, ConfidenceCalculator.compute(new Factors(0, 1, 0, 0), false, false).score(), 1e-9);
    assertEquals(
        0.2, ConfidenceCalculator.compute(new Factors(0, 0, 1, 0), false, false).score(), 1e-9);
    assertEquals(
        0.1, ConfidenceCalculator.compute(new Factors(0, 0, 0, 1), false, false).score(), 1e-9);
    assertEquals(
        0.4 * 0.9 + 0.3 * 0.6 + 0.2 * 0.8 + 0.1 * 0.5,
        ConfidenceCalculator.compute(new Factors(0.9, 0.6, 0.8, 0.5), false, false).score(),
        1e-9);
  }

  @Test
  void thresholdsSplitTheLabels() {
    assertEquals(
        Label.HIGH,
        ConfidenceCalculator.compute(new Factors(0.75, 0.75, 0.75, 0.75), false, false).label());
    assertEquals(
        Label.MEDIUM,
        ConfidenceCalculator.compute(new Factors(0.74, 0.74, 0.74, 0.74), false, false).label());
    assertEquals(
        Label.MEDIUM,
        ConfidenceCalculator.compute(new Factors(0.5, 0.5, 0.5, 0.5), false, false).label());
    assertEquals(
        Label.LOW,
        ConfidenceCalculator.compute(new Factors(0.49, 0.49, 0.49, 0.49), false, false).label());
  }

  @Test
  void guardsKeepTheLabelHonest() {
    Factors fluent = new Factors(1.0, 1.0, 1.0, 1.0);
    assertEquals(Label.LOW, ConfidenceCalculator.compute(fluent, true, false).label());
    assertEquals(Label.MEDIUM, ConfidenceCalculator.compute(fluent, false, true).label());
    Factors unsure = new Factors(0.1, 1.0, 1.0, 1.0);
    assertEquals(0.64, ConfidenceCalculator.compute(unsure, false, false).score(), 1e-9);
    assertEquals(Label.LOW, ConfidenceCalculator.compute(unsure, false, false).label());
  }

  @Test
  void factorsAreClampedToTheUnitInterval() {
    Confidence c =
        ConfidenceCalculator.compute(new Factors(1.7, -2, Double.NaN, 0.5), false, false);
    assertEquals(new Factors(1.0, 0.0, 0.0, 0.5), c.factors());
  }

  @Test
  void policyPerLabel() {
    assertEquals(new ResponsePolicy(true, false, false, false), ResponsePolicy.of(Label.HIGH));
    assertEquals(new ResponsePolicy(true, true, true, false), ResponsePolicy.of(Label.MEDIUM));
    ResponsePolicy low = ResponsePolicy.of(Label.LOW);
    assertFalse(low.fullAnswer());
    assertTrue(low.escalationRequired());
  }

  @Test
  void labelsTravelInLowerCase() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertEquals("\"medium\"", json.writeValueAsString(Label.MEDIUM));
    assertEquals(Label.HIGH, json.readValue("\"high\"", Label.class));
  }

  @Test
  void theAnswerersOwnWordCannotCarryTheLabel() {
    // a model talked into "sure and complete" about a question our material barely touches
    Confidence talkedUp = ConfidenceCalculator.compute(new Factors(1, 0.3, 0.9, 1), false, false);
    assertTrue(talkedUp.score() >= ConfidenceCalculator.HIGH, "the sum alone would say high");
    assertEquals(Label.MEDIUM, talkedUp.label(), "independent evidence 0.54 < 0.6: at most medium");
    Confidence nothing = ConfidenceCalculator.compute(new Factors(1, 0, 0.6, 1), false, false);
    assertTrue(nothing.score() >= ConfidenceCalculator.MEDIUM, "the sum alone would say medium");
    assertEquals(Label.LOW, nothing.label(), "no material and a vague question: escalation stays required");
    assertTrue(ResponsePolicy.of(nothing.label()).escalationRequired());
    assertEquals(Label.HIGH, ConfidenceCalculator.compute(new Factors(0.9, 0.8, 0.9, 0.9), false, false).label(),
        "with our own evidence behind it a sure answer is still high");
  }
}
