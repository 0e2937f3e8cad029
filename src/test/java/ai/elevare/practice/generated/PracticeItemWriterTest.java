package ai.elevare.practice.generated;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.ai.AiBreakers;
import ai.elevare.ai.AiRuntime;
import ai.elevare.ai.AiSettings;
import ai.elevare.ai.FakeOpenAiServer;
import ai.elevare.ai.FakeOpenAiServer.Reply;
import ai.elevare.ai.OpenAiProvider;
import ai.elevare.ai.RetryPolicy;
import ai.elevare.core.Jdbc;
import ai.elevare.practice.AnswerChecker;
import ai.elevare.practice.ItemCatalog;
import ai.elevare.practice.math.Cas;
import ai.elevare.practice.math.MathAnswerChecker;
import ai.elevare.testing.Eventually;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The writer on the {@code openai} path, with the real client against the fake OpenAI server and
 * every migration applied to H2: structured output, the blind pass, the CAS, the request cache.
 */
class PracticeItemWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static ExecutorService pool;
  private static Cas cas;

  @BeforeAll
  static void start() {
    pool = Executors.newFixedThreadPool(4);
    cas = Cas.create(1);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    pool.shutdownNow();
    cas.close();
  }

  private record Setup(Jdbc jdbc, GeneratedItemStore store, ActorRef<PracticeItemWriter.Command> writer, OpenAiProvider openai) {}

  private static Setup setup(FakeOpenAiServer fake) {
    LocalPool db = LocalPool.open("gen");
    Jdbc jdbc = db.jdbc();
    ItemCatalog catalog = db.catalog();
    GeneratedItemStore store = db.store();
    AiSettings settings =
        AiSettings.defaults()
            .withProvider("openai", fake.baseUrl(), "test-key")
            .withRetry(new RetryPolicy(0, Duration.ofMillis(10), Duration.ofMillis(10), 0))
            .withDeadline(Duration.ofSeconds(5));
    OpenAiProvider openai = new OpenAiProvider(settings, pool);
    // The fallback writes nothing here, so what is stored came from the model.
    AiRuntime rt = AiRuntime.of(settings, openai, new ItemWriters.Local(ItemCatalog.of(List.of()), store, pool,
        new ItemWriters.Request("chemistry", 4, null, 0, 0)), AiBreakers.create(testKit.system(), settings.breaker()));
    MathAnswerChecker math = new MathAnswerChecker(cas);
    ActorRef<PracticeItemWriter.Command> writer =
        testKit.spawn(PracticeItemWriter.create(new PracticeItemWriter.Deps(rt, catalog, store, new AnswerChecker(math), math, pool, 6)));
    return new Setup(jdbc, store, writer, openai);
  }

  private static String item(String format, String answer) {
    ObjectNode o = JSON.createObjectNode();
    o.put("topic", "Stoichiometry");
    o.put("prompt", "How many moles are in 88 g of carbon dioxide (M = 44 g/mol)?");
    o.put("answer_format", format);
    o.putArray("choices");
    o.put("answer", answer);
    o.putArray("accepted_forms").add("2.0");
    o.put("hint", "Divide the mass by the molar mass.");
    o.put("explanation", "n = m / M = 88 / 44 = 2 mol.");
    o.put("difficulty", 4);
    return o.toString();
  }

  private static String blind(String answer) {
    return JSON.createObjectNode().put("answer", answer).toString();
  }

  private static long stored(Jdbc jdbc, String status) {
    return jdbc.queryOne("SELECT COUNT(*) FROM generated_items WHERE origin = 'openai' AND status = ?", rs -> rs.getLong(1), status).orElse(0L);
  }

  @Test
  void anItemWhoseBlindPassAgreesIsStoredVerified() throws Exception {
    try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
      fake.then(Reply.content(item("number", "2")), Reply.content(blind("2.00")));
      Setup s = setup(fake);
      s.writer().tell(new PracticeItemWriter.Refill("chemistry", 4));
      assertTrue(Eventually.await(Duration.ofSeconds(15), () -> stored(s.jdbc(), "verified") == 1));
      // Structured output was asked for, with the item schema, then the question alone.
      assertEquals("json_schema", fake.requests().get(0).body().path("response_format").path("type").asText());
      assertEquals("practice_item", fake.requests().get(0).body().path("response_format").path("json_schema").path("name").asText());
      assertTrue(fake.requests().get(1).body().toString().contains("88 g of carbon dioxide"));
      assertFalse(fake.requests().get(1).body().toString().contains("88 / 44"), "the blind pass sees no explanation");
      GeneratedItem g = s.store().servable("chemistry", 4).get(0);
      assertEquals("stoichiometry", g.item().topic());
      assertEquals(List.of("2", "2.0"), g.item().answers());
      s.openai().close();
    }
  }

  @Test
  void aBlindPassThatDisagreesDiscardsTheItem() throws Exception {
    try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
      fake.then(Reply.content(item("number", "2")), Reply.content(blind("3")));
      Setup s = setup(fake);
      s.writer().tell(new PracticeItemWriter.Refill("chemistry", 4));
      assertTrue(Eventually.await(Duration.ofSeconds(15), () -> fake.requestCount() == 2));
      // A later refill of the level is taken once the first is done: by then the item was discarded.
      fake.byDefault(Reply.content(item("number", "abc(")));
      assertTrue(Eventually.await(Duration.ofSeconds(15), () -> {
        s.writer().tell(new PracticeItemWriter.Refill("chemistry", 4));
        return fake.requestCount() >= 3;
      }));
      assertEquals(0, stored(s.jdbc(), "verified") + stored(s.jdbc(), "pending"));
      assertTrue(s.store().servable("chemistry", 4).isEmpty());
      s.openai().close();
    }
  }

  @Test
  void aMathAnswerTheCasCannotReadIsDiscardedWithoutABlindPass() throws Exception {
    try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
      fake.then(Reply.content(item("number", "2x+(")), Reply.content(blind("2")));
      Setup s = setup(fake);
      s.writer().tell(new PracticeItemWriter.Refill("chemistry", 4));
      assertTrue(Eventually.await(Duration.ofSeconds(15), () -> fake.requestCount() >= 1));
      // A refill of the same level is taken again once the first is over; the blind pass never ran.
      fake.then(Reply.content(item("number", "2")), Reply.content(blind("2")));
      assertTrue(Eventually.await(Duration.ofSeconds(15), () -> {
        s.writer().tell(new PracticeItemWriter.Refill("chemistry", 4));
        return stored(s.jdbc(), "verified") == 1;
      }));
      assertEquals("practice_item", fake.requests().get(1).body().path("response_format").path("json_schema").path("name").asText(),
          "the second request is a new item, not a blind pass of the refused one");
      s.openai().close();
    }
  }

  @Test
  void theSameRequestIsPaidForOnce() throws Exception {
    try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
      fake.then(Reply.after(Duration.ofMillis(500), Reply.content(item("number", "2"))), Reply.content(blind("2")));
      Setup s = setup(fake);
      for (int i = 0; i < 5; i++) s.writer().tell(new PracticeItemWriter.Refill("chemistry", 4));
      assertTrue(Eventually.await(Duration.ofSeconds(15), () -> stored(s.jdbc(), "verified") == 1));
      assertEquals(2, fake.requestCount(), "refills of a level while its call runs cost nothing");
      // The same item again is a duplicate: not stored twice.
      fake.byDefault(Reply.content(item("number", "2")));
      assertTrue(Eventually.await(Duration.ofSeconds(15), () -> {
        s.writer().tell(new PracticeItemWriter.Refill("chemistry", 4));
        return fake.requestCount() >= 3;
      }));
      assertEquals(1, stored(s.jdbc(), "verified"));
      assertNotEquals(fake.requests().get(0).body().toString(), fake.requests().get(2).body().toString(),
          "the next request names another example: a request made before is not sent again");
      s.openai().close();
    }
  }
}
