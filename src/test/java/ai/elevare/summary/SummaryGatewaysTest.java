package ai.elevare.summary;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.ai.AiBreakers;
import ai.elevare.ai.AiCall;
import ai.elevare.ai.AiRuntime;
import ai.elevare.ai.AiSettings;
import ai.elevare.ai.AiTask;
import ai.elevare.ai.BankCorpus;
import ai.elevare.ai.FakeOpenAiServer;
import ai.elevare.ai.OpenAiProvider;
import ai.elevare.ai.RetryPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The openai provider writing summaries through the real openai-java client against the fake
 * OpenAI-compatible server: structured output is requested, answers are read, and an unusable
 * answer falls back to the local summarizer.
 */
class SummaryGatewaysTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final ExecutorService pool = Executors.newFixedThreadPool(4);
  static final TranscriptSummarizer SUMMARIZER = new TranscriptSummarizer(DomainVocabulary.build(BankCorpus.load()));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    pool.shutdownNow();
  }

  private static AiCall.TextResult summarise(FakeOpenAiServer fake, String transcript) {
    AiSettings settings =
        AiSettings.defaults()
            .withProvider("openai", fake.baseUrl(), "test-key")
            .withRetry(new RetryPolicy(0, Duration.ofMillis(10), Duration.ofMillis(10), 0))
            .withDeadline(Duration.ofSeconds(5));
    OpenAiProvider openai = new OpenAiProvider(settings, pool);
    SummaryGateways.Local local = new SummaryGateways.Local(SUMMARIZER, "chemistry", transcript, pool);
    AiRuntime rt = AiRuntime.of(settings, openai, local, AiBreakers.create(testKit.system(), settings.breaker()));
    TestProbe<AiCall.TextResult> probe = testKit.createTestProbe();
    testKit.spawn(
        AiCall.complete(
            SummaryGateways.plan(rt, local), "call-1", AiTask.SUMMARY, SummaryGateways.SYSTEM,
            SummaryGateways.user("chemistry", transcript), probe.ref()));
    AiCall.TextResult r = probe.receiveMessage(Duration.ofSeconds(15));
    openai.close();
    return r;
  }

  @Test
  void theModelIsAskedForTheSchemaAndItsAnswerIsUsed() {
    try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
      fake.then(FakeOpenAiServer.Reply.content(
          "{\"narrative\": \"The student worked on limiting reactants.\\n\\nThey improved.\","
              + " \"key_topics\": [\"limiting reactant\", \"percent yield\"], \"next_steps\": [\"Do problems 12 to 18.\"]}"));
      String transcript = TranscriptSummarizerTest.fixture("chemistry-limiting-reactant.txt");
      AiCall.TextResult r = summarise(fake, transcript);
      assertEquals("openai", r.provider());
      assertFalse(r.fallback());
      SummaryContent c = SummaryJson.parse(r.text());
      assertEquals("The student worked on limiting reactants.\n\nThey improved.", c.narrative());
      JsonNode request = fake.requests().get(0).body();
      JsonNode format = request.get("response_format");
      assertEquals("json_schema", format.get("type").asText());
      assertEquals("session_summary", format.get("json_schema").get("name").asText());
      assertTrue(format.get("json_schema").get("strict").asBoolean());
      assertEquals(3, format.get("json_schema").get("schema").get("required").size());
      String user = request.get("messages").get(1).get("content").asText();
      assertTrue(user.startsWith("Subject: chemistry"));
      assertTrue(user.contains("problems 12 through 18"), "the transcript is sent");
      assertTrue(request.get("messages").get(0).get("content").asText().contains("No bullet points"));
    }
  }

  @Test
  void anUnusableAnswerFallsBackToTheLocalSummarizer() {
    try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
      fake.byDefault(FakeOpenAiServer.Reply.content("Sorry, I can only answer in prose."));
      AiCall.TextResult r = summarise(fake, TranscriptSummarizerTest.fixture("chemistry-limiting-reactant.txt"));
      assertTrue(r.fallback());
      assertEquals("local", r.provider());
      assertTrue(SummaryJson.parse(r.text()).keyTopics().contains("limiting reactant"));
    }
  }

  @Test
  void longTranscriptsKeepTheirOpeningAndClosing() {
    String t = "Tutor: opening words.\n" + "Student: middle.\n".repeat(10_000) + "Tutor: for next time do problems 1 to 5.";
    String user = SummaryGateways.user("math", t);
    assertTrue(user.length() < SummaryGateways.MAX_TRANSCRIPT_CHARS + 200);
    assertTrue(user.contains("opening words"));
    assertTrue(user.contains("for next time do problems 1 to 5"));
  }
}
