package ai.elevare.bench;

import ai.elevare.platform.App;
import ai.elevare.platform.Settings;
import ai.elevare.student.StudentCommand;
import ai.elevare.student.StudentEntity;
import ai.elevare.student.StudentReply;
import ai.elevare.testing.TestDatabases;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The student entity's memory and recovery, in this JVM on the real product wiring ({@link
 * App#start}: sharding, the JDBC journal and snapshot store on a fresh PostgreSQL database).
 *
 * <ul>
 *   <li>Heap per idle entity: N students woken through sharding with one GetProgress each (a
 *       read: nothing is persisted), full GC before and after, heap delta / N.
 *   <li>Recovery: M students (and a tenth more for warm-up) practise until each has E events
 *       (assignment + give-up pairs, with a snapshot every S events); once the projections have
 *       caught up and ANALYZE has run, the node is restarted, the warm-up students are woken
 *       unmeasured, and every measured student is woken one at a time by a GetProgress whose round
 *       trip is timed (p50/p99). Then the snapshots are deleted and the same is measured again: pure
 *       event replay. The heap those woken students take is reported as the heap per practised
 *       entity.
 * </ul>
 *
 * Prints one {@code ENTITY ...} line at the end. Run with -XX:+UseParallelGC so System.gc() is a
 * full, compacting collection.
 */
public final class EntityBench {
  private static final Duration ASK = Duration.ofSeconds(60);
  private static final int WARM_ENTITIES = 2_000;
  static final double HEAP_TARGET_BYTES = 4 * 1024;
  static final double RECOVERY_P99_TARGET_MS = 10;

  private EntityBench() {}

