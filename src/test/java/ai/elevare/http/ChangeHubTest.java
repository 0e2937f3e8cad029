package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.student.StudentEntity.StudentChanged;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The dashboard streams' limits: slow clients, caps per user, token expiry and revocation. */
class ChangeHubTest {
  private static final ActorTestKit kit =
      ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"));
  private static final ChangeHub hub = new ChangeHub(kit.system());
  private static final Instant LATER = Instant.now().plus(Duration.ofHours(1));

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aClientThatStopsReadingDoesNotStallTheOthers() {
    String student = "s-slow";
    TestSubscriber.Probe<StudentChanged> stalled =
        hub.open("u-stalled", student, LATER).orElseThrow().runWith(TestSink.create(kit.system()), kit.system());
    TestSubscriber.Probe<StudentChanged> reader =
        hub.open("u-reader", student, LATER).orElseThrow().runWith(TestSink.create(kit.system()), kit.system());
    // A stream joins the hub asynchronously: each has joined once it has seen a change. The stalled
    // one then reads nothing more; before per-stream buffers it held the hub's buffer (256) full.
    stalled.request(1);
    awaitJoined(student, stalled);
    reader.request(Long.MAX_VALUE);
    awaitJoined(student, reader);
    int n = 600;
    for (int i = 0; i < n; i++) hub.publish(new StudentChanged(student, "practice", Instant.ofEpochMilli(i)));
    int seen = 0;
    long last = -1;
    while (seen < n) {
      StudentChanged c = reader.expectNext(Duration.ofSeconds(20));
      if (!c.kind().equals("practice")) continue; // a late warm-up change
      seen++;
      last = c.at().toEpochMilli();
    }
    assertEquals(n - 1, last, "the reading client got every change, in order");
    stalled.cancel();
    reader.cancel();
  }

  /** Publishes warm-up changes until {@code probe} (with demand) receives one. */
  private static void awaitJoined(String student, TestSubscriber.Probe<StudentChanged> probe) {
    for (int attempt = 0; attempt < 200; attempt++) {
      hub.publish(new StudentChanged(student, "warm-up", Instant.EPOCH));
      try {
        probe.expectNext(Duration.ofMillis(100));
        return;
      } catch (AssertionError notYet) {
        // not joined yet: publish another
      }
    }
    fail("the stream never joined the hub");
  }

  @Test
  void aUserHasAtMostFiveStreamsOnANode() throws Exception {
    List<CompletionStage<Done>> running = new ArrayList<>();
    for (int i = 0; i < ChangeHub.MAX_STREAMS_PER_USER; i++) {
      running.add(run(hub.open("u-many", "s-" + i, LATER).orElseThrow()).second());
    }
    awaitOpen("u-many", ChangeHub.MAX_STREAMS_PER_USER);
    assertTrue(hub.open("u-many", "s-x", LATER).isEmpty(), "a sixth is refused");
    assertTrue(hub.open("u-other", "s-x", LATER).isPresent(), "other users are not affected");
    hub.end("u-many", null);
    for (CompletionStage<Done> r : running) r.toCompletableFuture().get(10, TimeUnit.SECONDS);
    awaitOpen("u-many", 0);
    assertTrue(hub.open("u-many", "s-x", LATER).isPresent(), "closed streams free their places");
  }

  @Test
  void revokingALinkEndsOnlyThatStudentsStreams() throws Exception {
    Pair<NotUsed, CompletionStage<Done>> kept = run(hub.open("u-tutor", "s-kept", LATER).orElseThrow());
    Pair<NotUsed, CompletionStage<Done>> removed = run(hub.open("u-tutor", "s-removed", LATER).orElseThrow());
    awaitOpen("u-tutor", 2);
    hub.end("u-tutor", "s-removed");
    removed.second().toCompletableFuture().get(10, TimeUnit.SECONDS);
    awaitOpen("u-tutor", 1);
    assertFalse(kept.second().toCompletableFuture().isDone(), "the other student's stream stays open");
  }

  @Test
  void aStreamEndsWhenItsTokenExpires() throws Exception {
    CompletionStage<Done> done = run(hub.open("u-expiring", "s-e", Instant.now().plusMillis(300)).orElseThrow()).second();
    done.toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(hub.open("u-expiring", "s-e", Instant.now().minusSeconds(1)).isEmpty(), "an expired token opens nothing");
  }

  private static Pair<NotUsed, CompletionStage<Done>> run(Source<StudentChanged, NotUsed> s) {
    return s.toMat(Sink.ignore(), Keep.both()).run(kit.system());
  }

  private static void awaitOpen(String user, int n) {
    kit.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(n, hub.openStreams(user));
      return null;
    });
  }
}
