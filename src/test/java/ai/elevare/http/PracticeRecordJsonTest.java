package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.elevare.student.PracticeModule.PracticeRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON of a recent-practice record, the bulk of a progress response: the same bytes every time it is written. */
class PracticeRecordJsonTest {
  private static PracticeRecord record(int attempt, String topic) {
    return new PracticeRecord(
        "a-" + attempt, "biology", "item-\"" + attempt, topic, attempt % 2 == 0, false, attempt / 3.0,
        642.8685804274398, 637.9097282701705 + attempt, attempt, Instant.parse("2026-12-04T16:59:19.595362578Z"));
  }

  /** The expected text, field by field. */
  private static String plain(PracticeRecord r) {
    return "{\"assignment_id\":\"" + r.assignmentId() + "\",\"subject\":\"biology\",\"item_id\":\"item-\\\""
        + r.attempt() + "\",\"topic\":" + (r.topic() == null ? "null" : "\"" + r.topic() + "\"") + ",\"correct\":"
        + r.correct() + ",\"given_up\":false,\"score\":" + r.score() + ",\"rating_before\":642.8685804274398,"
        + "\"rating_after\":" + r.ratingAfter() + ",\"attempt\":" + r.attempt() + ",\"at\":\"2026-12-04T16:59:19.595362578Z\"}";
  }

  @Test
  void aRecordWrittenAgainHasTheBytesOfItsFirstWrite() throws Exception {
    List<PracticeRecord> recent = List.of(record(1, "ecology"), record(2, null), record(3, "cells é"));
    Map<String, Object> body = Map.of("recent_practice", recent, "xp", 7);
    String expected =
        "{\"recent_practice\":[" + plain(recent.get(0)) + "," + plain(recent.get(1)) + "," + plain(recent.get(2))
            + "],\"xp\":7}";
    ObjectMapper sorted = Json.MAPPER.copy().configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    assertEquals(expected, sorted.writeValueAsString(body), "first write");
    assertEquals(expected, sorted.writeValueAsString(body), "written again");
    assertEquals(expected, new String(sorted.writeValueAsBytes(body), StandardCharsets.UTF_8), "as bytes");
    // an equal record, another instance, gives the same text alone and in a list
    PracticeRecord copy = record(1, "ecology");
    assertEquals(plain(copy), Json.write(copy));
    assertEquals("[" + plain(copy) + "," + plain(copy) + "]", Json.write(List.of(copy, recent.get(0))));
  }
}
