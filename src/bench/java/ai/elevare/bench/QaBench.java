package ai.elevare.bench;

import ai.elevare.ai.AiAnswer;
import ai.elevare.ai.AiBreakers;
import ai.elevare.ai.AiCall;
import ai.elevare.ai.AiFailure;
import ai.elevare.ai.AiGateway;
import ai.elevare.ai.AiRuntime;
import ai.elevare.ai.AiSettings;
import ai.elevare.ai.AiTask;
import ai.elevare.ai.BankCorpus;
import ai.elevare.ai.FakeOpenAiServer;
import ai.elevare.ai.Glossary;
import ai.elevare.ai.KnowledgeDoc;
import ai.elevare.ai.KnowledgeIndex;
import ai.elevare.ai.LocalProvider;
import ai.elevare.ai.MathEngine;
import ai.elevare.ai.OpenAiProvider;
import ai.elevare.ai.QaPrompt;
import ai.elevare.ai.Turn;
import ai.elevare.practice.math.Cas;
import ai.elevare.practice.math.MathSolver;
import ai.elevare.practice.math.SolverMathEngine;
import ai.elevare.qa.QaResult;
import ai.elevare.qa.QaService;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Q&A benchmark. Part 1: the fake OpenAI server answers every request after exactly 1 s; 200
 * questions are launched at once, each through its own {@link AiCall} actor and the real
 * openai-java provider, as the StudentEntity does. Reported: throughput and the time our side adds
 * to the 1 s (spawn, actor messages, executor hand-off, SDK request building, loopback HTTP, JSON
 * parsing) at p50/p99. Part 2: the local provider plus the Q&A logic (analysis, retrieval over the
 * item bank, confidence) on a mixed question list, per question p50/p99. Each figure is printed
 * with its ratio to the ceiling of the issue (20 ms overhead at p99, 100 ms local p99).
 *
 * <p>Run with the test classpath (it uses the fake server and the bank loader of the tests): {@code
 * java -cp target/classes:target/test-classes:target/bench-classes:$CP ai.elevare.bench.QaBench}.
 */
public final class QaBench {

  private static final Duration SERVER_DELAY = Duration.ofSeconds(1);
  private static final int CONCURRENT = 200;
  private static final double OVERHEAD_CEILING_MS = 20;
  private static final double LOCAL_CEILING_MS = 100;

  private QaBench() {}

  private record Launch(String id) {}

  /** Failed attempts of the primary by message, printed after each round (should stay empty). */
  private static final Map<String, Integer> FAILURES = new ConcurrentHashMap<>();

  private interface Round {
    void run(String label, int n, long gapNanos) throws Exception;
  }

  /**
   * Records, per call, when the actor invoked the provider and when the provider's stage completed,
   * so the time the actor machinery adds can be told from the SDK's and the server's.
   */
  private static final class Timed implements AiGateway {
    private final AiGateway inner;
    private final Map<String, Long> invoked;
    private final Map<String, Long> completed;

    Timed(AiGateway inner, Map<String, Long> invoked, Map<String, Long> completed) {
      this.inner = inner;
      this.invoked = invoked;
      this.completed = completed;
    }

    @Override
    public CompletionStage<AiAnswer> answer(QaPrompt prompt, Duration timeout) {
      String id = prompt.question().substring(prompt.question().indexOf('#') + 1);
      invoked.put(id, System.nanoTime());
      return inner
          .answer(prompt, timeout)
          .whenComplete(
              (a, e) -> {
                if (e != null) {
                  Throwable t = AiFailure.rootOf(e);
                  while (t.getCause() != null && t.getCause() != t) {
                    t = t.getCause();
                  }
                  FAILURES.merge(
                      t.getClass().getSimpleName() + ": " + t.getMessage(), 1, Integer::sum);
                } else {
                  completed.put(id, System.nanoTime());
                }
              });
    }

    @Override
    public CompletionStage<String> complete(
        AiTask task, String system, String user, Duration timeout) {
      return inner.complete(task, system, user, timeout);
    }

    @Override
    public String providerName() {
      return inner.providerName();
    }
  }

