package ai.elevare.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The load generator's side of HTTP: JDK HttpClient on HTTP/1.1 with keep-alive (the client pools
 * one connection per concurrent caller), JSON through Jackson, and every call timed.
 */
public final class BenchHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient[] clients;
  private final String base;

  /**
   * @param clients how many HttpClient instances share the callers; each has one selector thread,
   *     so a few of them keep that thread from becoming the load generator's bottleneck
   */
  public BenchHttp(int port, int clients) {
    this.base = "http://127.0.0.1:" + port;
    this.clients = new HttpClient[Math.max(1, clients)];
    for (int i = 0; i < this.clients.length; i++) {
      this.clients[i] =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
    }
  }

  /** A response: status, parsed JSON body (null when empty or not JSON) and the time it took. */
  public record Reply(int status, JsonNode body, long nanos) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public String text(String field) {
      JsonNode n = body == null ? null : body.get(field);
      return n == null || n.isNull() ? null : n.asText();
    }
  }

  public HttpRequest get(String path, String token) {
    HttpRequest.Builder b = request(path, token);
    return b.GET().build();
  }

  public HttpRequest post(String path, String token, Map<String, ?> body) {
    try {
      return request(path, token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
          .build();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write " + body, e);
    }
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT);
    if (token != null) b.header("Authorization", "Bearer " + token);
    return b;
  }

  /**
   * Sends on the client of {@code caller} (callers spread over the clients) and times the exchange
   * from send to the last body byte; the body is parsed after the clock stops.
   */
  public Reply send(int caller, HttpRequest request) throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<byte[]> r =
        clients[Math.floorMod(caller, clients.length)].send(request, HttpResponse.BodyHandlers.ofByteArray());
    long nanos = System.nanoTime() - start;
    JsonNode body = null;
    byte[] bytes = r.body();
    if (bytes.length > 0 && (bytes[0] == '{' || bytes[0] == '[')) body = JSON.readTree(bytes);
    return new Reply(r.statusCode(), body, nanos);
  }

  /** For setup steps: fails loudly on anything but 2xx. */
  public Reply expectOk(int caller, HttpRequest request) throws IOException, InterruptedException {
    Reply r = send(caller, request);
    if (!r.ok()) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + r.status() + ": " + r.body());
    }
    return r;
  }
}
