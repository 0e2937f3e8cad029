package ai.elevare.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When a tutor's dashboard flags a student (after MATHia's LiveLab): their rating in a subject
 * fell over their last {@code window} answers in it by more than {@code dropThreshold} points, or
 * they have done nothing themselves for more than {@code inactiveDays} days. Pure: the facts come
 * from the read models, the time from the caller.
 */
public record AtRiskRule(int window, double dropThreshold, int inactiveDays) {
  public static final AtRiskRule DEFAULT = new AtRiskRule(5, 40, 7);

  public AtRiskRule {
    if (window < 1) throw new IllegalArgumentException("window must be at least 1");
    if (dropThreshold < 0) throw new IllegalArgumentException("dropThreshold must not be negative");
    if (inactiveDays < 1) throw new IllegalArgumentException("inactiveDays must be at least 1");
  }

  /**
   * The net rating change from a student's last answers in a subject: the sum of each answer's
   * change, so a tutor's override between them does not count as the student's fall.
   */
  public record Trend(String subject, double change, int answers) {}

  /** Why a student is at risk; {@code kind} is "rating_drop" (with a subject) or "inactive". */
  public record Reason(String kind, String subject, String message) {}

  public List<Reason> evaluate(Instant lastActivity, List<Trend> trends, Instant now) {
    List<Reason> reasons = new ArrayList<>();
    for (Trend t : trends) {
      // Only a full window: a single early slip of a new student is not a trend.
      if (t.answers() >= window && t.change() < -dropThreshold) {
        reasons.add(
            new Reason(
                "rating_drop", t.subject(),
                String.format(
                    Locale.ROOT, "%s rating fell %d points over the last %d answers.",
                    capitalize(t.subject()), Math.round(-t.change()), t.answers())));
      }
    }
    if (lastActivity == null) {
      reasons.add(new Reason("inactive", null, "No activity yet."));
    } else if (lastActivity.isBefore(now.minus(Duration.ofDays(inactiveDays)))) {
      long days = Duration.between(lastActivity, now).toDays();
      LocalDate lastDay = LocalDate.ofInstant(lastActivity, ZoneOffset.UTC);
      reasons.add(
          new Reason("inactive", null, "Inactive for " + days + " days (last active " + lastDay + ")."));
    }
    return reasons;
  }

  private static String capitalize(String s) {
    return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
