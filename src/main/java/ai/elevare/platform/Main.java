package ai.elevare.platform;

import ai.elevare.account.User;
import ai.elevare.summary.SummarySettings;
import java.util.Map;

/** Entry point: `make run` starts one node on the embedded default. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    long started = System.nanoTime();
    Settings settings =
        Settings.load("application", Map.of("pekko.coordinated-shutdown.exit-jvm", "on"));
    try {
      App app = App.start(settings);
      StringBuilder banner = new StringBuilder();
      banner.append("\n  ElevareAI is up at http://localhost:").append(app.port()).append("/");
      banner.append(String.format(" (started in %.1f s)%n", (System.nanoTime() - started) / 1e9));
      banner.append("  management (/ready, /metrics, /cluster/members): http://localhost:")
          .append(app.managementPort()).append("/\n");
      banner.append("  database: ").append(settings.embedded() ? "embedded H2 under " + settings.dataDir() : "PostgreSQL").append('\n');
      if (!app.demoUsers().isEmpty()) {
        banner.append("  demo accounts (password \"").append(App.DEMO_PASSWORD).append("\"):\n");
        for (User u : app.demoUsers()) {
          banner.append(String.format("    %-8s %s%n", u.role(), u.email()));
        }
      }
      if (settings.elevare().getString("summaries.webhook-secret").isBlank()) {
        banner.append("  summaries webhook secret: \"").append(SummarySettings.DEV_SECRET)
            .append("\" (embedded default; set ELEVARE_WEBHOOK_SECRET)\n");
      }
      System.out.println(banner);
    } catch (Exception e) {
      if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
        System.err.println("ElevareAI failed to start: " + e.getMessage()); // a setting: the message says which
      } else {
        System.err.println("ElevareAI failed to start: " + e);
        e.printStackTrace();
      }
      System.exit(1);
    }
  }
}
