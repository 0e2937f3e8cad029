package ai.elevare.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The product as its own JVM ({@code ai.elevare.platform.Main}), configured only through the
 * environment as in production, so the load generator never shares a heap, GC or thread pools
 * with it. Its output goes to a log file under the bench directory.
 */
public final class ProductProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;
  private final double secondsToReady;

  private ProductProcess(Process process, int port, Path log, double secondsToReady) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.secondsToReady = secondsToReady;
  }

  /**
   * Starts the product and waits until GET /ready on its management port answers 200.
   *
   * @param jvmOptions e.g. -XX:+UseParallelGC, as {@code make run} uses
   * @param env ELEVARE_* variables on top of the bench's own defaults
   */
  public static ProductProcess start(
      String classpath, List<String> jvmOptions, Map<String, String> env, Path dir, Duration timeout)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add("ai.elevare.platform.Main");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Path log = dir.resolve("product.log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> e = pb.environment();
    // Nothing from the caller's shell may switch the product to another database or provider.
    e.keySet().removeIf(k -> k.startsWith("ELEVARE_") || k.startsWith("OPENAI_") || k.equals("JAVA_TOOL_OPTIONS"));
    e.put("ELEVARE_HTTP_HOST", "127.0.0.1");
    e.put("ELEVARE_HTTP_PORT", String.valueOf(port));
    e.put("ELEVARE_CLUSTER_PORT", String.valueOf(freePort()));
    int managementPort = freePort();
    e.put("ELEVARE_MANAGEMENT_PORT", String.valueOf(managementPort));
    e.put("ELEVARE_DATA_DIR", dir.resolve("data").toAbsolutePath().toString());
    e.putAll(env);
    long started = System.nanoTime();
    Process p = pb.start();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = started + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "the product exited with " + p.exitValue() + " before it was ready; see " + log + ":\n" + tail(log, 30));
      }
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          double seconds = (System.nanoTime() - started) / 1e9;
          return new ProductProcess(p, port, log, seconds);
        }
      } catch (IOException notListeningYet) {
        // the port opens late in the start; keep polling
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    p.destroyForcibly();
    throw new IllegalStateException("the product was not ready within " + timeout + "; see " + log + ":\n" + tail(log, 30));
  }

  /** The product's runtime classpath: this JVM's, without test classes (their logback-test.xml). */
  public static String classpathWithoutTests() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.replace('\\', '/').endsWith("test-classes")
            && !entry.replace('\\', '/').endsWith("test-classes/"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public double secondsToReady() {
    return secondsToReady;
  }

  /** Writes a thread dump of the product (jcmd Thread.print) to {@code file}; false if jcmd failed. */
  public boolean threadDump(Path file) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), "Thread.print")
              .redirectErrorStream(true)
              .redirectOutput(file.toFile())
              .start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGTERM (coordinated shutdown), then a kill if it has not exited within 30 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
