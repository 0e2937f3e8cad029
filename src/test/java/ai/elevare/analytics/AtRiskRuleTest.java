package ai.elevare.analytics;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.analytics.AtRiskRule.Reason;
import ai.elevare.analytics.AtRiskRule.Trend;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AtRiskRuleTest {
  private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
  private final AtRiskRule rule = AtRiskRule.DEFAULT;

  private List<String> kinds(Instant last, Trend... trends) {
    return rule.evaluate(last, List.of(trends), NOW).stream().map(Reason::kind).toList();
  }

  @Test
  void aFallOfMoreThanTheThresholdOverAFullWindowIsARisk() {
    assertEquals(List.of("rating_drop"), kinds(NOW, new Trend("math", -40.5, 5)));
    assertEquals(List.of(), kinds(NOW, new Trend("math", -40, 5)), "exactly the threshold is not more than it");
    assertEquals(List.of(), kinds(NOW, new Trend("math", 25, 5)));
    assertEquals(List.of(), kinds(NOW, new Trend("math", -200, 4)), "fewer answers than the window");
    Reason r = rule.evaluate(NOW, List.of(new Trend("physics", -61.4, 5)), NOW).get(0);
    assertEquals("physics", r.subject());
    assertEquals("Physics rating fell 61 points over the last 5 answers.", r.message());
  }

  @Test
  void inactivityCountsWholeDaysPastTheLimit() {
    assertEquals(List.of(), kinds(NOW.minus(Duration.ofDays(7))), "exactly 7 days is not more than 7");
    assertEquals(List.of("inactive"), kinds(NOW.minus(Duration.ofDays(7)).minusSeconds(1)));
    Reason r = rule.evaluate(Instant.parse("2025-02-28T16:00:00Z"), List.of(), NOW).get(0);
    assertEquals("Inactive for 9 days (last active 2025-02-28).", r.message());
    assertEquals("No activity yet.", rule.evaluate(null, List.of(), NOW).get(0).message());
  }

  @Test
  void everyReasonIsListedAndTheRuleIsConfigurable() {
    assertEquals(
        List.of("rating_drop", "rating_drop", "inactive"),
        kinds(NOW.minus(Duration.ofDays(30)), new Trend("math", -50, 5), new Trend("english", -41, 6)));
    AtRiskRule strict = new AtRiskRule(3, 10, 2);
    assertEquals(1, strict.evaluate(NOW, List.of(new Trend("math", -11, 3)), NOW).size());
    assertEquals(1, strict.evaluate(NOW.minus(Duration.ofDays(3)), List.of(), NOW).size());
    assertThrows(IllegalArgumentException.class, () -> new AtRiskRule(0, 40, 7));
    assertThrows(IllegalArgumentException.class, () -> new AtRiskRule(5, 40, 0));
  }
}
