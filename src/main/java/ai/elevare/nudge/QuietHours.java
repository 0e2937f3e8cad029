package ai.elevare.nudge;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * A daily window, in the student's own time zone, in which no nudge is sent; a nudge that falls in
 * it waits for the window's end. The window may cross midnight (21:00-08:00).
 *
 * @param start first quiet minute (inclusive)
 * @param end first minute nudges may go again (exclusive end of the window)
 */
public record QuietHours(LocalTime start, LocalTime end) {

  public QuietHours {
    if (start.equals(end)) {
      throw new IllegalArgumentException("quiet hours must not start and end at the same time");
    }
  }

  /** {@code "21:00-08:00"}; {@code "off"} (or blank) means none, answered as null. */
  public static QuietHours parse(String spec) {
    String s = spec == null ? "" : spec.trim();
    if (s.isEmpty() || s.equalsIgnoreCase("off")) {
      return null;
    }
    String[] parts = s.split("-");
    if (parts.length != 2) {
      throw new IllegalArgumentException("quiet hours must look like 21:00-08:00 or off, not " + spec);
    }
    try {
      return new QuietHours(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("quiet hours must look like 21:00-08:00 or off, not " + spec, e);
    }
  }

  public boolean contains(LocalTime t) {
    return start.isBefore(end)
        ? !t.isBefore(start) && t.isBefore(end)
        : !t.isBefore(start) || t.isBefore(end);
  }

  /**
   * {@code t} when it is outside the window, else the window's end in {@code zone}. When the end
   * falls into a daylight-saving gap, it moves forward by the gap's length (java.time's rule), so
   * the answer is always a real instant after {@code t}.
   */
  public Instant nextAllowed(Instant t, ZoneId zone) {
    ZonedDateTime local = t.atZone(zone);
    LocalTime lt = local.toLocalTime();
    if (!contains(lt)) {
      return t;
    }
    LocalDate day = local.toLocalDate();
    // Past midnight the window's end is today; before midnight (at or after start) it is tomorrow.
    boolean endsTomorrow = !start.isBefore(end) && !lt.isBefore(start);
    LocalDate endDay = endsTomorrow ? day.plusDays(1) : day;
    return ZonedDateTime.of(endDay, end, zone).toInstant();
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
