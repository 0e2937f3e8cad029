package ai.elevare.http;

import ai.elevare.core.IsoInstantModule;
import ai.elevare.core.IsoInstantSerializer;
import ai.elevare.student.PracticeModule;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * The one JSON mapper of the HTTP layer: snake_case, ISO-8601 times, unknown fields ignored. Every
 * response goes through it, so it is tuned for speed: accessors called through generated code
 * (Blackbird) instead of reflection, doubles by Jackson's shortest-digits writer, instants
 * by {@link IsoInstantSerializer}; the values a client reads are the same.
 */
public final class Json {
  /**
   * The mapper without {@link #REPEATED}: how each repeated value is written the first time, so a
   * cached value has exactly the bytes it would have had.
   */
  private static final ObjectMapper PLAIN = configured();

  /**
   * Values that every read of a progress view sends again, unchanged: the recent practice records
   * (20 of them, most of a progress response's bytes). Each instance's JSON is written once and
   * copied after that; weak keys, so a record leaves with the entity state that holds it, and at
   * most 50,000 records (2,500 students' recent practice, about 35 MB at worst).
   */
  private static final RepeatedJson<PracticeModule.PracticeRecord> REPEATED =
      new RepeatedJson<>(PracticeModule.PracticeRecord.class, PLAIN, 50_000);

  public static final ObjectMapper MAPPER =
      configured().registerModule(new SimpleModule("repeated-json").addSerializer(REPEATED));

  private static ObjectMapper configured() {
    return new ObjectMapper(JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build())
        .registerModule(new JavaTimeModule())
        .registerModule(new Jdk8Module())
        .registerModule(new BlackbirdModule())
        // after JavaTimeModule: the later registration wins
        .registerModule(new IsoInstantModule())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .setSerializationInclusion(JsonInclude.Include.ALWAYS);
  }

  private Json() {}

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (Exception e) {
      throw new IllegalStateException("cannot serialise " + value.getClass(), e);
    }
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException("cannot serialise " + value.getClass(), e);
    }
  }
}
