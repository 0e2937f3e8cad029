package ai.elevare.summary;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code elevare.summaries} block, read once at start.
 *
 * @param webhookSecret the HMAC key of the Rails webhook; blank when unset (see {@link
 *     #resolveSecret})
 * @param transcriptHosts the allow-list of transcript_url hosts: names, "*.suffix" or IP literals
 * @param allowPlainHttpLoopback tests only: plain http to a listed loopback address
 */
public record SummarySettings(
    String webhookSecret,
    Duration timestampTolerance,
    List<String> transcriptHosts,
    long transcriptMaxBytes,
    Duration transcriptTimeout,
    int transcriptMaxRedirects,
    boolean allowPlainHttpLoopback,
    int maxAttempts,
    Duration retryMinBackoff,
    Duration retryMaxBackoff,
    Duration deliveryMinBackoff,
    Duration deliveryMaxBackoff,
    Duration resumeInterval,
    int projectionTags,
    int snapshotEvery) {

  /** The secret the embedded default uses when none is configured; printed at start. */
  public static final String DEV_SECRET = "dev-webhook-secret";

  /** Reads the {@code elevare.summaries} block (pass that block, not the root config). */
  public static SummarySettings fromConfig(Config c) {
    List<String> hosts =
        c.getValue("transcript-hosts").valueType() == ConfigValueType.LIST
            ? c.getStringList("transcript-hosts")
            : Arrays.asList(c.getString("transcript-hosts").split(","));
    return new SummarySettings(
        c.getString("webhook-secret").trim(),
        c.getDuration("timestamp-tolerance"),
        hosts.stream().map(String::trim).filter(h -> !h.isEmpty()).toList(),
        c.getBytes("transcript-max-bytes"),
        c.getDuration("transcript-timeout"),
        c.getInt("transcript-max-redirects"),
        c.getBoolean("allow-plain-http-loopback"),
        c.getInt("max-attempts"),
        c.getDuration("retry-min-backoff"),
        c.getDuration("retry-max-backoff"),
        c.getDuration("delivery-min-backoff"),
        c.getDuration("delivery-max-backoff"),
        c.getDuration("resume-interval"),
        c.getInt("projection-tags"),
        c.getInt("snapshot-every"));
  }

  /**
   * The secret to verify with. The embedded default falls back to {@link #DEV_SECRET}; a node on
   * a shared database never accepts webhooks signed with a published key, so it refuses to start.
   */
  public String resolveSecret(boolean embedded) {
    if (!webhookSecret.isEmpty()) {
      return webhookSecret;
    }
    if (embedded) {
      return DEV_SECRET;
    }
    throw new IllegalStateException(
        "ELEVARE_WEBHOOK_SECRET is not set: on PostgreSQL the summaries webhook needs the secret"
            + " shared with the Rails app (elevare.summaries.webhook-secret)");
  }

  /** The backoff before generation attempt {@code attempt + 1}: doubling, capped. */
  public Duration retryBackoff(int attempt) {
    return doubling(retryMinBackoff, retryMaxBackoff, attempt);
  }

  /** The backoff before hand-over attempt {@code failures + 1}: doubling, capped. */
  public Duration deliveryBackoff(int failures) {
    return doubling(deliveryMinBackoff, deliveryMaxBackoff, failures);
  }

  private static Duration doubling(Duration min, Duration max, int n) {
    Duration d = min.multipliedBy(1L << Math.min(Math.max(n - 1, 0), 20));
    return d.compareTo(max) > 0 ? max : d;
  }
}