  /**
   * Splits each call into the actor part (spawn to the provider being invoked, plus the provider's
   * stage completing to the reply arriving: AiCall, timers, pipeToSelf, messages) and the provider
   * part beyond the server's 1 s (openai-java building the request, loopback HTTP, the in-process
   * fake server, parsing).
   */
  private static void report(
      String label,
      int n,
      long wallNanos,
      Map<String, Long> started,
      Map<String, Long> invoked,
      Map<String, Long> completed,
      Map<String, Long> finished,
      int fallbacks) {
    double[] actor = new double[n];
    double[] provider = new double[n];
    double[] total = new double[n];
    int k = 0;
    for (Map.Entry<String, Long> e : started.entrySet()) {
      String id = e.getKey();
      long s0 = e.getValue();
      Long in = invoked.get(id);
      Long out = completed.get(id);
      Long done = finished.get(id);
      if (in == null || out == null || done == null || out > done) {
        continue; // answered by the fallback: not a measurement of the primary path
      }
      actor[k] = ((in - s0) + (done - out)) / 1e6;
      provider[k] = (out - in) / 1e6 - SERVER_DELAY.toMillis();
      total[k++] = (done - s0) / 1e6 - SERVER_DELAY.toMillis();
    }
    if (k == 0) {
      System.out.printf(
          "  %-9s %4d q: every answer came from the fallback (%d)%n", label, n, fallbacks);
      return;
    }
    actor = Arrays.copyOf(actor, k);
    provider = Arrays.copyOf(provider, k);
    total = Arrays.copyOf(total, k);
    Arrays.sort(actor);
    Arrays.sort(provider);
    Arrays.sort(total);
    System.out.printf(
        "  %-9s %4d q in %5.0f ms = %5.1f q/s | over the 1 s, end to end: p50 %6.1f  p99 %6.1f ms"
            + " (%5.2f x the %d ms ceiling) = AiCall actor part p50 %4.1f p99 %5.1f + provider part"
            + " (SDK, HTTP, fake server) p50 %6.1f p99 %6.1f | fallbacks %d%n",
        label,
        n,
        wallNanos / 1e6,
        n / (wallNanos / 1e9),
        pct(total, 50),
        pct(total, 99),
        pct(total, 99) / OVERHEAD_CEILING_MS,
        (int) OVERHEAD_CEILING_MS,
        pct(actor, 50),
        pct(actor, 99),
        pct(provider, 50),
        pct(provider, 99),
        fallbacks);
  }

  public static void main(String[] args) throws Exception {
    System.out.printf(
        "QaBench on %d cores, load average at start: %s%n",
        Runtime.getRuntime().availableProcessors(), loadAverage());
    try (Cas cas = Cas.create(1)) {
      cas.warmUp();
      MathEngine math = new SolverMathEngine(new MathSolver(cas));
      remoteRounds(math);
      localRun(math);
    }
    System.out.printf("load average at the end: %s%n", loadAverage());
    System.exit(0);
  }

