package ai.elevare.telemetry;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The entity wrapper on a plain actor: it counts the actor running and stopped, and the request id
 * a message carries is in the MDC while that message is handled, and gone afterwards.
 */
class EntityTelemetryTest {
  private static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** "rid:abc" carries request id "abc"; the reply is what the MDC held while handling it. */
  private record Msg(String text, ActorRef<String> replyTo) {}

  private static Behavior<Msg> echoMdc() {
    return Behaviors.receiveMessage(
        m -> {
          String id = MDC.get(EntityTelemetry.REQUEST_ID);
          m.replyTo().tell(id == null ? "none" : id);
          return Behaviors.same();
        });
  }

  @Test
  void countsTheActorAndPutsTheRequestIdInTheMdcForItsMessageOnly() {
    EntityMetrics metrics = EntityMetrics.of(kit.system(), "test_entity");
    ActorRef<Msg> ref =
        kit.spawn(
            EntityTelemetry.wrap(
                Msg.class, metrics, m -> m.text().startsWith("rid:") ? m.text().substring(4) : null, echoMdc()));
    TestProbe<String> probe = kit.createTestProbe();

    ref.tell(new Msg("rid:req-1", probe.ref()));
    assertEquals("req-1", probe.receiveMessage());
    ref.tell(new Msg("plain", probe.ref()));
    assertEquals("none", probe.receiveMessage(), "the id does not leak into the next message");

    Scrape running = new Scrape(Telemetry.get(kit.system()).registry().scrape());
    assertEquals(1.0, running.sum("elevare_entities_active", "type", "test_entity"));

    // stopped from outside, as sharding passivates an idle entity
    kit.stop(ref, Duration.ofSeconds(3));
    probe.awaitAssert(
        () -> {
          Scrape after = new Scrape(Telemetry.get(kit.system()).registry().scrape());
          assertEquals(0.0, after.sum("elevare_entities_active", "type", "test_entity"));
          assertEquals(1.0, after.sum("elevare_entity_passivations_total", "type", "test_entity"));
          return null;
        });
  }

  /** "later" comes back to the actor through a timer, as an AI call's deadline does. */
  private static Behavior<Msg> echoMdcLater() {
    return Behaviors.withTimers(
        timers ->
            Behaviors.receiveMessage(
                m -> {
                  if (m.text().equals("later")) {
                    timers.startSingleTimer(new Msg("now", m.replyTo()), Duration.ofMillis(10));
                  } else {
                    String id = MDC.get(EntityTelemetry.REQUEST_ID);
                    m.replyTo().tell(id == null ? "none" : id);
                  }
                  return Behaviors.same();
                }));
  }

  @Test
  void aChildWithARequestIdLogsItOnEveryMessageTimersToo() {
    TestProbe<String> probe = kit.createTestProbe();
    ActorRef<Msg> child = kit.spawn(EntityTelemetry.withRequestId("req-7", echoMdcLater()));
    child.tell(new Msg("anything", probe.ref()));
    assertEquals("req-7", probe.receiveMessage());
    child.tell(new Msg("later", probe.ref()));
    assertEquals("req-7", probe.receiveMessage(), "a timer's message carries the id too");
    ActorRef<Msg> plain = kit.spawn(EntityTelemetry.withRequestId(null, echoMdc()));
    plain.tell(new Msg("anything", probe.ref()));
    assertEquals("none", probe.receiveMessage());
  }
}
