package ai.elevare.bench;

import ai.elevare.testing.TestDatabases;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code make bench}: the product on a fresh PostgreSQL database in its own JVM, N virtual
 * students driving a mixed closed-loop load over HTTP from this JVM (paced, light, saturated
 * phases), then the two ceilings on the
 * same machine in the same run (GET /health at the same concurrency; single-row INSERT
 * transactions into a journal-shaped table), and one RESULT line at the end of stdout. Progress
 * goes to stderr. Not a test: it takes minutes and its figures depend on the machine.
 */
public final class SystemBench {
  static final List<String> SUBJECTS = List.of("math", "chemistry", "physics", "biology", "english");
  private static final Map<String, String> QUESTIONS =
      Map.of(
          "math", "How do I solve 2x + 3 = 11 for x?",
          "chemistry", "What is the difference between an ionic and a covalent bond?",
          "physics", "What does Newton's second law say about force and acceleration?",
          "biology", "What happens during photosynthesis?",
          "english", "What is the difference between a metaphor and a simile?");
  /** Raised for the bench only: the product's defaults (100/min, 1000/h per user) would cap the load. */
  static final String RATE_LIMIT = "1000000000";
  private static final String STUDENT_PASSWORD = "bench-password-1";
  private static final String WRONG_ANSWER = "-98765";

  static final double PRACTICE_P99_TARGET_MS = 25;
  static final double PROGRESS_P99_TARGET_MS = 50;
  static final double CEILING_RATIO_TARGET = 0.5;
  static final double LIGHT_PAIR_P99_TARGET_MS = 25;
  static final double CPU_MS_PER_REQUEST_TARGET = 0.3;
  /** The composite sample of one assign and the complete that answers it, as a student waits for them. */
  static final String PAIR = "practice pair";
  /** Cores other processes may use during a window before the figures are flagged. */
  static final double OTHER_WORK_WARNING = 0.2;

  private SystemBench() {}

