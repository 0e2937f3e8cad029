package ai.elevare.nudge;

import java.util.Locale;

/** Why a student is nudged. The wire name is what API.md, the nudges table and analytics show. */
public enum NudgeKind {
  /** No practice or Q&A for the inactivity period. */
  INACTIVITY,
  /** A goal was reached: suggest a related subject. */
  GOAL_COMPLETED,
  /** Strong in one subject, a related one never tried. */
  CROSS_SUBJECT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static NudgeKind fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
