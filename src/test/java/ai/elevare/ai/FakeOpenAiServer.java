package ai.elevare.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenAI-compatible server on loopback for tests and the benchmark. It speaks the real {@code
 * POST /v1/chat/completions} wire format, so the real openai-java client talks to it, and each
 * request gets the next scripted {@link Reply} (or the default one): an answer, a slow answer, 429
 * with Retry-After, 500, a cut connection, or a body that is not JSON. Delays are scheduled, not
 * slept, so hundreds of slow requests hold no threads.
 */
public final class FakeOpenAiServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the server does with one request. */
  public sealed interface Reply {

    /** 200 with a chat completion whose message content is {@code content}. */
    static Reply content(String content) {
      return new Content(content);
    }

    /** 200 with the structured Q&A answer the provider asks for. */
    static Reply answer(String answer, double selfAssessment, double completeness) {
      ObjectNode o = JSON.createObjectNode();
      o.put("answer", answer);
      o.put("overview", "Overview: " + answer);
      o.put("self_assessment", selfAssessment);
      o.put("completeness", completeness);
      return new Content(o.toString());
    }

    /** {@code then}, but only after {@code delay}. */
    static Reply after(Duration delay, Reply then) {
      return new Delayed(delay, then);
    }

    /** {@code then}, once {@code release} completes: a provider that answers when the test says so. */
    static Reply heldUntil(java.util.concurrent.CompletableFuture<?> release, Reply then) {
      return new Held(release, then);
    }

    /** 429 with {@code Retry-After} in whole seconds (rounded up) and {@code retry-after-ms}. */
    static Reply rateLimited(Duration retryAfter) {
      return new Status(429, retryAfter);
    }

    static Reply serverError() {
      return new Status(500, null);
    }

    /** Any HTTP status with an empty error body. */
    static Reply status(int code) {
      return new Status(code, null);
    }

    /** Closes the connection without a response. */
    static Reply cut() {
      return new Cut();
    }

    /** 200 whose body is not JSON at all. */
    static Reply malformedBody() {
      return new RawBody("{\"id\": \"chatcmpl-broken\", \"choices\": [ this is not json");
    }
  }

  record Content(String content) implements Reply {}

  record Delayed(Duration delay, Reply then) implements Reply {}

  record Held(java.util.concurrent.CompletableFuture<?> release, Reply then) implements Reply {}

  record Status(int status, Duration retryAfter) implements Reply {}

  record Cut() implements Reply {}

  record RawBody(String body) implements Reply {}

  /**
   * A request as received: its arrival time and the time its response was written (System.nanoTime,
   * 0 until then), and its JSON body.
   */
  public record Received(long atNanos, JsonNode body, AtomicLong respondedNanos) {}

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Reply> fallback =
      new AtomicReference<>(Reply.answer("default answer", 0.9, 0.9));
  private final List<Received> received = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  private FakeOpenAiServer() throws IOException {
    // without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK and every response waits ~40 ms: an artefact of the fake, not of real providers
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // the JDK server closes idle keep-alive connections beyond 200, which a burst of 200 calls
    // exceeds: the client would then meet closed connections that a real provider keeps open
    System.setProperty("sun.net.httpserver.maxIdleConnections", "2000");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server.createContext("/v1/chat/completions", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  public static FakeOpenAiServer start() {
    try {
      return new FakeOpenAiServer();
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind the fake OpenAI server", e);
    }
  }

  /** The base URL to give the client: {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Scripts the next requests, in order; after the script runs out the default applies. */
  public FakeOpenAiServer then(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  /** What every unscripted request gets. */
  public FakeOpenAiServer byDefault(Reply reply) {
    fallback.set(reply);
    return this;
  }

  public FakeOpenAiServer reset() {
    script.clear();
    routes.clear();
    synchronized (received) {
      received.clear();
    }
    return this;
  }

  private final java.util.concurrent.CopyOnWriteArrayList<Map.Entry<String, Reply>> routes =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Requests whose body contains {@code text} get {@code reply}, ahead of the script and the default. */
  public FakeOpenAiServer route(String text, Reply reply) {
    routes.add(Map.entry(text, reply));
    return this;
  }

  private Reply routed(Received r) {
    if (routes.isEmpty()) return null;
    String body = r.body().toString();
    for (Map.Entry<String, Reply> e : routes) if (body.contains(e.getKey())) return e.getValue();
    return null;
  }

  public List<Received> requests() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Waits until {@code n} requests have arrived in all; fails after {@code timeout}. */
  public void awaitRequests(int n, Duration timeout) throws InterruptedException {
    awaitRequests(r -> true, n, timeout);
  }

  /** Waits until {@code n} requests whose body contains {@code text} have arrived. */
  public void awaitRequests(String text, int n, Duration timeout) throws InterruptedException {
    awaitRequests(r -> r.body().toString().contains(text), n, timeout);
  }

  public long countRequests(String text) {
    return requests().stream().filter(r -> r.body().toString().contains(text)).count();
  }

  private void awaitRequests(java.util.function.Predicate<Received> which, int n, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (received.stream().filter(which).count() < n) {
        long left = end - System.nanoTime();
        if (left <= 0) throw new AssertionError("only " + received.size() + " of " + n + " requests arrived");
        received.wait(left / 1_000_000 + 1);
      }
    }
  }

  public int requestCount() {
    synchronized (received) {
      return received.size();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      json = JSON.createObjectNode();
    }
    Received r = new Received(System.nanoTime(), json, new AtomicLong());
    synchronized (received) {
      received.add(r);
      received.notifyAll();
    }
    Reply reply = routed(r);
    if (reply == null) reply = script.poll();
    perform(ex, reply != null ? reply : fallback.get(), r);
  }

  private void perform(HttpExchange ex, Reply reply, Received request) {
    try {
      if (reply instanceof Held h) {
        h.release().whenComplete((v, e) -> handlers.execute(() -> perform(ex, h.then(), request)));
      } else if (reply instanceof Delayed d) {
        timer.schedule(
            () -> handlers.execute(() -> perform(ex, d.then(), request)),
            d.delay().toNanos(),
            TimeUnit.NANOSECONDS);
      } else if (reply instanceof Content c) {
        send(ex, 200, completion(c.content(), request.body()).toString(), null);
      } else if (reply instanceof Status s) {
        send(ex, s.status(), error(s.status()).toString(), s.retryAfter());
      } else if (reply instanceof RawBody r) {
        send(ex, 200, r.body(), null);
      } else {
        ex.close(); // a cut: closing before any header drops the connection
      }
      if (!(reply instanceof Delayed)) {
        request.respondedNanos().compareAndSet(0, System.nanoTime());
      }
    } catch (IOException e) {
      ex.close(); // the client gave up (its timeout): nothing more to do
    }
  }

  private ObjectNode completion(String content, JsonNode request) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", "chatcmpl-fake-" + ids.incrementAndGet());
    o.put("object", "chat.completion");
    o.put("created", System.currentTimeMillis() / 1000);
    o.put("model", request.path("model").asText("fake-model"));
    ObjectNode choice = o.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    ObjectNode usage = o.putObject("usage");
    usage.put("prompt_tokens", 20);
    usage.put("completion_tokens", 20);
    usage.put("total_tokens", 40);
    return o;
  }

  private static ObjectNode error(int status) {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode e = o.putObject("error");
    e.put("message", status == 429 ? "Rate limit reached" : "The server had an error");
    e.put("type", status == 429 ? "requests" : "server_error");
    e.putNull("param");
    e.put("code", status == 429 ? "rate_limit_exceeded" : "server_error");
    return o;
  }

  private static void send(HttpExchange ex, int status, String body, Duration retryAfter)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    if (retryAfter != null) {
      long ms = retryAfter.toMillis();
      ex.getResponseHeaders().set("retry-after", Long.toString((ms + 999) / 1000));
      ex.getResponseHeaders().set("retry-after-ms", Long.toString(ms));
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    timer.shutdownNow();
    handlers.shutdownNow();
  }
}