  /** Other work on the machine skews every figure here: print it with them. */
  private static String loadAverage() {
    try {
      String[] f =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return String.format(
          "%.2f",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static void remoteRounds(MathEngine math) throws Exception {
    ActorSystem<Launch> system = null;
    ExecutorService blocking = Executors.newFixedThreadPool(CONCURRENT + 16);
    // the fallback gets its own small pool, as in production: a saturated SDK pool must not delay
    // it
    ExecutorService localPool = Executors.newFixedThreadPool(4);
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.byDefault(
          FakeOpenAiServer.Reply.after(
              SERVER_DELAY, FakeOpenAiServer.Reply.answer("x = 2", 0.9, 0.9)));
      AiSettings settings =
          AiSettings.defaults().withProvider("openai", server.baseUrl(), "bench-key");
      OpenAiProvider openai = new OpenAiProvider(settings, blocking);
      LocalProvider local =
          new LocalProvider(math, KnowledgeIndex.build(material()), localPool);
      Map<String, Long> started = new ConcurrentHashMap<>();
      Map<String, Long> finished = new ConcurrentHashMap<>();
      Map<String, Long> invoked = new ConcurrentHashMap<>();
      Map<String, Long> completed = new ConcurrentHashMap<>();
      AtomicInteger fallbacks = new AtomicInteger();
      CountDownLatch[] latch = new CountDownLatch[1];
      AiRuntime[] rt = new AiRuntime[1];

      Behavior<Launch> guardian =
          Behaviors.setup(
              ctx -> {
                ActorRef<AiCall.Result> collector =
                    ctx.spawn(
                        Behaviors.receiveMessage(
                            (AiCall.Result r) -> {
                              finished.put(r.callId(), System.nanoTime());
                              if (r.answer().fallback()) {
                                fallbacks.incrementAndGet();
                              }
                              latch[0].countDown();
                              return Behaviors.same();
                            }),
                        "collector");
                return Behaviors.receiveMessage(
                    l -> {
                      started.put(l.id(), System.nanoTime());
                      ctx.spawnAnonymous(
                          AiCall.answer(
                              rt[0],
                              l.id(),
                              QaPrompt.of("Solve 2x + 3 = 7 #" + l.id(), "math"),
                              collector));
                      return Behaviors.same();
                    });
              });
      system =
          ActorSystem.create(
              guardian,
              "QaBench",
              ConfigFactory.parseString("pekko.loglevel = WARNING")
                  .withFallback(ConfigFactory.load()));
      rt[0] =
          AiRuntime.of(
              settings,
              new Timed(openai, invoked, completed),
              local,
              AiBreakers.create(system, settings.breaker()));

      System.out.printf(
          "remote: the fake server answers each request after %d ms; questions go through AiCall"
              + " actors and openai-java%n",
          SERVER_DELAY.toMillis());
      ActorSystem<Launch> sys = system;
      Round round =
          (label, n, gapNanos) -> {
            started.clear();
            finished.clear();
            invoked.clear();
            completed.clear();
            fallbacks.set(0);
            server.reset();
            latch[0] = new CountDownLatch(n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
              if (gapNanos > 0) {
                long due = t0 + i * gapNanos;
                while (System.nanoTime() < due) {
                  Thread.onSpinWait(); // open-loop arrivals at a fixed rate
                }
              }
              sys.tell(new Launch(label + "-" + i));
            }
            if (!latch[0].await(60, TimeUnit.SECONDS)) {
              throw new IllegalStateException(label + " did not finish");
            }
            report(
                label,
                n,
                System.nanoTime() - t0,
                started,
                invoked,
                completed,
                finished,
                fallbacks.get());
            if (!FAILURES.isEmpty()) {
              System.out.println("    failed attempts of the primary: " + FAILURES);
              FAILURES.clear();
            }
          };
      round.run("warm-up", CONCURRENT, 0);
      round.run("warm-up", CONCURRENT, 0);
      for (int i = 1; i <= 3; i++) {
        round.run("burst " + i, CONCURRENT, 0);
      }
      // 200 questions a second for 5 s: with 1 s answers, about 200 are in flight at any time
      round.run("paced", 1000, 5_000_000L);
      openai.close();
    } finally {
      if (system != null) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      blocking.shutdownNow();
      localPool.shutdownNow();
    }
  }

  private static List<KnowledgeDoc> material() {
    List<KnowledgeDoc> docs = new java.util.ArrayList<>(BankCorpus.load());
    docs.addAll(Glossary.load(List.of("math", "chemistry", "physics", "biology", "english")));
    return docs;
  }

  private static void localRun(MathEngine math) {
    // what production answers from: the bank's explanations and the study glossary
    List<KnowledgeDoc> bank = material();
    LocalProvider local = new LocalProvider(math, KnowledgeIndex.build(bank), Runnable::run);
    QaService qa =
        new QaService(Set.of("math", "chemistry", "physics", "biology", "english"), bank);
    List<String> questions =
        List.of(
            "What is photosynthesis?",
            "What does an ammeter measure?",
            "What is a covalent bond?",
            "Explain the difference between diffusion and active transport.",
            "What is dramatic irony?",
            "What is a black hole?",
            "How does it work?",
            "Tell me a joke",
            "What is 20% of 80?",
            "Solve 2x + 3 = 7",
            "Differentiate x^3 + 2x",
            "Factor x^2 - 5x + 6",
            "What is the Avogadro constant?",
            "Why can't sound travel through a vacuum?",
            "What is the plural of child?",
            "What happens during mitosis?");
    List<Turn> history = List.of(new Turn("what is 20% of 80", "16", "math"));
    int rounds = 40;
    double[] ms = new double[rounds * (questions.size() + 1)];
    int k = 0;
    for (int warm = 0; warm < 3; warm++) {
      for (String q : questions) {
        answer(qa, local, q, List.of());
      }
    }
    for (int r = 0; r < rounds; r++) {
      for (String q : questions) {
        long t0 = System.nanoTime();
        answer(qa, local, q, List.of());
        ms[k++] = (System.nanoTime() - t0) / 1e6;
      }
      long t0 = System.nanoTime();
      answer(qa, local, "and what if it were 15?", history);
      ms[k++] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(
        "local: %d questions (CAS, retrieval, declined), analysis + answer + confidence: p50 %.2f"
            + " ms  p99 %.2f ms (%.3f of the %d ms ceiling)  max %.2f ms%n",
        ms.length,
        pct(ms, 50),
        pct(ms, 99),
        pct(ms, 99) / LOCAL_CEILING_MS,
        (int) LOCAL_CEILING_MS,
        ms[ms.length - 1]);
  }

  private static QaResult answer(QaService qa, LocalProvider local, String q, List<Turn> history) {
    QaService.Prepared p = qa.prepare(q, null, history, List.of());
    return p.needsAi() ? qa.finish(p, local.answerNow(p.prompt())) : qa.declined(p);
  }

  private static double pct(double[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
