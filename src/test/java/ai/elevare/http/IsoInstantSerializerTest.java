package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.elevare.core.IsoInstantSerializer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantSerializerTest {

  @Test
  void writesWhatInstantToStringWrites() {
    List<Instant> edges =
        List.of(
            Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(59, 999_999_999),
            Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("2024-02-29T12:00:00.120Z"), Instant.parse("2026-12-04T03:14:38.659251Z"),
            Instant.parse("1969-12-31T23:59:59.5Z"));
    for (Instant i : edges) assertEquals(i.toString(), new String(IsoInstantSerializer.format(i)), i.toString());
    SplittableRandom random = new SplittableRandom(42);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int k = 0; k < 200_000; k++) {
      int nano = switch (k % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant i = Instant.ofEpochSecond(random.nextLong(min, max + 1), nano);
      assertEquals(i.toString(), new String(IsoInstantSerializer.format(i)));
    }
  }

  @Test
  void yearsBeyondFourDigitsAreLeftToTheJdk() throws Exception {
    Instant far = Instant.parse("+10000-01-01T00:00:00Z");
    assertNull(IsoInstantSerializer.format(far));
    assertNull(IsoInstantSerializer.format(Instant.parse("-0001-12-31T23:59:59Z")));
    assertEquals("{\"at\":\"+10000-01-01T00:00:00Z\"}", Json.write(Map.of("at", far)));
  }

  @Test
  void responsesCarryTheSameTextAsBefore() throws Exception {
    record Sample(String studentId, Instant at, double rating, List<Double> scores) {}
    Sample s = new Sample("s-1", Instant.parse("2026-12-04T03:14:38.659Z"), 1234.5678, List.of(0.1, 1e-4, 2.0E7, -0.0));
    assertEquals(
        "{\"student_id\":\"s-1\",\"at\":\"2026-12-04T03:14:38.659Z\",\"rating\":1234.5678,\"scores\":[0.1,1.0E-4,2.0E7,-0.0]}",
        new String(Json.bytes(s), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(Json.write(s), new String(Json.bytes(s), java.nio.charset.StandardCharsets.UTF_8));
  }
}
