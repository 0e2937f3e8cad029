package ai.elevare.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A Rails-like sender for tests: signs bodies itself (not with the code under test) and posts them. */
public final class Webhook {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final int port;
  private final String secret;

  public Webhook(int port, String secret) {
    this.port = port;
    this.secret = secret;
  }

  public record Reply(int status, JsonNode body, String contentType) {}

  static String hmac(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
      byte[] all = new byte[prefix.length + body.length];
      System.arraycopy(prefix, 0, all, 0, prefix.length);
      System.arraycopy(body, 0, all, prefix.length, body.length);
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(all));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static Map<String, Object> session(String sessionId, String studentId, String tutorId, String subject) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("session_id", sessionId);
    m.put("student_id", studentId);
    m.put("tutor_id", tutorId);
    m.put("subject", subject);
    m.put("started_at", "2026-12-01T16:00:00Z");
    m.put("ended_at", "2026-12-01T16:55:00Z");
    return m;
  }

  static byte[] json(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends {@code body} {@code n} times at once, round-robin over {@code senders} (nodes), and
   * returns every reply.
   */
  static java.util.List<Reply> concurrently(java.util.List<Webhook> senders, Object body, int n) throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.List<java.util.concurrent.Future<Reply>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        Webhook to = senders.get(i % senders.size());
        futures.add(pool.submit(() -> {
          go.await();
          return to.post(body);
        }));
      }
      go.countDown();
      java.util.List<Reply> replies = new java.util.ArrayList<>();
      for (var f : futures) replies.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
      return replies;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Signed now with the right secret. */
  public Reply post(Object body) throws Exception {
    byte[] bytes = body instanceof byte[] b ? b : json(body);
    String ts = String.valueOf(Instant.now().getEpochSecond());
    return send(bytes, ts, hmac(secret, ts, bytes), "application/json");
  }

  Reply send(byte[] body, String timestamp, String signature, String contentType) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/summaries"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (timestamp != null) b.header("X-Elevare-Timestamp", timestamp);
    if (signature != null) b.header("X-Elevare-Signature", signature);
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode node = null;
    try {
      node = r.body().isEmpty() ? null : JSON.readTree(r.body());
    } catch (Exception notJson) {
      node = null;
    }
    return new Reply(r.statusCode(), node, r.headers().firstValue("Content-Type").orElse(""));
  }
}
