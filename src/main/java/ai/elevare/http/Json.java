package ai.elevare.http;

import ai.elevare.core.IsoInstantModule;
import ai.elevare.core.IsoInstantSerializer;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
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
  public static final ObjectMapper MAPPER =
      new ObjectMapper(JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build())
          .registerModule(new JavaTimeModule())
          .registerModule(new Jdk8Module())
          .registerModule(new BlackbirdModule())
          // after JavaTimeModule: the later registration wins
          .registerModule(new IsoInstantModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .setSerializationInclusion(JsonInclude.Include.ALWAYS);

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