  /** Command-line flags; every one has the default of the issue. */
  record Options(
      int students, int warmupSeconds, int pacedSeconds, int lightSeconds, int seconds, int healthSeconds,
      int pgSeconds, int httpClients, int thinkMs, int lightThinkMs, boolean jfr, boolean threadDumps,
      boolean keepDatabase, List<String> productJvm,
      String productClasspath, Path dir) {

    static Options parse(String[] args) {
      int students = 200;
      int warmup = 60;
      int paced = 60;
      int light = 60;
      int seconds = 60;
      int health = 10;
      int pg = 20;
      int clients = 4;
      int think = 5000;
      int lightThink = 2000;
      boolean jfr = false;
      boolean dumps = false;
      boolean keep = false;
      List<String> jvm = List.of("-XX:+UseParallelGC");
      String productClasspath = ProductProcess.classpathWithoutTests();
      Path dir = Path.of("target", "bench");
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--students" -> students = Integer.parseInt(args[++i]);
          case "--warmup" -> warmup = Integer.parseInt(args[++i]);
          case "--paced-seconds" -> paced = Integer.parseInt(args[++i]);
          case "--light-seconds" -> light = Integer.parseInt(args[++i]);
          case "--light-think-ms" -> lightThink = Integer.parseInt(args[++i]);
          case "--seconds" -> seconds = Integer.parseInt(args[++i]);
          case "--health-seconds" -> health = Integer.parseInt(args[++i]);
          case "--pg-seconds" -> pg = Integer.parseInt(args[++i]);
          case "--http-clients" -> clients = Integer.parseInt(args[++i]);
          case "--think-ms" -> think = Integer.parseInt(args[++i]);
          case "--jfr" -> jfr = true;
          case "--thread-dumps" -> dumps = true;
          case "--keep-db" -> keep = true;
          case "--product-jvm" -> jvm = List.of(args[++i].trim().split("\\s+"));
          case "--product-classpath" -> productClasspath = args[++i];
          case "--dir" -> dir = Path.of(args[++i]);
          case "--help", "-h" -> {
            System.out.println(USAGE);
            System.exit(0);
          }
          default -> throw new IllegalArgumentException("unknown flag " + a + "\n" + USAGE);
        }
      }
      if (students < 1 || seconds < 0 || paced < 0 || light < 0 || paced + light + seconds < 1 || warmup < 0
          || health < 1 || pg < 1 || think < 1 || lightThink < 1) {
        throw new IllegalArgumentException("counts and durations must be positive\n" + USAGE);
      }
      return new Options(
          students, warmup, paced, light, seconds, health, pg, clients, think, lightThink, jfr, dumps, keep, jvm,
          productClasspath, dir);
    }
  }

  static final String USAGE =
      """
      SystemBench [--students 200] [--warmup 60] [--paced-seconds 60] [--think-ms 5000] [--light-seconds 60]
                  [--light-think-ms 2000] [--seconds 60]
                  [--health-seconds 10] [--pg-seconds 20] [--http-clients 4] [--product-jvm "-XX:+UseParallelGC"]
                  [--jfr] [--thread-dumps] [--keep-db] [--product-classpath CP] [--dir target/bench]
        --warmup         seconds of load at a fifth of the think time first, so the product's JIT has compiled the hot paths
        --paced-seconds  measured seconds of the paced phase: each student pauses between loops (0 skips it)
        --think-ms       that pause, uniform 0.5x..1.5x of it
        --light-seconds  measured seconds of the light phase: a pause after every operation (a practice pair,
                         another pair, the progress page), about a tenth of capacity (0 skips it)
        --light-think-ms that pause, uniform 0.5x..1.5x of it
        --seconds        measured seconds of the saturated phase: no pause at all (0 skips it)
        --jfr            record the measured phases in the product with JFR (settings=profile) to DIR/product.jfr
        --thread-dumps   three jcmd thread dumps of the product halfway through each measured phase
        --keep-db        leave the PostgreSQL database in place (its name is printed)
        --product-classpath  the product's classpath (default: this JVM's, without test-classes)""";

  record Student(String id, String token) {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Files.createDirectories(o.dir());
    List<String> out = new ArrayList<>();
    Machine.CpuSample idleFrom = Machine.sample(Optional.empty());
    TimeUnit.SECONDS.sleep(1);
    Machine.CpuShare before = Machine.share(idleFrom, Machine.sample(Optional.empty()));

    String dbUrl = TestDatabases.create();
    BenchLog.progress("database %s created", dbUrl);
    Report report;
    try {
      report = run(o, dbUrl);
    } finally {
      if (!o.keepDatabase()) TestDatabases.drop(dbUrl);
    }
    out.add("ElevareAI system benchmark");
    out.add("machine: " + Machine.describe());
    out.add(String.format(Locale.ROOT,
        "before the run the machine was %.2f of %d cores busy and %.2f stolen by the hypervisor (either skews every figure)",
        before.machine(), Runtime.getRuntime().availableProcessors(), before.steal()));
    out.add("database: " + report.postgres());
    out.add(String.format(Locale.ROOT,
        "load: %d virtual students, closed loop, %d HttpClient(s), HTTP/1.1 keep-alive; %d s warm-up (think %d ms),"
            + " then %d s paced (think %d ms, 0.5x..1.5x), then %d s light (think %d ms after each operation),"
            + " then %d s saturated (no think time)",
        o.students(), o.httpClients(), o.warmupSeconds(), o.thinkMs() / 5, o.pacedSeconds(), o.thinkMs(),
        o.lightSeconds(), o.lightThinkMs(), o.seconds()));
    out.add("product: own JVM " + String.join(" ", o.productJvm()) + ", per-user rate limits raised to " + RATE_LIMIT
        + "/min and /h for the bench (product defaults 100/min, 1000/h)");
    out.addAll(report.lines());
    out.forEach(System.out::println);
    System.out.println(report.resultLine());
  }

  /** Everything the run measured, ready to print. */
  record Report(String postgres, List<String> lines, String resultLine) {}

  /** The figures of the mixed load that the targets and the RESULT line use. */
  private record LoadFigures(
      String phase, RouteStats.Summary practice, RouteStats.Summary pair, RouteStats.Summary complete,
      RouteStats.Summary progress, RouteStats.Summary qa, RouteStats.Summary all, double productCpuMsPerRequest,
      double productCpuMsWithoutCompiler, int averagePayload) {}

  private static Report run(Options o, String dbUrl) throws Exception {
    List<String> lines = new ArrayList<>();
    String postgres = postgresInfo(dbUrl);
    BenchLog.progress("starting the product");
    Optional<LoadFigures> paced;
    Optional<LoadFigures> light;
    Optional<LoadFigures> saturated;
    try (ProductProcess product =
        ProductProcess.start(
            o.productClasspath(), o.productJvm(), productEnvironment(dbUrl), o.dir(),
            Duration.ofMinutes(3))) {
      BenchLog.progress("product ready in %.1f s (pid %d, port %d, log %s)",
          product.secondsToReady(), product.pid(), product.port(), product.log());
      lines.add(String.format(Locale.ROOT, "start to ready: %.1f s (process start to the first 200 from GET /ready)",
          product.secondsToReady()));
      BenchHttp http = new BenchHttp(product.port(), o.httpClients());
      long setupStart = System.nanoTime();
      List<Student> students = createStudents(http, o.students());
      lines.add(String.format(Locale.ROOT, "setup: %d students created (POST /admin/users) and signed in in %.1f s",
          students.size(), (System.nanoTime() - setupStart) / 1e9));
      LoadDriver driver = new LoadDriver(http, Optional.of(product.pid()));
      warmUp(o, http, driver, students);
      settle(dbUrl, product);
      // One recording over the measured phases (and their ramp-ups): its duration covers them.
      if (o.jfr()) startJfr(product, o);
      Phases phases = new Phases(o, dbUrl, product, driver, lines);
      paced =
          phases.run("paced", o.pacedSeconds(), o.thinkMs() + " ms (0.5x..1.5x) after each loop",
              (user, k, calls) -> {
                studentIteration(http, students.get(user), user, k, calls);
                think(o.thinkMs());
              });
      light =
          phases.run("light", o.lightSeconds(),
              o.lightThinkMs() + " ms (0.5x..1.5x) after each operation: practice pair, practice pair, progress",
              (user, k, calls) -> {
                lightOperation(http, students.get(user), user, k, calls);
                think(o.lightThinkMs());
              });
      saturated =
          phases.run("saturated", o.seconds(), "none",
              (user, k, calls) -> studentIteration(http, students.get(user), user, k, calls));
      healthCeiling(o, http, driver, saturated.or(() -> paced).or(() -> light).orElseThrow().all(), lines);
      BenchLog.progress("stopping the product");
    }
    BenchLog.progress("PostgreSQL ceiling: single-row INSERTs for %d s", o.pgSeconds());
    PgCeiling.Result pg =
        PgCeiling.measure(dbUrl, o.students(), Duration.ofSeconds(o.pgSeconds()),
            saturated.or(() -> paced).or(() -> light).orElseThrow().averagePayload(), o.dir());
    lines.add(String.format(Locale.ROOT,
        "PostgreSQL single-row INSERT: %.0f tps, average latency %.1f ms; %s; payload %d B (this run's average event);"
            + " table shaped like event_journal",
        pg.tps(), pg.latencyMs(), pg.method(), pg.payloadBytes()));
    if (!pg.note().isEmpty()) lines.add("  note: " + pg.note());

    // Latency at 200 concurrent students is what a student feels: the paced phase. Throughput is
    // what the product sustains flat out: the saturated phase (its latency is Little's law).
    LoadFigures latency = paced.or(() -> saturated).or(() -> light).orElseThrow();
    LoadFigures throughput = saturated.or(() -> paced).or(() -> light).orElseThrow();
    double completions = throughput.complete().perSecond();
    double ratio = completions / pg.tps();
    // These two belong to their phase only: another phase's figure would not be comparable.
    double cpuMsPerRequest = saturated.map(LoadFigures::productCpuMsPerRequest).orElse(Double.NaN);
    RouteStats.Summary lightPair = light.map(LoadFigures::pair).orElse(RouteStats.Summary.EMPTY);
    lines.add("");
    lines.add(String.format(Locale.ROOT,
        "targets (issue 5): latencies from the %s phase, completions_per_s from the %s phase",
        latency.phase(), throughput.phase()));
    lines.add(target("practice p99 (assign + complete)", latency.practice().p99Ms(), "ms", "<=", PRACTICE_P99_TARGET_MS));
    lines.add(target("progress p99", latency.progress().p99Ms(), "ms", "<=", PROGRESS_P99_TARGET_MS));
    lines.add(target("ceiling_ratio (completions/s / pg tps)", ratio, "", ">=", CEILING_RATIO_TARGET));
    lines.add("targets (issue 10): CPU from the saturated phase, the pair from the light phase");
    lines.add(target("product CPU per request (cpu_ms_per_req)", cpuMsPerRequest, "ms", 3, "<=",
        CPU_MS_PER_REQUEST_TARGET));
    // what the JIT compiler still spent in the window, which a product that has run a while no longer does
    lines.add(String.format(Locale.ROOT, "  %-40s %10s ms", "  the same without the JIT compiler's CPU",
        fmt(saturated.map(LoadFigures::productCpuMsWithoutCompiler).orElse(Double.NaN), 3)));
    lines.add(target("practice pair p99 at light load", lightPair.p99Ms(), "ms", "<=", LIGHT_PAIR_P99_TARGET_MS));
    lines.add(String.format(Locale.ROOT, "  %-40s %10s ms", "practice pair p50 at light load",
        fmt(lightPair.p50Ms(), 1)));
    String result =
        String.format(
            Locale.ROOT,
            "RESULT practice_p99_ms=%s progress_p99_ms=%s qa_p99_ms=%s completions_per_s=%s pg_insert_tps=%s ceiling_ratio=%s"
                + " cpu_ms_per_req=%s light_pair_p99_ms=%s light_pair_p50_ms=%s",
            fmt(latency.practice().p99Ms(), 1), fmt(latency.progress().p99Ms(), 1), fmt(latency.qa().p99Ms(), 1),
            fmt(completions, 1), fmt(pg.tps(), 0), fmt(ratio, 3), fmt(cpuMsPerRequest, 3),
            fmt(lightPair.p99Ms(), 1), fmt(lightPair.p50Ms(), 1));
    return new Report(postgres, lines, result);
  }

  /** Production configuration through the environment, with the bench's database and rate limits. */
  private static Map<String, String> productEnvironment(String dbUrl) {
    return Map.of(
        "ELEVARE_DB_URL", dbUrl,
        "ELEVARE_DB_USER", "postgres",
        "ELEVARE_DB_PASSWORD", "",
        "ELEVARE_DEMO_ACCOUNTS", "true",
        "ELEVARE_RATE_PER_MINUTE", RATE_LIMIT,
        "ELEVARE_RATE_PER_HOUR", RATE_LIMIT,
        "ELEVARE_AI_PROVIDER", "local",
        // production refuses to start without one
        "ELEVARE_WEBHOOK_SECRET", "bench-webhook-secret");
  }

  /**
   * The measured phases in order, with a settle before each one but the first, so one phase's
   * backlog does not load the next.
   */
  private static final class Phases {
    private final Options o;
    private final String dbUrl;
    private final ProductProcess product;
    private final LoadDriver driver;
    private final List<String> lines;
    private boolean first = true;

    Phases(Options o, String dbUrl, ProductProcess product, LoadDriver driver, List<String> lines) {
      this.o = o;
      this.dbUrl = dbUrl;
      this.product = product;
      this.driver = driver;
      this.lines = lines;
    }

    /** Runs the phase unless {@code seconds} is 0 (skipped). */
    Optional<LoadFigures> run(String phase, int seconds, String think, LoadDriver.Worker worker) throws Exception {
      if (seconds == 0) return Optional.empty();
      if (!first) settle(dbUrl, product);
      first = false;
      return Optional.of(mixedLoad(phase, think, seconds, worker, o, dbUrl, product, driver, lines));
    }
  }

  /** The students' loop: per-route table, CPU, and what the database did per completion. */
  private static LoadFigures mixedLoad(
      String phase, String think, int seconds, LoadDriver.Worker worker, Options o, String dbUrl,
      ProductProcess product, LoadDriver driver, List<String> lines)
      throws Exception {
    DbActivity db = new DbActivity(dbUrl);
    CommitProbe probe = new CommitProbe(dbUrl);
    Runnable atStart =
        () -> {
          db.analyze();
          db.mark();
          probe.start();
        };
    Runnable midpoint =
        () -> {
          if (o.threadDumps()) new Thread(() -> threadDumps(product, o.dir(), phase), "thread-dumps").start();
        };
    BenchLog.progress("%s: %d students, think time %s, ramp-up %d s, then %d s measured",
        phase, o.students(), think, RAMP_SECONDS, seconds);
    LoadDriver.Result load =
        driver.run(
            phase, o.students(), Duration.ofSeconds(RAMP_SECONDS), Duration.ofSeconds(seconds), worker,
            "practice/complete", atStart, midpoint);
    DbActivity.Delta written = db.since();
    long lag = db.projectionLag();
    probe.close();

    RouteStats s = load.stats();
    double secs = load.seconds();
    List<String> assigns = s.routes("practice/assign");
    List<String> completes = s.routes("practice/complete");
    List<String> practiceRoutes = new ArrayList<>(assigns);
    practiceRoutes.addAll(completes);
    List<String> allRoutes = new ArrayList<>(practiceRoutes);
    allRoutes.addAll(List.of("progress", "qa/query"));
    RouteStats.Summary assign = s.summary("practice/assign", secs, assigns);
    RouteStats.Summary complete = s.summary("practice/complete", secs, completes);
    RouteStats.Summary practice = s.summary("practice (both)", secs, practiceRoutes);
    RouteStats.Summary pair = s.summary(PAIR, secs);
    RouteStats.Summary progress = s.summary("progress", secs);
    RouteStats.Summary qa = s.summary("qa/query", secs);
    RouteStats.Summary all = s.summary("all", secs, allRoutes);
    lines.add("");
    lines.add(String.format(Locale.ROOT, "%s phase: %d virtual students, think time %s, %.0f s measured",
        phase, o.students(), think, secs));
    lines.add(header());
    for (RouteStats.Summary r : List.of(assign, complete, practice, pair, progress, qa, all)) lines.add(row(r));
    lines.add("  by subject:");
    for (String r : practiceRoutes) {
      lines.add(row(s.summary("  " + r.substring("practice/".length()), secs, List.of(r))));
    }
    s.failureKinds().forEach((k, v) -> lines.add("  failures " + k + ": " + v));
    lines.add("  cpu: " + load.cpu().describe());
    // Every request that ended in the window costs the product CPU, the failed ones too.
    double requestsPerSecond = (all.count() + all.failures()) / secs;
    lines.add(cpuPerRequest(load.cpu(), requestsPerSecond));
    if (load.cpu().other() + load.cpu().steal() > OTHER_WORK_WARNING) {
      lines.add(String.format(Locale.ROOT,
          "  WARNING: other processes used %.2f cores and the hypervisor stole %.2f during the measured window:"
              + " these figures understate the product",
          load.cpu().other(), load.cpu().steal()));
    }
    double perCompletion = complete.count() == 0 ? Double.NaN : 1.0 / complete.count();
    lines.add(String.format(Locale.ROOT,
        "  journal: %d events written in the window (%.0f/s, %.2f per completion), %d event_tag rows",
        written.events(), written.events() / secs, written.events() * perCompletion, written.tags()));
    lines.add(String.format(Locale.ROOT,
        "  database per completion: %.1f commits, %.1f rows inserted, %.1f updated, %.1f deleted, %.0f rows read"
            + " (the probe's own rows left out; planner statistics refreshed by ANALYZE when the window opened)",
        (written.commits() - probe.count()) * perCompletion, (written.inserted() - probe.count()) * perCompletion,
        written.updated() * perCompletion, written.deleted() * perCompletion, written.fetched() * perCompletion));
    lines.add("  rows written per completion by table: " + written.topTables(8, complete.count()));
    lines.add(String.format(Locale.ROOT,
        "  read side: when the window closed the slowest projection instance had %d events of its tag left to process"
            + " (a growing lag means the rate above is not sustained)", lag));
    lines.add("  PostgreSQL commit latency meanwhile (a probe inserting one row every 50 ms): " + probe.describe());
    if (written.checkpoints() > 0) {
      lines.add(String.format(Locale.ROOT,
          "  note: PostgreSQL ran %d checkpoint(s) during the window (CREATE/DROP DATABASE elsewhere force them);"
              + " commit latency spikes while it flushes", written.checkpoints()));
    }
    double cpuMsPerRequest = load.cpu().product() / requestsPerSecond * 1000;
    double withoutCompiler = load.cpu().productWithoutCompiler() / requestsPerSecond * 1000;
    return new LoadFigures(
        phase, practice, pair, complete, progress, qa, all, cpuMsPerRequest, withoutCompiler, db.averagePayload());
  }

  /** The product counts as quiet (JIT queue drained, projections idle) below this many cores. */
  static final double QUIET_CORES = 0.15;

  /** Seconds each measured phase runs before its window opens, so the students' loops are out of step. */
  static final int RAMP_SECONDS = 5;

  /**
   * Load that is not measured, so the JIT has compiled the hot paths as in a product that has run
   * a while. Each student thinks a fifth of the paced time: about half the product's capacity.
   * Saturating load warms worse: the compiler then lags behind, drops the queued methods that went
   * stale, and compiles them again during the next phase.
   */
  private static void warmUp(Options o, BenchHttp http, LoadDriver driver, List<Student> students)
      throws InterruptedException {
    if (o.warmupSeconds() == 0) return;
    int thinkMs = o.thinkMs() / 5;
    BenchLog.progress("warm-up: %d students, think time %d ms, %d s", o.students(), thinkMs, o.warmupSeconds());
    driver.run(
        "warm-up", o.students(), Duration.ofSeconds(o.warmupSeconds()), Duration.ZERO,
        (user, k, calls) -> {
          studentIteration(http, students.get(user), user, k, calls);
          think(thinkMs);
        },
        "practice/complete", () -> {}, () -> {});
  }

  /**
   * Waits until the projections have caught up and the product is quiet again, so neither one
   * phase's backlog nor the JIT compiler's queue (it falls behind while the cores are saturated)
   * loads the next phase. Each wait gives up after 2 minutes and says so.
   */
  private static void settle(String dbUrl, ProductProcess product) throws InterruptedException {
    DbActivity db = new DbActivity(dbUrl);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    long lag;
    while ((lag = db.projectionLag()) != 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(250);
    }
    BenchLog.progress(lag == 0 ? "projections caught up" : "projections still %d events behind after 2 min", lag);
    long quietFrom = System.nanoTime();
    deadline = quietFrom + TimeUnit.MINUTES.toNanos(2);
    double cores;
    do {
      Machine.CpuSample from = Machine.sample(Optional.of(product.pid()));
      TimeUnit.SECONDS.sleep(3);
      cores = Machine.share(from, Machine.sample(Optional.of(product.pid()))).product();
    } while (cores > QUIET_CORES && System.nanoTime() < deadline);
    BenchLog.progress("product %s after %.0f s (%.2f cores over the last 3 s)",
        cores <= QUIET_CORES ? "quiet" : "still busy", (System.nanoTime() - quietFrom) / 1e9, cores);
  }

  /** GET /health from as many users: what the HTTP stack and this load generator allow together. */
  private static void healthCeiling(
      Options o, BenchHttp http, LoadDriver driver, RouteStats.Summary load, List<String> lines)
      throws InterruptedException {
    BenchLog.progress("HTTP ceiling: GET /health with %d users", o.students());
    var request = http.get("/health", null);
    LoadDriver.Result health =
        driver.run(
            "health", o.students(), Duration.ofSeconds(3), Duration.ofSeconds(o.healthSeconds()),
            (user, k, calls) -> calls.call("health", user, request), "health", () -> {}, () -> {});
    RouteStats.Summary h = health.stats().summary("GET /health", health.seconds(), List.of("health"));
    lines.add("");
    lines.add("ceilings, same machine, same run (product idle, then stopped):");
    lines.add(header());
    lines.add(row(h));
    lines.add("  cpu: " + health.cpu().describe());
    lines.add(cpuPerRequest(health.cpu(), h.perSecond()));
    lines.add(String.format(Locale.ROOT, "  the mixed load's %.0f requests/s are %.3f of this rate",
        load.perSecond(), load.perSecond() / h.perSecond()));
  }

  private static String cpuPerRequest(Machine.CpuShare cpu, double requestsPerSecond) {
    return String.format(Locale.ROOT,
        "  cpu per request: product %.3f ms (%.3f ms without its JIT compiler), load generator %.3f ms",
        cpu.product() / requestsPerSecond * 1000,
        cpu.productWithoutCompiler() / requestsPerSecond * 1000,
        cpu.loadGenerator() / requestsPerSecond * 1000);
  }

  /**
   * One loop of a virtual student: an assignment in the next subject, answered wrong or given up
   * on alternate visits to that subject (so nothing depends on knowing answers, and half the
   * assign calls return the still-open assignment), the progress page, and every 10th loop a
   * question.
   */
  static void studentIteration(BenchHttp http, Student s, int user, long k, LoadDriver.Calls calls)
      throws InterruptedException {
    practicePair(http, s, user, k, calls);
    calls.call("progress", user, http.get("/progress/" + s.id(), s.token()));
    if (k % 10 == 9) {
      String subject = subject(user, k);
      calls.call(
          "qa/query", user,
          http.post("/qa/query", s.token(), Map.of("question", QUESTIONS.get(subject), "subject", subject)));
    }
  }

  /**
   * The {@code pair}-th practice pair of a student: an assignment in the next subject, answered
   * wrong or given up on alternate visits to that subject. Besides both calls, the pair is recorded
   * as one sample, the sum of the two exchanges: what the student waits for one exercise.
   */
  static void practicePair(BenchHttp http, Student s, int user, long pair, LoadDriver.Calls calls)
      throws InterruptedException {
    String subject = subject(user, pair);
    boolean giveUp = (pair / SUBJECTS.size()) % 2 == 1;
    Optional<BenchHttp.Reply> a =
        calls.call("practice/assign " + subject, user, http.get("/practice/assign?subject=" + subject, s.token()));
    if (a.isEmpty()) {
      calls.compositeFailed(PAIR, "assign failed");
      return;
    }
    String assignment = a.get().text("assignment_id");
    if (assignment == null) {
      calls.compositeFailed(PAIR, "no assignment_id");
      return;
    }
    Map<String, Object> body =
        giveUp
            ? Map.of("assignment_id", assignment, "give_up", true)
            : Map.of("assignment_id", assignment, "answer", WRONG_ANSWER, "time_ms", 30_000);
    Optional<BenchHttp.Reply> c =
        calls.call("practice/complete " + subject, user, http.post("/practice/complete", s.token(), body));
    if (c.isEmpty()) {
      calls.compositeFailed(PAIR, "complete failed");
    } else {
      calls.composite(PAIR, a.get().nanos() + c.get().nanos());
    }
  }

  /** The subject of a student's {@code n}-th practice pair: each student rotates over the five. */
  private static String subject(int user, long n) {
    return SUBJECTS.get((int) ((user + n) % SUBJECTS.size()));
  }

  /**
   * Operation {@code k} of a student in the light phase: two practice pairs, then the progress
   * page, over and over (a think pause follows each). At 200 students and 2 s that is about 67
   * pairs/s, the load under which the light-load tail was seen.
   */
  static void lightOperation(BenchHttp http, Student s, int user, long k, LoadDriver.Calls calls)
      throws InterruptedException {
    if (k % 3 == 2) {
      calls.call("progress", user, http.get("/progress/" + s.id(), s.token()));
    } else {
      practicePair(http, s, user, k / 3 * 2 + k % 3, calls);
    }
  }

  /** A student reading and answering between loops; randomised so students do not march in step. */
  static void think(int ms) throws InterruptedException {
    if (ms > 0) TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(ms / 2, ms * 3L / 2 + 1));
  }

  /** Creates and signs in the students, 8 at a time (both cost one bcrypt hash in the product). */
  static List<Student> createStudents(BenchHttp http, int n) throws Exception {
    String admin =
        http.expectOk(0, http.post("/auth/login", null, Map.of("email", "admin@demo.elevare", "password", "elevare-demo")))
            .text("access_token");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Student>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  String email = "bench-" + index + "@bench.elevare";
                  String id =
                      http.expectOk(index, http.post("/admin/users", admin,
                              Map.of("email", email, "name", "Bench Student " + index, "role", "student",
                                  "password", STUDENT_PASSWORD)))
                          .text("id");
                  String token =
                      http.expectOk(index, http.post("/auth/login", null, Map.of("email", email, "password", STUDENT_PASSWORD)))
                          .text("access_token");
                  return new Student(id, token);
                }));
      }
      List<Student> students = new ArrayList<>();
      long last = System.nanoTime();
      for (Future<Student> f : futures) {
        students.add(f.get(5, TimeUnit.MINUTES));
        if (System.nanoTime() - last > TimeUnit.SECONDS.toNanos(5)) {
          BenchLog.progress("setup: %d/%d students created and signed in", students.size(), n);
          last = System.nanoTime();
        }
      }
      return students;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void startJfr(ProductProcess product, Options o) {
    Path file = o.dir().resolve("product.jfr").toAbsolutePath();
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      new ProcessBuilder(
              jcmd.toString(), String.valueOf(product.pid()), "JFR.start", "name=bench", "settings=profile",
              "duration=" + (o.pacedSeconds() + o.lightSeconds() + o.seconds() + 3 * RAMP_SECONDS + 60) + "s",
              "filename=" + file)
          .redirectErrorStream(true)
          .redirectOutput(o.dir().resolve("jfr-start.log").toFile())
          .start();
      BenchLog.progress("JFR recording of the measured phases goes to %s", file);
    } catch (java.io.IOException e) {
      BenchLog.progress("JFR could not start: %s", e.getMessage());
    }
  }

  private static void threadDumps(ProductProcess product, Path dir, String phase) {
    for (int i = 1; i <= 3; i++) {
      Path file = dir.resolve("product-threads-" + phase + "-" + i + ".txt");
      if (product.threadDump(file)) BenchLog.progress("thread dump written to %s", file);
      try {
        TimeUnit.SECONDS.sleep(1);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String postgresInfo(String dbUrl) {
    try (Connection c = DriverManager.getConnection(dbUrl, "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT split_part(version(), ' ', 2), current_setting('fsync'), current_setting('synchronous_commit'),"
                    + " current_setting('max_connections'), current_setting('shared_buffers')")) {
      rs.next();
      return String.format(
          "PostgreSQL %s at %s (fsync %s, synchronous_commit %s, max_connections %s, shared_buffers %s)",
          rs.getString(1), TestDatabases.HOST, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
    } catch (Exception e) {
      return "PostgreSQL at " + TestDatabases.HOST + " (" + e.getMessage() + ")";
    }
  }

  static String header() {
    return String.format(Locale.ROOT, "  %-20s %9s %9s %8s %8s %8s %8s %9s",
        "route", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "failures");
  }

  static String row(RouteStats.Summary r) {
    return String.format(Locale.ROOT, "  %-20s %9d %9.1f %8s %8s %8s %8s %9d",
        r.route(), r.count(), r.perSecond(), fmt(r.p50Ms(), 1), fmt(r.p95Ms(), 1), fmt(r.p99Ms(), 1),
        fmt(r.maxMs(), 1), r.failures());
  }

  static String target(String name, double value, String unit, String op, double target) {
    return target(name, value, unit, unit.isEmpty() ? 3 : 1, op, target);
  }

  static String target(String name, double value, String unit, int decimals, String op, double target) {
    boolean met = !Double.isNaN(value) && (op.equals("<=") ? value <= target : value >= target);
    return String.format(Locale.ROOT, "  %-40s %10s %-2s  target %s %s %-2s  %s",
        name, fmt(value, decimals), unit, op.equals("<=") ? "≤" : "≥",
        BigDecimal.valueOf(target).stripTrailingZeros().toPlainString(), unit,
        Double.isNaN(value) ? "NOT MEASURED" : met ? "met" : "MISSED");
  }

  static String fmt(double v, int decimals) {
    if (Double.isNaN(v) || Double.isInfinite(v)) return "NA";
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
