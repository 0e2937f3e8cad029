package ai.elevare.summary;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a Rails webhook delivery: {@code X-Elevare-Signature: sha256=<hex HMAC-SHA256(secret,
 * timestamp + "." + raw body)>} and {@code X-Elevare-Timestamp} (unix seconds) within the tolerance
 * of this node's clock, in either direction, so a captured request cannot be replayed later. The
 * signature is compared in constant time. Nothing of the body is read before it has passed.
 */
public final class WebhookVerifier {
  private static final String ALGORITHM = "HmacSHA256";
  private static final String PREFIX = "sha256=";

  private final SecretKeySpec key;
  private final Duration tolerance;
  private final Clock clock;

  public WebhookVerifier(String secret, Duration tolerance, Clock clock) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the webhook secret must not be empty");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.tolerance = tolerance;
    this.clock = clock;
  }

  /**
   * Why the delivery is refused, or empty when it is authentic and fresh. The reasons are for the
   * log and the 401's detail; none of them reveals the expected signature.
   */
  public Optional<String> refusal(String timestamp, String signature, byte[] body) {
    if (timestamp == null || timestamp.isBlank()) {
      return Optional.of("X-Elevare-Timestamp is missing");
    }
    if (signature == null || signature.isBlank()) {
      return Optional.of("X-Elevare-Signature is missing");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Optional.of("X-Elevare-Timestamp must be unix seconds");
    }
    long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
    if (skew > tolerance.toSeconds()) {
      return Optional.of("X-Elevare-Timestamp is outside the " + tolerance.toMinutes() + "-minute window");
    }
    String sig = signature.trim();
    if (!sig.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return Optional.of("X-Elevare-Signature must be sha256=<hex>");
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(sig.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return Optional.of("X-Elevare-Signature must be sha256=<hex>");
    }
    // isEqual takes the same time wherever the first differing byte is
    if (!MessageDigest.isEqual(given, sign(timestamp.trim(), body))) {
      return Optional.of("the signature does not match");
    }
    return Optional.empty();
  }

  /** HMAC-SHA256 over {@code timestamp + "." + body}. */
  public byte[] sign(String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The header value a sender puts in X-Elevare-Signature (tests and docs use it). */
  public String signatureHeader(String timestamp, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(sign(timestamp, body));
  }
}
