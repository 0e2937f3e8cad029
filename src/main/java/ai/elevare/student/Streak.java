package ai.elevare.student;

import java.time.LocalDate;

/**
 * The one streak rule, used by the entity and by every read model that shows a streak: practice
 * on consecutive days (in the student's own time zone) grows it, and it lapses once a whole day
 * passes without practice.
 */
public record Streak(int days, LocalDate lastDay) {
  public static final Streak NONE = new Streak(0, null);

  /** The streak after practising on {@code day}; an answer dated before the last day keeps it. */
  public Streak after(LocalDate day) {
    int next;
    if (lastDay == null || day.isAfter(lastDay.plusDays(1))) next = 1;
    else if (day.equals(lastDay.plusDays(1))) next = days + 1;
    else next = Math.max(days, 1);
    return new Streak(next, lastDay == null || day.isAfter(lastDay) ? day : lastDay);
  }

  /** The streak as shown on {@code today}: 0 once a whole day passed without practice. */
  public int asOf(LocalDate today) {
    if (lastDay == null) return 0;
    return lastDay.isBefore(today.minusDays(1)) ? 0 : days;
  }
}
