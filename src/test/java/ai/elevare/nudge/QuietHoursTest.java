package ai.elevare.nudge;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {
  private static final QuietHours NIGHT = QuietHours.parse("21:00-08:00");

  @Test
  void parsesWindowsAndOff() {
    assertEquals(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)), NIGHT);
    assertNull(QuietHours.parse("off"));
    assertNull(QuietHours.parse(" OFF "));
    assertNull(QuietHours.parse(""));
    assertThrows(IllegalArgumentException.class, () -> QuietHours.parse("21:00"));
    assertThrows(IllegalArgumentException.class, () -> QuietHours.parse("25:00-08:00"));
    assertThrows(IllegalArgumentException.class, () -> QuietHours.parse("08:00-08:00"));
  }

  @Test
  void windowAcrossMidnightContainsBothSides() {
    assertTrue(NIGHT.contains(LocalTime.of(21, 0)));
    assertTrue(NIGHT.contains(LocalTime.of(23, 59)));
    assertTrue(NIGHT.contains(LocalTime.MIDNIGHT));
    assertTrue(NIGHT.contains(LocalTime.of(7, 59)));
    assertFalse(NIGHT.contains(LocalTime.of(8, 0)));
    assertFalse(NIGHT.contains(LocalTime.of(20, 59)));
  }

  @Test
  void daytimeWindow() {
    QuietHours lunch = QuietHours.parse("12:00-13:30");
    assertTrue(lunch.contains(LocalTime.of(12, 0)));
    assertFalse(lunch.contains(LocalTime.of(13, 30)));
    ZoneId utc = ZoneId.of("UTC");
    assertEquals(
        Instant.parse("2026-06-01T13:30:00Z"), lunch.nextAllowed(Instant.parse("2026-06-01T12:10:00Z"), utc));
    Instant free = Instant.parse("2026-06-01T14:00:00Z");
    assertEquals(free, lunch.nextAllowed(free, utc));
  }

  @Test
  void eveningWaitsForTomorrowMorningInTheStudentsZone() {
    ZoneId berlin = ZoneId.of("Europe/Berlin"); // UTC+2 in June
    // 22:30 in Berlin -> 08:00 Berlin next day = 06:00Z
    assertEquals(
        Instant.parse("2026-06-02T06:00:00Z"),
        NIGHT.nextAllowed(Instant.parse("2026-06-01T20:30:00Z"), berlin));
    // 03:00 in Berlin -> 08:00 the same day
    assertEquals(
        Instant.parse("2026-06-02T06:00:00Z"),
        NIGHT.nextAllowed(Instant.parse("2026-06-02T01:00:00Z"), berlin));
    // the same instant is 21:00 in New York (quiet) but 03:00 in Berlin (quiet) and 10:00 in Tokyo (free)
    Instant t = Instant.parse("2026-06-02T01:00:00Z");
    assertEquals(Instant.parse("2026-06-02T12:00:00Z"), NIGHT.nextAllowed(t, ZoneId.of("America/New_York")));
    assertEquals(t, NIGHT.nextAllowed(t, ZoneId.of("Asia/Tokyo")));
  }

  @Test
  void fallBackNightIsAnHourLonger() {
    // New York leaves daylight time on 2026-11-01 at 02:00 EDT: 08:00 that morning is EST (UTC-5).
    ZoneId ny = ZoneId.of("America/New_York");
    Instant evening = Instant.parse("2026-11-01T02:00:00Z"); // 22:00 EDT on Oct 31
    assertEquals(Instant.parse("2026-11-01T13:00:00Z"), NIGHT.nextAllowed(evening, ny));
  }

  @Test
  void springForwardGapMovesTheEndLater() {
    // Berlin skips 02:00-03:00 on 2026-03-29; a window ending at 02:30 ends at 03:30 CEST = 01:30Z.
    QuietHours q = QuietHours.parse("01:00-02:30");
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    Instant inside = Instant.parse("2026-03-29T00:30:00Z"); // 01:30 CET
    Instant end = q.nextAllowed(inside, berlin);
    assertEquals(Instant.parse("2026-03-29T01:30:00Z"), end);
    assertTrue(end.isAfter(inside));
    assertFalse(q.contains(end.atZone(berlin).toLocalTime()));
  }
}
