package ai.elevare.nudge;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;

/**
 * The nudge rules' knobs ({@code elevare.nudges}).
 *
 * @param inactivityAfter no practice or Q&A for this long earns an inactivity nudge
 * @param minGap at most one nudge per student per this long, whatever its kind
 * @param quietHours when no nudge is sent in the student's zone; empty: any time
 * @param scanInterval how often the scanner looks for students whose nudge is due
 */
public record NudgeSettings(
    Duration inactivityAfter, Duration minGap, Optional<QuietHours> quietHours, Duration scanInterval) {

  public NudgeSettings {
    positive("inactivity-after", inactivityAfter);
    if (minGap.isNegative()) {
      throw new IllegalArgumentException("elevare.nudges.min-gap must not be negative");
    }
    positive("scan-interval", scanInterval);
  }

  public static NudgeSettings defaults() {
    return new NudgeSettings(
        Duration.ofDays(7),
        Duration.ofDays(1),
        Optional.of(QuietHours.parse("21:00-08:00")),
        Duration.ofMinutes(1));
  }

  /** Reads the {@code elevare.nudges} block. */
  public static NudgeSettings fromConfig(Config c) {
    return new NudgeSettings(
        c.getDuration("inactivity-after"),
        c.getDuration("min-gap"),
        Optional.ofNullable(QuietHours.parse(c.getString("quiet-hours"))),
        c.getDuration("scan-interval"));
  }

  public NudgeSettings withQuietHours(QuietHours q) {
    return new NudgeSettings(inactivityAfter, minGap, Optional.ofNullable(q), scanInterval);
  }

  public NudgeSettings withInactivityAfter(Duration d) {
    return new NudgeSettings(d, minGap, quietHours, scanInterval);
  }

  public NudgeSettings withMinGap(Duration d) {
    return new NudgeSettings(inactivityAfter, d, quietHours, scanInterval);
  }

  private static void positive(String key, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("elevare.nudges." + key + " must be positive");
    }
  }
}
