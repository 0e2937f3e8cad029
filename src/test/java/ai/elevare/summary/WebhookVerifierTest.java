package ai.elevare.summary;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The signature and the replay window, on a fixed clock; signatures made by the test's own HMAC. */
class WebhookVerifierTest {
  private static final Instant NOW = Instant.parse("2026-12-03T15:00:00Z");
  private final WebhookVerifier verifier =
      new WebhookVerifier("s3cret", Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
  private final byte[] body = "{\"session_id\":\"42\"}".getBytes(StandardCharsets.UTF_8);

  private String ts(long offsetSeconds) {
    return String.valueOf(NOW.getEpochSecond() + offsetSeconds);
  }

  @Test
  void aCorrectSignatureWithinTheWindowPasses() {
    for (long offset : new long[] {0, -300, 300, -1, 1}) {
      String t = ts(offset);
      assertTrue(verifier.refusal(t, Webhook.hmac("s3cret", t, body), body).isEmpty(), "offset " + offset);
    }
    String t = ts(0);
    assertEquals(Webhook.hmac("s3cret", t, body), verifier.signatureHeader(t, body));
    assertTrue(verifier.refusal(t, Webhook.hmac("s3cret", t, body).toUpperCase().replace("SHA256=", "sha256="), body).isEmpty(),
        "hex digits in either case");
  }

  @Test
  void everythingElseIsRefusedWithAReason() {
    String t = ts(0);
    String good = Webhook.hmac("s3cret", t, body);
    byte[] flipped = body.clone();
    flipped[3] ^= 0x20;
    assertEquals("X-Elevare-Timestamp is missing", verifier.refusal(null, good, body).orElseThrow());
    assertEquals("X-Elevare-Signature is missing", verifier.refusal(t, " ", body).orElseThrow());
    assertTrue(verifier.refusal(t, Webhook.hmac("other", t, body), body).isPresent());
    assertTrue(verifier.refusal(t, good, flipped).isPresent());
    assertTrue(verifier.refusal(ts(-301), Webhook.hmac("s3cret", ts(-301), body), body).orElseThrow().contains("window"));
    assertTrue(verifier.refusal(ts(301), Webhook.hmac("s3cret", ts(301), body), body).orElseThrow().contains("window"));
    assertTrue(verifier.refusal("12:00", good, body).isPresent());
    assertTrue(verifier.refusal(t, good.substring(7), body).isPresent(), "the sha256= prefix is required");
    assertTrue(verifier.refusal(t, "sha256=not-hex", body).isPresent());
    assertTrue(verifier.refusal(t, good.substring(0, good.length() - 2), body).isPresent(), "a truncated MAC");
    // signed for another timestamp than the one sent
    assertTrue(verifier.refusal(ts(1), good, body).isPresent());
  }

  @Test
  void anEmptySecretIsNotAccepted() {
    assertThrows(IllegalArgumentException.class, () -> new WebhookVerifier("", Duration.ofMinutes(5), Clock.systemUTC()));
  }

  @Test
  void theSecretIsRequiredOffTheEmbeddedDefault() {
    SummarySettings unset = SessionSummaryEntityTest.SETTINGS;
    SummarySettings none =
        new SummarySettings("", unset.timestampTolerance(), unset.transcriptHosts(), unset.transcriptMaxBytes(),
            unset.transcriptTimeout(), unset.transcriptMaxRedirects(), false, 3, unset.retryMinBackoff(),
            unset.retryMaxBackoff(), unset.deliveryMinBackoff(), unset.deliveryMaxBackoff(), unset.resumeInterval(), 2, 100);
    assertEquals(SummarySettings.DEV_SECRET, none.resolveSecret(true));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> none.resolveSecret(false));
    assertTrue(e.getMessage().contains("ELEVARE_WEBHOOK_SECRET"));
    assertEquals("secret", unset.resolveSecret(false));
  }
}
