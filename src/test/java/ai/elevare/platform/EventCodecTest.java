package ai.elevare.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.student.StudentEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The CBOR mapper of events and snapshots, as serialization.conf configures it: Blackbird and the
 * instant writer are registered (every answer's event goes through them), and an instant is still
 * written as the ISO text events have always carried.
 */
class EventCodecTest {
  private static final ActorTestKit KIT =
      ActorTestKit.create(
          "EventCodecTest",
          ConfigFactory.parseResources("serialization.conf").withFallback(ConfigFactory.load()).resolve());

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void theEventMapperHasTheFastModules() {
    ObjectMapper cbor =
        JacksonObjectMapperProvider.get(KIT.system().classicSystem()).getOrCreate("jackson-cbor", Optional.empty());
    assertTrue(cbor.getRegisteredModuleIds().contains("com.fasterxml.jackson.module.blackbird.BlackbirdModule"),
        cbor.getRegisteredModuleIds().toString());
    // after JavaTimeModule, so its Instant serializer is the one used
    java.util.List<Object> ids = new java.util.ArrayList<>(cbor.getRegisteredModuleIds());
    assertTrue(ids.indexOf("iso-instant") > ids.indexOf("jackson-datatype-jsr310"), ids.toString());
    assertTrue(ids.indexOf("jackson-datatype-jsr310") >= 0, ids.toString());
  }

  @Test
  void anEventKeepsItsIsoInstantAndRoundTrips() throws Exception {
    Instant at = Instant.parse("2025-03-10T12:00:00.123Z");
    StudentEvent event = new StudentEvent.HintTaken("s-1", "a-1", 2, at);
    Serialization serialization = SerializationExtension.get(KIT.system().classicSystem());
    byte[] bytes = serialization.serialize(event).get();
    assertTrue(new String(bytes, StandardCharsets.ISO_8859_1).contains("2025-03-10T12:00:00.123Z"));
    var serializer = serialization.findSerializerFor(event);
    Object back =
        serialization
            .deserialize(bytes, serializer.identifier(), org.apache.pekko.serialization.Serializers.manifestFor(serializer, event))
            .get();
    assertEquals(event, back);
  }
}
