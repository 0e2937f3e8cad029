package ai.elevare.platform;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node on PostgreSQL without its own webhook secret refuses to start, before touching anything. */
class WebhookSecretTest {
  @Test
  void postgresWithoutASecretDoesNotStart() {
    Settings s =
        Settings.load(
            "application",
            Map.of(
                "elevare.db.url", "jdbc:postgresql://127.0.0.1:1/never-contacted",
                "elevare.summaries.webhook-secret", ""));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> App.start(s));
    assertTrue(e.getMessage().startsWith("ELEVARE_WEBHOOK_SECRET is not set"), e.getMessage());
  }
}
