package ai.elevare.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One node of the product as its own JVM ({@code ai.elevare.platform.Main}), configured only
 * through the environment as in production, on free loopback ports; its output goes to a log file.
 */
public final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  public final int httpPort;
  public final int clusterPort;
  public final int managementPort;

  private NodeProcess(Process process, Path log, int httpPort, int clusterPort, int managementPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
    this.clusterPort = clusterPort;
    this.managementPort = managementPort;
  }

  /** Free ports for a node yet to start: HTTP, cluster, management. */
  public static int[] freePorts() throws IOException {
    return new int[] {freePort(), freePort(), freePort()};
  }

  /** Starts a node on {@code ports} (see {@link #freePorts}); does not wait for it. */
  public static NodeProcess start(int[] ports, List<String> jvmOptions, Map<String, String> env, Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(productClasspath());
    cmd.add("ai.elevare.platform.Main");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Files.createDirectories(log.getParent());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> e = pb.environment();
    // Nothing from the caller's shell may switch the node to another database or provider.
    e.keySet().removeIf(k -> k.startsWith("ELEVARE_") || k.startsWith("OPENAI_") || k.equals("JAVA_TOOL_OPTIONS"));
    e.put("ELEVARE_HTTP_HOST", "127.0.0.1");
    e.put("ELEVARE_HTTP_PORT", String.valueOf(ports[0]));
    e.put("ELEVARE_CLUSTER_PORT", String.valueOf(ports[1]));
    e.put("ELEVARE_MANAGEMENT_PORT", String.valueOf(ports[2]));
    e.putAll(env);
    return new NodeProcess(pb.start(), log, ports[0], ports[1], ports[2]);
  }

  /** Waits until GET /ready on the management port answers 200. */
  public void awaitReady(Duration timeout) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    boolean ok =
        Eventually.await(timeout, () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("node exited with " + process.exitValue() + ":\n" + tail(40));
          }
          try {
            return client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
          } catch (IOException notListeningYet) {
            return false;
          }
        });
    if (!ok) throw new IllegalStateException("node not ready within " + timeout + ":\n" + tail(40));
  }

  public Process process() {
    return process;
  }

  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The product's runtime classpath: this JVM's (surefire's real one), without test classes. */
  public static String productClasspath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(cp.split(File.pathSeparator))
        .filter(entry -> !entry.replace('\\', '/').replaceAll("/$", "").endsWith("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /**
   * A loopback port free now and kept out of the kernel's ephemeral range. A port the kernel hands
   * out for {@code bind(0)} can, in the minute before a node binds it, become the local end of any
   * outgoing connection (a pool's to PostgreSQL, a node's to its peers); a port below that range
   * never does, so only another listener can take it.
   */
  public static int freePort() throws IOException {
    if (EPHEMERAL_LOW - LOWEST < 1_000) { // an unusual kernel range: take the kernel's pick
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      }
    }
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = LOWEST + RANDOM.nextInt(EPHEMERAL_LOW - LOWEST);
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // another listener has it: try the next
      }
    }
    throw new IOException("no free loopback port in " + LOWEST + ".." + EPHEMERAL_LOW);
  }

  private static final int LOWEST = 10_000;
  private static final int EPHEMERAL_LOW = ephemeralLow();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The first port of the kernel's ephemeral range; Linux's default when it cannot be read. */
  private static int ephemeralLow() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  /** SIGTERM (coordinated shutdown); SIGKILL if it has not exited within 60 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
