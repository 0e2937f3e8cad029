package ai.elevare.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;

/**
 * Writes an immutable value that responses send again and again as the JSON of its first write,
 * kept per instance (weak keys compare by identity; at most {@code maximumSize} instances).
 * {@code plain} writes that first JSON, so the bytes are the same as without the cache.
 */
final class RepeatedJson<T> extends StdSerializer<T> {
  private final transient ObjectMapper plain;
  private final transient Cache<T, SerializableString> written;

  RepeatedJson(Class<T> type, ObjectMapper plain, long maximumSize) {
    super(type);
    this.plain = plain;
    // maintenance in the caller: no hand-off to the common pool on the request path
    this.written = Caffeine.newBuilder().weakKeys().maximumSize(maximumSize).executor(Runnable::run).build();
  }

  @Override
  public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
    SerializableString json = written.getIfPresent(value);
    if (json == null) {
      json = new SerializedString(plain.writeValueAsString(value));
      written.put(value, json);
    }
    gen.writeRawValue(json);
  }
}
