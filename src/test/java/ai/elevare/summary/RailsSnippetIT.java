package ai.elevare.summary;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.testing.Eventually;
import ai.elevare.testing.TestApp;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The Ruby snippet of docs/integrations/rails.md, run as it stands with Debian's ruby against the
 * running product: Rails' side of the contract is the one we document.
 */
class RailsSnippetIT {
  private static final Path SNIPPET = Path.of("docs/integrations/post_session.rb");

  @Test
  void theDocumentedSnippetIsThePostedOne() throws Exception {
    String doc = Files.readString(Path.of("docs/integrations/rails.md"));
    assertTrue(doc.contains("```ruby\n" + Files.readString(SNIPPET) + "```"), "rails.md shows post_session.rb verbatim");
  }

  @Test
  void theRubySnippetSignsAndPostsASessionThatBecomesASummary() throws Exception {
    try (TestApp app = new TestApp(Map.of("elevare.ai.provider", "local"))) {
      String student = app.login("student@demo.elevare");
      String studentId = app.userId(student);
      String tutorId = app.userId(app.login("tutor@demo.elevare"));
      String sessionId = "rails-" + UUID.randomUUID();
      ProcessBuilder pb = new ProcessBuilder("ruby", SNIPPET.toString()).redirectErrorStream(true);
      pb.environment().putAll(Map.of(
          "ELEVARE_URL", "http://127.0.0.1:" + app.app().port(),
          "ELEVARE_WEBHOOK_SECRET", TestApp.WEBHOOK_SECRET,
          "SESSION_ID", sessionId,
          "STUDENT_ID", studentId,
          "TUTOR_ID", tutorId,
          "SUBJECT", "chemistry",
          "TRANSCRIPT_FILE", "src/test/resources/summaries/chemistry-limiting-reactant.txt"));
      Process p;
      try {
        p = pb.start();
      } catch (java.io.IOException e) {
        throw new AssertionError("ruby is needed for this test (apt-get install -y ruby; .ci/run installs it)", e);
      }
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ruby finished");
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.startsWith("202 "), out);
      assertTrue(out.contains(SummaryIds.forSession(sessionId)), out);

      AtomicReference<JsonNode> found = new AtomicReference<>();
      assertTrue(Eventually.await(Duration.ofSeconds(10), () -> {
        for (JsonNode s : app.get("/summaries/" + studentId, student).body()) {
          if (s.get("session_id").asText().equals(sessionId) && s.get("status").asText().equals("ready")) found.set(s);
        }
        return found.get() != null;
      }), "the posted session becomes a ready summary");
      assertTrue(found.get().get("key_topics").toString().contains("limiting reactant"), found.get().toString());
    }
  }
}
