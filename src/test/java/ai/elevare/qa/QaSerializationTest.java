package ai.elevare.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.elevare.ai.Turn;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What the entity may keep in events or replies survives Jackson CBOR unchanged. */
class QaSerializationTest {

  private static final ActorTestKit KIT =
      ActorTestKit.create(
          "QaSerializationTest",
          ConfigFactory.parseString(
              """
              pekko.actor.allow-java-serialization = off
              pekko.actor.serialization-bindings {
                "ai.elevare.core.CborSerializable" = jackson-cbor
              }
              """));

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void resultsAndPreparedQuestionsRoundTrip() {
    QaService qa = new QaService();
    QaService.Prepared p =
        qa.prepare(
            "and what if it were 15?",
            null,
            List.of(new Turn("what is 20% of 80", "16", "math")),
            List.of("We practised percentages."));
    QaResult r = qa.declined(qa.prepare("Tell me a joke", null, List.of(), List.of()));
    assertEquals(p, KIT.serializationTestKit().verifySerialization(p, true));
    assertEquals(r, KIT.serializationTestKit().verifySerialization(r, true));
    assertEquals(
        r.confidence(), KIT.serializationTestKit().verifySerialization(r.confidence(), true));
  }
}