  record Options(
      int entities, int recoveryEntities, int events, int snapshotEvery, boolean heap, boolean recovery,
      boolean histogram) {
    static Options parse(String[] args) {
      int entities = 100_000;
      int recoveryEntities = 1_000;
      int events = 50;
      int snapshotEvery = 20;
      boolean heap = true;
      boolean recovery = true;
      boolean histogram = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--entities" -> entities = Integer.parseInt(args[++i]);
          case "--recovery-entities" -> recoveryEntities = Integer.parseInt(args[++i]);
          case "--events" -> events = Integer.parseInt(args[++i]);
          case "--snapshot-every" -> snapshotEvery = Integer.parseInt(args[++i]);
          case "--heap-only" -> recovery = false;
          case "--recovery-only" -> heap = false;
          case "--histogram" -> histogram = true;
          case "--help", "-h" -> {
            System.out.println(USAGE);
            System.exit(0);
          }
          default -> throw new IllegalArgumentException("unknown flag " + args[i] + "\n" + USAGE);
        }
      }
      if (entities < 1 || recoveryEntities < 1 || events < 2 || snapshotEvery < 1) {
        throw new IllegalArgumentException(USAGE);
      }
      return new Options(entities, recoveryEntities, events, snapshotEvery, heap, recovery, histogram);
    }
  }

  static final String USAGE =
      """
      EntityBench [--entities 100000] [--recovery-entities 1000] [--events 50] [--snapshot-every 20]
                  [--heap-only | --recovery-only] [--histogram]
        --histogram  also print the classes whose heap grew most per idle entity (class histograms)""";

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    // The product's libraries print to stdout while nodes stop; stdout carries only the report.
    java.io.PrintStream report = System.out;
    System.setOut(System.err);
    List<String> out = new ArrayList<>();
    out.add("ElevareAI entity benchmark");
    out.add("machine: " + Machine.describe());
    out.add("JVM: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
    double heapPerIdle = Double.NaN;
    Recovery withSnapshots = null;
    Recovery replayOnly = null;
    if (o.heap()) {
      heapPerIdle = heapPerIdleEntity(o, out);
    }
    if (o.recovery()) {
      Recovery[] r = recovery(o, out);
      withSnapshots = r[0];
      replayOnly = r[1];
    }
    out.add("");
    out.add("targets (issue 5):");
    out.add(SystemBench.target("heap per idle entity", heapPerIdle / 1024, "KB", "<=", HEAP_TARGET_BYTES / 1024));
    out.add(SystemBench.target("recovery p99 with snapshots", withSnapshots == null ? Double.NaN : withSnapshots.p99(), "ms",
        "<=", RECOVERY_P99_TARGET_MS));
    out.forEach(report::println);
    report.printf(
        Locale.ROOT,
        "ENTITY heap_per_idle_entity_bytes=%s recovery_p50_ms=%s recovery_p99_ms=%s replay_p50_ms=%s replay_p99_ms=%s%n",
        SystemBench.fmt(heapPerIdle, 0),
        SystemBench.fmt(withSnapshots == null ? Double.NaN : withSnapshots.p50(), 2),
        SystemBench.fmt(withSnapshots == null ? Double.NaN : withSnapshots.p99(), 2),
        SystemBench.fmt(replayOnly == null ? Double.NaN : replayOnly.p50(), 2),
        SystemBench.fmt(replayOnly == null ? Double.NaN : replayOnly.p99(), 2));
    System.exit(0);
  }

  // ---- heap per idle entity -------------------------------------------------------------------

  private static double heapPerIdleEntity(Options o, List<String> out) throws Exception {
    String db = TestDatabases.create();
    try (App app = start(db, o.snapshotEvery())) {
      BenchLog.progress("heap: warming up with %d entities", WARM_ENTITIES);
      wakeAll(app, freshIds(WARM_ENTITIES), 200, "warm-up");
      long before = usedHeapAfterGc();
      Map<String, long[]> histogramBefore = o.histogram() ? classHistogram() : Map.of();
      List<String> ids = freshIds(o.entities());
      long start = System.nanoTime();
      wakeAll(app, ids, 500, "heap");
      double seconds = (System.nanoTime() - start) / 1e9;
      long after = usedHeapAfterGc();
      int alive = aliveEntities(app);
      double perEntity = (after - before) / (double) o.entities();
      out.add("");
      out.add(String.format(Locale.ROOT,
          "heap per idle entity: %.0f B (%.2f KB); %d entities woken by one GetProgress each in %.1f s (%.0f/s, recovery from an empty journal included)",
          perEntity, perEntity / 1024, o.entities(), seconds, o.entities() / seconds));
      out.add(String.format(Locale.ROOT,
          "  used heap after full GC: %.1f MB before, %.1f MB after; %d entities alive in the shard region at the second GC",
          before / 1e6, after / 1e6, alive));
      if (alive < o.entities()) {
        out.add("  note: fewer entities alive than woken, so the figure is a lower bound");
      }
      if (o.histogram()) out.addAll(histogramDelta(histogramBefore, classHistogram(), o.entities()));
      return perEntity;
    } finally {
      TestDatabases.drop(db);
    }
  }

  // ---- recovery ---------------------------------------------------------------------------------

  /** Wake-up latencies, and the collections this JVM ran meanwhile (a pause lands in some). */
  record Recovery(Histogram latencies, long gcs, long gcMillis) {
    double p50() {
      return latencies.getValueAtPercentile(50) / 1000.0;
    }

    double p99() {
      return latencies.getValueAtPercentile(99) / 1000.0;
    }

    String describe() {
      return String.format(Locale.ROOT,
          "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms over %d entities (%d GCs meanwhile, %d ms in all)",
          p50(), latencies.getValueAtPercentile(95) / 1000.0, p99(), latencies.getMaxValue() / 1000.0,
          latencies.getTotalCount(), gcs, gcMillis);
    }
  }

  private static Recovery[] recovery(Options o, List<String> out) throws Exception {
    String db = TestDatabases.create();
    try {
      List<String> ids = freshIds(o.recoveryEntities());
      // A tenth more students practise too; they are woken first, unmeasured, so the JIT has
      // compiled the snapshot and replay path before the timed wake-ups, as on a node in service.
      List<String> warm = freshIds(Math.max(10, o.recoveryEntities() / 10));
      List<String> everyone = new ArrayList<>(ids);
      everyone.addAll(warm);
      Practised practised;
      double catchUp;
      try (App app = start(db, o.snapshotEvery())) {
        practised = practise(app, everyone, o.events());
        // Recovery is timed on a quiet node: the read side first works off what it is behind.
        catchUp = awaitProjections(db, Duration.ofMinutes(5));
      }
      // Planner statistics as autovacuum keeps them on a long-lived database; on this young one the
      // projections' eventsByTag polls would otherwise scan their whole tag and crowd the pool.
      execute(db, "ANALYZE");
      String stored = journalShape(db);
      out.add("");
      out.add(String.format(Locale.ROOT, "recovery: %d students practised to %d events each, snapshot every %d events: %s",
          everyone.size(), o.events(), o.snapshotEvery(), stored));
      out.add(String.format(Locale.ROOT,
          "  writing them took %.1f s: %.0f events/s through sharding, the entity and the journal (no HTTP),"
              + " 200 students at a time; %d rounds refused or failed; the projections caught up %.1f s later",
          practised.seconds(), (double) everyone.size() * (o.events() / 2 * 2) / practised.seconds(),
          practised.failedRounds(), catchUp));
      Recovery withSnapshots;
      double warmAskMs;
      long heapPerPractised;
      try (App app = start(db, o.snapshotEvery())) {
        warmAskMs = warmShards(app);
        wakeOneByOne(app, warm, "recovery warm-up");
        long before = usedHeapAfterGc();
        withSnapshots = wakeOneByOne(app, ids, "recovery with snapshots");
        heapPerPractised = (usedHeapAfterGc() - before) / ids.size();
      }
      execute(db, "DELETE FROM snapshot");
      Recovery replayOnly;
      try (App app = start(db, o.snapshotEvery())) {
        warmShards(app);
        wakeOneByOne(app, warm, "replay warm-up");
        replayOnly = wakeOneByOne(app, ids, "recovery by replay only");
      }
      out.add(String.format(Locale.ROOT,
          "  first GetProgress after a restart (snapshot load + replay of the events after it + reply): %s",
          withSnapshots.describe()));
      out.add(String.format(Locale.ROOT,
          "  the same with the snapshots deleted (replay of all %d events): %s", o.events(), replayOnly.describe()));
      out.add(String.format(Locale.ROOT,
          "  for scale: a GetProgress to an entity already awake takes %.2f ms (p50); heap per woken practised entity %d B",
          warmAskMs, heapPerPractised));
      return new Recovery[] {withSnapshots, replayOnly};
    } finally {
      TestDatabases.drop(db);
    }
  }

  /** What writing the history cost: wall time and the rounds that failed. */
  record Practised(double seconds, long failedRounds) {}

  /** Each student alternates assignments over the subjects and gives up on each: 2 events a round. */
  private static Practised practise(App app, List<String> ids, int events) throws Exception {
    ClusterSharding sharding = ClusterSharding.get(app.system());
    int rounds = events / 2;
    Semaphore inFlight = new Semaphore(200);
    AtomicLong done = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    long start = System.nanoTime();
    long lastLine = start;
    for (String id : ids) {
      inFlight.acquire();
      CompletableFuture<Void> f =
          rounds(sharding, id, 0, rounds, refused).toCompletableFuture()
              .whenComplete((v, e) -> {
                inFlight.release();
                done.incrementAndGet();
              });
      all.add(f);
      if (System.nanoTime() - lastLine > TimeUnit.SECONDS.toNanos(5)) {
        BenchLog.progress("recovery: %d/%d students practised", done.get(), ids.size());
        lastLine = System.nanoTime();
      }
    }
    CompletableFuture<Void> finished = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    while (true) {
      try {
        finished.get(5, TimeUnit.SECONDS);
        break;
      } catch (java.util.concurrent.TimeoutException stillRunning) {
        BenchLog.progress("recovery: %d/%d students practised", done.get(), ids.size());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    BenchLog.progress("recovery: %d students practised %d rounds each in %.1f s (%d rounds refused or failed)",
        ids.size(), rounds, seconds, refused.get());
    return new Practised(seconds, refused.get());
  }

  private static CompletionStage<Void> rounds(
      ClusterSharding sharding, String id, int round, int rounds, AtomicLong refused) {
    if (round == rounds) return CompletableFuture.completedFuture(null);
    String subject = SystemBench.SUBJECTS.get(round % SystemBench.SUBJECTS.size());
    var ref = sharding.entityRefFor(StudentEntity.ENTITY_KEY, id);
    return ref.<StudentReply.AssignReply>ask(r -> new StudentCommand.RequestAssignment(subject, r), ASK)
        .thenCompose(
            reply -> {
              if (!(reply instanceof StudentReply.AssignmentView v)) {
                refused.incrementAndGet();
                return CompletableFuture.completedFuture(null);
              }
              return ref.<StudentReply.CompleteReply>ask(
                      r -> new StudentCommand.Complete(v.assignmentId(), "", 0, 0, true, "UTC", null, r), ASK)
                  .thenApply(c -> (Void) null);
            })
        // A failed round (journal overloaded) is counted and the student goes on with the next.
        .exceptionally(
            e -> {
              refused.incrementAndGet();
              return null;
            })
        .thenCompose(v -> rounds(sharding, id, round + 1, rounds, refused));
  }

  /** Wakes fresh entities until every shard is allocated; returns a warm GetProgress p50 in ms. */
  private static double warmShards(App app) throws Exception {
    List<String> warm = freshIds(WARM_ENTITIES);
    wakeAll(app, warm, 200, "warm-up");
    Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    for (String id : warm.subList(0, Math.min(1000, warm.size()))) h.recordValue(Math.max(1, timedProgress(app, id) / 1000));
    return h.getValueAtPercentile(50) / 1000.0;
  }

  private static Recovery wakeOneByOne(App app, List<String> ids, String phase) throws Exception {
    Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    BenchLog.progress("%s: waking %d students one at a time", phase, ids.size());
    long[] gcBefore = gcTotals();
    for (String id : ids) h.recordValue(Math.max(1, timedProgress(app, id) / 1000));
    long[] gcAfter = gcTotals();
    return new Recovery(h, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
  }

  /** Collections so far and the milliseconds they took, over every collector of this JVM. */
  private static long[] gcTotals() {
    long count = 0;
    long millis = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  private static long timedProgress(App app, String id) throws Exception {
    long start = System.nanoTime();
    progress(app, id).toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS);
    return System.nanoTime() - start;
  }

  private static CompletionStage<StudentReply.ProgressView> progress(App app, String id) {
    return ClusterSharding.get(app.system())
        .entityRefFor(StudentEntity.ENTITY_KEY, id)
        .<StudentReply.ProgressView>ask(r -> new StudentCommand.GetProgress("UTC", r), ASK);
  }

  /** GetProgress to every id, at most {@code parallel} in flight. */
  private static void wakeAll(App app, List<String> ids, int parallel, String phase) throws Exception {
    Semaphore inFlight = new Semaphore(parallel);
    long lastLine = System.nanoTime();
    int sent = 0;
    for (String id : ids) {
      inFlight.acquire();
      progress(app, id).whenComplete((v, e) -> inFlight.release());
      sent++;
      if (System.nanoTime() - lastLine > TimeUnit.SECONDS.toNanos(5)) {
        BenchLog.progress("%s: %d/%d entities woken", phase, sent, ids.size());
        lastLine = System.nanoTime();
      }
    }
    inFlight.acquire(parallel);
    inFlight.release(parallel);
  }

  private static int aliveEntities(App app) throws Exception {
    ShardRegion.CurrentShardRegionState state =
        AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
                ClusterSharding.get(app.system()).shardState(),
                r -> new GetShardRegionState(StudentEntity.ENTITY_KEY, r),
                Duration.ofSeconds(30),
                app.system().scheduler())
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    return state.getShards().stream().mapToInt(s -> s.getEntityIds().size()).sum();
  }

  /** class name → {instances, bytes}, from the DiagnosticCommand MBean (jcmd GC.class_histogram). */
  private static Map<String, long[]> classHistogram() throws Exception {
    String text =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    Map<String, long[]> classes = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      }
    }
    return classes;
  }

  private static List<String> histogramDelta(Map<String, long[]> before, Map<String, long[]> after, int entities) {
    List<String> lines = new ArrayList<>();
    lines.add("  heap growth by class, per entity (top 15):");
    after.entrySet().stream()
        .map(e -> {
          long[] b = before.getOrDefault(e.getKey(), new long[2]);
          return Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]});
        })
        .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
        .limit(15)
        .forEach(e -> lines.add(String.format(Locale.ROOT, "    %8.1f B  %6.2f objects  %s",
            e.getValue()[1] / (double) entities, e.getValue()[0] / (double) entities, e.getKey())));
    return lines;
  }

  private static List<String> freshIds(int n) {
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) ids.add(UUID.randomUUID().toString());
    return ids;
  }

  /** Used heap after full collections; the smallest of three readings. */
  static long usedHeapAfterGc() throws InterruptedException {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(200);
      min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return min;
  }

  /** The product in this JVM on {@code dbUrl}, as the integration tests start it. */
  private static App start(String dbUrl, int snapshotEvery) throws Exception {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("elevare.db.url", dbUrl);
    overrides.put("elevare.db.user", "postgres");
    overrides.put("elevare.db.password", "");
    overrides.put("elevare.http.host", "127.0.0.1");
    overrides.put("elevare.http.port", 0);
    overrides.put("elevare.auth.demo-accounts", "false");
    overrides.put("elevare.ai.provider", "local");
    overrides.put("elevare.data-dir", "target/bench/entity-data");
    overrides.put("elevare.student.snapshot-every", snapshotEvery);
    overrides.put("pekko.remote.artery.canonical.port", 0);
    overrides.put("pekko.loglevel", "WARNING");
    return App.start(Settings.load("application", overrides));
  }

  /**
   * Waits until every projection's stored offset has reached the last event of its tag; returns
   * the seconds it took (NaN when it did not within {@code timeout}).
   */
  private static double awaitProjections(String dbUrl, Duration timeout) throws Exception {
    long start = System.nanoTime();
    String behind =
        "SELECT count(*) FROM pekko_projection_offset_store o"
            + " WHERE o.current_offset::bigint < (SELECT coalesce(max(t.event_id), 0) FROM event_tag t WHERE t.tag = o.projection_key)";
    try (Connection c = DriverManager.getConnection(dbUrl, "postgres", "");
        Statement s = c.createStatement()) {
      long lastLine = start;
      while (System.nanoTime() - start < timeout.toNanos()) {
        long lagging;
        try (ResultSet rs = s.executeQuery(behind)) {
          rs.next();
          lagging = rs.getLong(1);
        }
        if (lagging == 0) return (System.nanoTime() - start) / 1e9;
        if (System.nanoTime() - lastLine > TimeUnit.SECONDS.toNanos(5)) {
          BenchLog.progress("recovery: waiting for %d projection(s) to catch up", lagging);
          // Autovacuum is off on the bench machine's PostgreSQL; its auto-analyze would keep the
          // statistics of the fast-growing journal fresh. Stale ones make each eventsByTag poll take
          // seconds (a plan for the empty tables), and the read side then needs minutes, not seconds.
          s.execute("ANALYZE event_journal, event_tag");
          lastLine = System.nanoTime();
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
    return Double.NaN;
  }

  private static String journalShape(String dbUrl) throws Exception {
    try (Connection c = DriverManager.getConnection(dbUrl, "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM event_journal), (SELECT count(DISTINCT persistence_id) FROM event_journal),"
                    + " (SELECT coalesce(avg(octet_length(event_payload)), 0) FROM event_journal),"
                    + " (SELECT count(*) FROM snapshot), (SELECT coalesce(avg(octet_length(snapshot_payload)), 0) FROM snapshot)")) {
      rs.next();
      return String.format(Locale.ROOT,
          "%d events for %d students (average event %.0f B), %d snapshots kept (average %.0f B)",
          rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4), rs.getDouble(5));
    }
  }

  private static void execute(String dbUrl, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(dbUrl, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
