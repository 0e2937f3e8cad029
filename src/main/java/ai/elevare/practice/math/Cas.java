package ai.elevare.practice.math;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.matheclipse.core.basic.Config;
import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.expression.S;
import org.matheclipse.core.interfaces.IExpr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one bounded gateway to Symja for the whole product: the worker pool and its deadlines.
 *
 * <p>Symja evaluators are not thread-safe, so each of a small fixed set of worker threads owns one {@link
 * ExprEvaluator}; callers hand work over through a bounded queue and never touch Symja themselves. A hand-over is
 * either a list of inputs or a {@link Work}: a short program that makes several CAS calls in a row on one worker
 * (an answer check), all under one {@link Deadline}. When the deadline passes, the caller's future fails with
 * {@link CasException.Kind#TIMEOUT} at once, the worker's engine is asked to stop and its thread interrupted. A
 * worker that still has not come back after a grace period (some Symja routines never look at the stop flag) is
 * written off and replaced, so one runaway input cannot starve other requests; the number of written-off threads is
 * capped.
 *
 * <p>Inputs are bounded three times: user text only reaches here through {@link #toInput} (a whitelist grammar, see
 * {@link MathParser}); every Symja input, even one built by our own code, passes {@link CasScreen} before it is
 * evaluated; and Symja's own limits ({@code Config}) stop what slips through. Results become {@link MathExpr} trees
 * through {@link SymjaTrees}. Symja's file system access stays disabled.
 */
public final class Cas implements AutoCloseable {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(Cas.class);

  /** How results are printed. */
  public enum Notation {
    /** Symja's own input form, e.g. {@code -2+x^2}, {@code Sin(x)}: can be fed back to {@link #evaluate}. */
    SYMJA,
    /** The product's canonical notation, e.g. {@code x^2-2}, {@code sin(x)}: readable by {@link MathParser}. */
    USER
  }

  /** Bounds of the gateway; {@link #defaults()} suits interactive use. */
  public record Limits(
      int maxInputChars,
      int maxNesting,
      long maxLeaves,
      int maxResultDigits,
      int maxDegree,
      int maxFactorial,
      int maxOutputChars,
      int queueCapacity,
      Duration stuckGrace,
      int maxStuckWorkers) {

    public static Limits defaults() {
      return new Limits(20_000, 120, 4_000, 20_000, 1_000, 2_000, 50_000, 256, Duration.ofSeconds(1), 4);
    }
  }

  /** Counters for metrics and health checks; {@code completed} counts hand-overs, not single inputs. */
  public record Stats(long completed, long timeouts, long refused, int queued, int stuckWorkers) {}

  /** The CAS as seen from inside a {@link Work}: calls run on the worker's own engine, under the work's deadline. */
  interface Session {
    /** Evaluates one Symja input (screened first) into a tree. */
    MathExpr evaluate(String symjaInput) throws CasException;

    /** Whether the input evaluates to exactly zero. */
    default boolean isZero(String symjaInput) throws CasException {
      return MathTrees.isZero(evaluate(symjaInput));
    }

    /** A session for work that turned out to need no CAS: any call is a programming error. */
    Session NONE =
        symja -> {
          throw new IllegalStateException("no CAS session here: " + symja);
        };
  }

  /** Several CAS calls and the plain Java between them, run on one worker under one deadline. */
  @FunctionalInterface
  interface Work<T> {
    T run(Session cas) throws CasException;
  }

  static {
    // Process-wide Symja limits: the backstop behind our own checks.
    Config.FILESYSTEM_ENABLED = false;
    // JAS would otherwise fan polynomial work out to its own thread pool, outside our bounds
    Config.JAS_NO_THREADS = true;
    Config.MAX_BIT_LENGTH = 200_000;
    Config.MAX_AST_SIZE = 50_000;
    Config.MAX_OUTPUT_SIZE = 100_000;
    Config.MAX_POLYNOMIAL_DEGREE = 2_000;
    Config.MAX_LOOP_COUNT = 100_000;
    Config.MAX_INPUT_LEAVES = 20_000L;
  }

  private final int threads;
  private final Duration defaultTimeout;
  private final Limits limits;
  private final CasScreen screen;
  private final BlockingQueue<Task> queue;
  private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService watchdog;
  private final AtomicInteger workerIds = new AtomicInteger();
  private final AtomicInteger stuck = new AtomicInteger();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private volatile boolean closed;

  private Cas(int threads, Duration defaultTimeout, Limits limits) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
    this.threads = threads;
    this.defaultTimeout = Objects.requireNonNull(defaultTimeout);
    this.limits = Objects.requireNonNull(limits);
    this.screen = new CasScreen(limits);
    this.queue = new ArrayBlockingQueue<>(limits.queueCapacity());
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "cas-watchdog");
              t.setDaemon(true);
              return t;
            });
    // deadlines of finished calls are cancelled, so they must not pile up in the timer's queue
    timer.setRemoveOnCancelPolicy(true);
    this.watchdog = timer;
    CountDownLatch ready = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) {
      startWorker(ready);
    }
    // engines start in a couple of seconds; waiting here keeps that start-up out of the first calls' deadlines
    try {
      if (!ready.await(60, TimeUnit.SECONDS)) {
        LOG.warn("CAS workers still starting after 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the workers and waits (a few seconds) until their Symja engines are up; then call {@link #warmUp()}. */
  public static Cas create(int threads) {
    return new Cas(threads, DEFAULT_TIMEOUT, Limits.defaults());
  }

  public static Cas create(int threads, Duration defaultTimeout, Limits limits) {
    return new Cas(threads, defaultTimeout, limits);
  }

  public Duration defaultTimeout() {
    return defaultTimeout;
  }

  /** Normalises user notation into Symja input through the whitelist grammar of {@link MathParser}. */
  public static String toInput(String userMath) throws CasException {
    return MathParser.parse(userMath).toSymja();
  }

  /** Blocking evaluation with the default timeout; result in {@link Notation#SYMJA}. */
  public String evaluate(String symjaInput) throws CasException {
    return evaluate(symjaInput, defaultTimeout, Notation.SYMJA);
  }

  /** Blocking evaluation; call it from a thread that may block, never from an actor. */
  public String evaluate(String symjaInput, Duration timeout) throws CasException {
    return evaluate(symjaInput, timeout, Notation.SYMJA);
  }

  public String evaluate(String symjaInput, Duration timeout, Notation notation) throws CasException {
    return evaluateAll(List.of(symjaInput), timeout, notation).get(0);
  }

  /** Evaluates several independent inputs on one worker in one hand-over, under one deadline. */
  public List<String> evaluateAll(List<String> symjaInputs, Duration timeout, Notation notation)
      throws CasException {
    Deadline deadline = Deadline.after(timeout);
    return strings(await(submitInputs(symjaInputs, deadline, mode(notation)), deadline));
  }

  /** Evaluates and converts the results into {@link MathExpr} trees (for generators and solver). */
  List<MathExpr> evaluateExprs(List<String> symjaInputs, Duration timeout) throws CasException {
    Deadline deadline = Deadline.after(timeout);
    List<Object> raw = await(submitInputs(symjaInputs, deadline, Mode.TREE), deadline);
    List<MathExpr> out = new ArrayList<>(raw.size());
    for (Object o : raw) {
      out.add((MathExpr) o);
    }
    return out;
  }

  MathExpr evaluateExpr(String symjaInput) throws CasException {
    return evaluateExprs(List.of(symjaInput), defaultTimeout).get(0);
  }

  List<MathExpr> evaluateExprs(List<String> symjaInputs) throws CasException {
    return evaluateExprs(symjaInputs, defaultTimeout);
  }

  public CompletableFuture<String> evaluateAsync(String symjaInput, Duration timeout) {
    return evaluateAllAsync(List.of(symjaInput), timeout, Notation.SYMJA).thenApply(l -> l.get(0));
  }

  public CompletableFuture<List<String>> evaluateAllAsync(
      List<String> symjaInputs, Duration timeout, Notation notation) {
    return submitInputs(symjaInputs, Deadline.after(timeout), mode(notation)).thenApply(Cas::strings);
  }

  /**
   * Runs {@code work} on one worker under {@code deadline}; the future completes on the worker (or, at the deadline,
   * on the watchdog), so nobody waits for it. Failures are {@link CasException}s.
   */
  <T> CompletableFuture<T> run(Work<T> work, Deadline deadline) {
    @SuppressWarnings("unchecked")
    CompletableFuture<T> f = (CompletableFuture<T>) submit(work, deadline);
    return f;
  }

  /**
   * Pays Symja's start-up costs (class loading, the integration rule set, JIT) on every worker so the first request
   * does not; call it once at start. Blocks for a few seconds.
   */
  public void warmUp() {
    List<String> heavy = List.of("Integrate(x^2*E^x,x)", "Integrate(x*Cos(x),x)", "Integrate(2*x*(x^2+1)^3,x)");
    List<String> light =
        List.of(
            "Expand((2*x-3)*(x+4)*(x-1))", "Factor(6*x^2-5*x-6)", "Solve(3*x^2-5*x-2==0,x)",
            "Solve({3*x+2*y==7,x-4*y==-7},{x,y})", "D(Sin(x^2+1)^3*x^2,x)", "Together(Expand(2*(x+2)-(2*x+4)))",
            "Simplify(Sin(2*x)-2*Sin(x)*Cos(x))", "PossibleZeroQ(2*Sqrt(2)-Sqrt(8))", "N(Sqrt(2)+1/3)",
            "Simplify(PowerExpand(Log(x^2)-2*Log(x)))", "Coefficient(Expand(3*(x+1)-x),x,1)", "LCM(6,4)+GCD(12,18)",
            "FreeQ(x^3/3+5-x^3/3,x)", "3/4-1/6*5/7");
    Duration long_ = Duration.ofSeconds(60);
    List<CompletableFuture<List<Object>>> first = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      first.add(submitInputs(heavy, Deadline.after(long_), Mode.TREE));
    }
    first.forEach(f -> f.exceptionally(t -> List.of()).join());
    for (int round = 0; round < 40; round++) {
      List<CompletableFuture<List<Object>>> batch = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        batch.add(submitInputs(light, Deadline.after(long_), round % 2 == 0 ? Mode.TREE : Mode.USER));
      }
      batch.forEach(f -> f.exceptionally(t -> List.of()).join());
    }
  }

  public Stats stats() {
    return new Stats(completed.get(), timeouts.get(), refused.get(), queue.size(), stuck.get());
  }

  @Override
  public void close() {
    closed = true;
    watchdog.shutdownNow();
    for (Worker w : workers) {
      w.interrupt();
    }
    Task t;
    while ((t = queue.poll()) != null) {
      t.future.completeExceptionally(closedException());
    }
  }

  // ------------------------------------------------------------------ hand-over

  private enum Mode {
    SYMJA,
    USER,
    TREE
  }

  private static Mode mode(Notation notation) {
    return notation == Notation.USER ? Mode.USER : Mode.SYMJA;
  }

  private static List<String> strings(List<Object> raw) {
    List<String> out = new ArrayList<>(raw.size());
    for (Object o : raw) {
      out.add((String) o);
    }
    return out;
  }

  private static CasException closedException() {
    return new CasException(CasException.Kind.CLOSED, "The CAS is shut down.");
  }

  private static CasException timeoutException() {
    return new CasException(CasException.Kind.TIMEOUT, "The calculation took too long and was stopped.");
  }

  private static final class Task {
    final Work<?> work;
    final Deadline deadline;
    final CompletableFuture<Object> future = new CompletableFuture<>();

    Task(Work<?> work, Deadline deadline) {
      this.work = work;
      this.deadline = deadline;
    }
  }

  /** A list of independent inputs as one hand-over; overlong text is refused before it is queued. */
  private CompletableFuture<List<Object>> submitInputs(List<String> inputs, Deadline deadline, Mode mode) {
    List<String> copy = List.copyOf(inputs);
    for (String in : copy) {
      if (in.length() > limits.maxInputChars()) {
        refused.incrementAndGet();
        return CompletableFuture.failedFuture(CasException.tooLarge("The input is too long."));
      }
    }
    Work<List<Object>> all =
        session -> {
          List<Object> out = new ArrayList<>(copy.size());
          for (String in : copy) {
            out.add(((Worker.WorkerSession) session).evaluate(in, mode));
          }
          return out;
        };
    @SuppressWarnings("unchecked")
    CompletableFuture<List<Object>> f = (CompletableFuture<List<Object>>) (CompletableFuture<?>) submit(all, deadline);
    return f;
  }

  private CompletableFuture<Object> submit(Work<?> work, Deadline deadline) {
    Task task = new Task(work, deadline);
    if (closed) {
      task.future.completeExceptionally(closedException());
      return task.future;
    }
    if (!queue.offer(task)) {
      refused.incrementAndGet();
      task.future.completeExceptionally(
          new CasException(CasException.Kind.OVERLOADED, "The math engine is busy; try again in a moment."));
      return task.future;
    }
    ScheduledFuture<?> timer =
        watchdog.schedule(() -> onDeadline(task), Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
    task.future.whenComplete((result, failure) -> timer.cancel(false));
    return task.future;
  }

  /**
   * Fails the task and counts it in {@code counter} (if any) when this call is what failed it. The
   * count comes first, as for completions: a caller that sees the failure may read the stats next.
   */
  private static boolean failCounted(Task task, CasException e, AtomicLong counter) {
    if (task.future.isDone()) return false;
    if (counter != null) counter.incrementAndGet();
    if (task.future.completeExceptionally(e)) return true;
    if (counter != null) counter.decrementAndGet(); // another thread completed it in between
    return false;
  }

  private static List<Object> await(CompletableFuture<List<Object>> f, Deadline deadline) throws CasException {
    try {
      // the watchdog completes the future at the deadline; the extra second only guards against a lost wake-up
      return f.get(Math.max(0, deadline.remainingNanos()) + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | CompletionException e) {
      if (e.getCause() instanceof CasException ce) {
        throw ce;
      }
      throw new CasException(CasException.Kind.FAILED, "The math engine failed.", e.getCause());
    } catch (TimeoutException e) {
      throw new CasException(CasException.Kind.TIMEOUT, "The calculation took too long.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CasException(CasException.Kind.FAILED, "Interrupted while waiting for the math engine.");
    }
  }

  private void onDeadline(Task task) {
    if (!failCounted(task, timeoutException(), timeouts)) {
      return;
    }
    for (Worker w : workers) {
      if (w.stop(task)) {
        watchdog.schedule(() -> writeOffIfStuck(w, task), limits.stuckGrace().toNanos(), TimeUnit.NANOSECONDS);
      }
    }
  }

  /**
   * A worker still busy with a timed-out task after the grace period ignores the stop request (some Symja routines
   * never check it): it is left to finish alone and replaced, up to {@link Limits#maxStuckWorkers()} at a time;
   * beyond that the pool runs with fewer threads until they return.
   */
  private void writeOffIfStuck(Worker w, Task task) {
    if (w.current != task || closed) {
      return;
    }
    if (stuck.get() >= limits.maxStuckWorkers()) {
      LOG.warn("CAS worker {} ignores its stop request; {} workers already written off, not replacing it", w.getName(), stuck.get());
      return;
    }
    if (workers.remove(w)) {
      w.retired = true;
      stuck.incrementAndGet();
      LOG.warn("CAS worker {} ignores its stop request; replacing it ({} written off)", w.getName(), stuck.get());
      startWorker(new CountDownLatch(1));
    }
  }

  private void startWorker(CountDownLatch ready) {
    Worker w = new Worker("cas-" + workerIds.incrementAndGet(), ready);
    workers.add(w);
    w.start();
  }

  private final class Worker extends Thread {
    volatile Task current;
    volatile boolean retired;
    private EvalEngine engine;
    private ExprEvaluator evaluator;
    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();
    private final CountDownLatch ready;
    private final WorkerSession session = new WorkerSession();

    Worker(String name, CountDownLatch ready) {
      super(name);
      this.ready = ready;
      setDaemon(true);
    }

    /** Stops the evaluation of {@code task} if this worker is running it; true when it was. */
    synchronized boolean stop(Task task) {
      if (current != task) {
        return false;
      }
      engine.stopRequest();
      interrupt();
      return true;
    }

    private synchronized void begin(Task task) {
      current = task;
      engine.setStopRequested(false);
      Thread.interrupted();
    }

    private synchronized void end() {
      current = null;
      engine.setStopRequested(false);
      Thread.interrupted();
    }

    @Override
    public void run() {
      try {
        PrintStream sink = new PrintStream(messages, true, StandardCharsets.UTF_8);
        // Symja prints its messages (limits exceeded, warnings) to these streams: captured, never to stdout
        engine = new EvalEngine(getName(), 256, 1_000, sink, sink, true);
        engine.setFileSystemEnabled(false);
        evaluator = new ExprEvaluator(engine, true, (short) 0);
      } catch (RuntimeException | LinkageError e) {
        LOG.error("CAS worker {} could not start Symja", getName(), e);
        workers.remove(this);
        return;
      } finally {
        ready.countDown();
      }
      while (!closed && !retired) {
        Task task;
        try {
          task = queue.take();
        } catch (InterruptedException e) {
          if (closed) {
            return;
          }
          continue;
        }
        if (task.future.isDone()) {
          continue;
        }
        if (task.deadline.passed()) {
          onDeadline(task);
          continue;
        }
        begin(task);
        try {
          Object out = task.work.run(session);
          // counted before completing: the caller's continuations run inside complete()
          if (!task.future.isDone()) {
            completed.incrementAndGet();
          }
          task.future.complete(out);
        } catch (CasException e) {
          failCounted(task, e, e.isInputProblem() ? refused : e.kind() == CasException.Kind.TIMEOUT ? timeouts : null);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
          task.future.completeExceptionally(
              new CasException(CasException.Kind.FAILED, "The math engine failed on this input.", e));
        } finally {
          end();
        }
      }
      if (retired) {
        stuck.decrementAndGet();
      }
    }

    /** The current task's view of this worker's engine. */
    final class WorkerSession implements Session {
      @Override
      public MathExpr evaluate(String symjaInput) throws CasException {
        return (MathExpr) evaluate(symjaInput, Mode.TREE);
      }

      Object evaluate(String input, Mode mode) throws CasException {
        Task task = current;
        // the work's later calls share its deadline: once it has passed (or the CAS closed) none starts
        if (task == null || task.future.isDone() || task.deadline.passed()) {
          throw timeoutException();
        }
        return evaluateOne(input, mode);
      }
    }

    private Object evaluateOne(String input, Mode mode) throws CasException {
      messages.reset();
      screen.screenText(input);
      IExpr parsed;
      try {
        parsed = engine.parse(input);
      } catch (RuntimeException e) {
        throw CasException.invalid("The input is not valid math.");
      }
      if (parsed == null) {
        throw CasException.invalid("The input is not valid math.");
      }
      screen.screen(parsed);
      IExpr result = evaluator.eval(parsed);
      if (current != null && current.future.isDone()) {
        throw timeoutException();
      }
      String msg = messages.toString(StandardCharsets.UTF_8);
      if (result == null || result == S.$Aborted) {
        throw timeoutException();
      }
      if (msg.contains("exceeded") || result.isAST(S.Hold)) {
        throw CasException.tooLarge("The calculation grew too large and was stopped.");
      }
      return switch (mode) {
        case SYMJA -> bounded(result.toString());
        case USER -> bounded(SymjaTrees.toTree(result).canonical());
        case TREE -> {
          if (result.leafCount() > limits.maxLeaves()) {
            throw CasException.tooLarge("The result is too large.");
          }
          yield SymjaTrees.toTree(result);
        }
      };
    }

    private String bounded(String s) throws CasException {
      if (s.length() > limits.maxOutputChars()) {
        throw CasException.tooLarge("The result is too large.");
      }
      return s;
    }
  }
}
