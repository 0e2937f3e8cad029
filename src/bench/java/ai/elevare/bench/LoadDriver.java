package ai.elevare.bench;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Closed-loop load: a fixed pool with one platform thread per virtual user, each sending its next
 * request as soon as the previous one answered. A warm-up comes first; only exchanges that end
 * inside the measured window count. Prints one progress line every 5 s.
 */
public final class LoadDriver {
  private static final long PROGRESS_EVERY = TimeUnit.SECONDS.toNanos(5);

  private final BenchHttp http;
  private final Optional<Long> productPid;

  public LoadDriver(BenchHttp http, Optional<Long> productPid) {
    this.http = http;
    this.productPid = productPid;
  }

  /** One iteration of one virtual user; {@code calls} sends, times and records. */
  @FunctionalInterface
  public interface Worker {
    void iterate(int user, long iteration, Calls calls) throws InterruptedException;
  }

  /** What a run produced: per-route figures over the measured window and the CPU it used. */
  public record Result(RouteStats stats, double seconds, Machine.CpuShare cpu) {}

  /** The window shared by the users of one run. */
  public final class Calls {
    private final RouteStats stats = new RouteStats();
    private final Map<String, LongAdder> live = new ConcurrentHashMap<>();
    private final LongAdder liveFailures = new LongAdder();
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureUntil = Long.MAX_VALUE;
    private volatile boolean stopping;

    /**
     * Sends one request as {@code user}; returns the reply if it was 2xx, else empty (the failure
     * is counted under its status or exception).
     */
    public Optional<BenchHttp.Reply> call(String route, int user, HttpRequest request)
        throws InterruptedException {
      BenchHttp.Reply reply;
      try {
        reply = http.send(user, request);
      } catch (java.io.IOException e) {
        fail(route, e.getClass().getSimpleName());
        return Optional.empty();
      }
      if (!reply.ok()) {
        fail(route, String.valueOf(reply.status()));
        return Optional.empty();
      }
      live.computeIfAbsent(route, r -> new LongAdder()).increment();
      if (inWindow()) stats.ok(route, reply.nanos());
      return Optional.of(reply);
    }

    /**
     * Records a sample made of several calls (a practice pair: assign + complete) under
     * {@code name}; the calls themselves were recorded already, so no request is counted.
     */
    public void composite(String name, long nanos) {
      if (inWindow()) stats.ok(name, nanos);
    }

    /** A composite sample that did not finish because one of its calls failed. */
    public void compositeFailed(String name, String kind) {
      if (inWindow()) stats.failed(name, kind);
    }

    private void fail(String route, String kind) {
      liveFailures.increment();
      if (inWindow()) stats.failed(route, kind);
    }

    private boolean inWindow() {
      long now = System.nanoTime();
      return now >= measureFrom && now <= measureUntil;
    }

    boolean stopping() {
      return stopping;
    }

    /** Answered requests so far on every route whose name starts with {@code prefix}. */
    long live(String prefix) {
      return live.entrySet().stream()
          .filter(e -> e.getKey().startsWith(prefix))
          .mapToLong(e -> e.getValue().sum())
          .sum();
    }

    long liveTotal() {
      return live.values().stream().mapToLong(LongAdder::sum).sum();
    }
  }

  /**
   * Runs {@code users} virtual users for warm-up plus measure. {@code atMeasureStart} runs when the
   * measured window opens and {@code midpoint} halfway through it, both on the driver's thread.
   * {@code highlight} is the route (name prefix) whose rate the progress lines show besides the
   * total.
   */
  public Result run(
      String phase, int users, Duration warmup, Duration measure, Worker worker, String highlight,
      Runnable atMeasureStart, Runnable midpoint)
      throws InterruptedException {
    Calls calls = new Calls();
    AtomicInteger names = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            users,
            r -> {
              Thread t = new Thread(r, "bench-" + phase + "-" + names.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    long start = System.nanoTime();
    calls.measureFrom = start + warmup.toNanos();
    calls.measureUntil = calls.measureFrom + measure.toNanos();
    for (int u = 0; u < users; u++) {
      int user = u;
      pool.execute(
          () -> {
            long iteration = 0;
            try {
              while (!calls.stopping()) worker.iterate(user, iteration++, calls);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
              BenchLog.progress("%s: user %d stopped: %s", phase, user, e);
            }
          });
    }
    Machine.CpuSample cpuFrom = null;
    Machine.CpuSample cpuUntil = null;
    boolean midpointDone = false;
    long nextLine = start + PROGRESS_EVERY;
    long lastCount = 0;
    long lastHighlight = 0;
    long lastLine = start;
    Machine.CpuSample lastCpu = Machine.sample(productPid);
    while (true) {
      long now = System.nanoTime();
      if (cpuFrom == null && now >= calls.measureFrom) {
        atMeasureStart.run();
        cpuFrom = Machine.sample(productPid);
      }
      if (!midpointDone && now >= calls.measureFrom + measure.toNanos() / 2) {
        midpointDone = true;
        midpoint.run();
      }
      if (now >= calls.measureUntil) {
        cpuUntil = Machine.sample(productPid);
        break;
      }
      if (now >= nextLine) {
        long count = calls.liveTotal();
        long hi = calls.live(highlight);
        double dt = (now - lastLine) / 1e9;
        String stage =
            now < calls.measureFrom
                ? String.format("warm-up %.0f/%d s", (now - start) / 1e9, warmup.toSeconds())
                : String.format("measuring %.0f/%d s", (now - calls.measureFrom) / 1e9, measure.toSeconds());
        Machine.CpuSample cpu = Machine.sample(productPid);
        Machine.CpuShare share = Machine.share(lastCpu, cpu);
        BenchLog.progress(
            "%s: %s, %d users, %.0f req/s, %.0f %s/s, %d failures so far; cores: product %.2f, machine %.2f",
            phase, stage, users, (count - lastCount) / dt, (hi - lastHighlight) / dt, highlight,
            calls.liveFailures.sum(), share.product(), share.machine());
        lastCpu = cpu;
        lastCount = count;
        lastHighlight = hi;
        lastLine = now;
        nextLine += PROGRESS_EVERY;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    calls.stopping = true;
    pool.shutdown();
    if (!pool.awaitTermination(45, TimeUnit.SECONDS)) {
      BenchLog.progress("%s: some users were still waiting for answers after 45 s", phase);
      pool.shutdownNow();
    }
    return new Result(calls.stats, measure.toNanos() / 1e9, Machine.share(cpuFrom, cpuUntil));
  }
}
