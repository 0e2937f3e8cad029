package ai.elevare.practice.math;

import ai.elevare.practice.math.MathExpr.Bracket;
import ai.elevare.practice.math.MathExpr.Const;
import ai.elevare.practice.math.MathExpr.Dec;
import ai.elevare.practice.math.MathExpr.Div;
import ai.elevare.practice.math.MathExpr.Eq;
import ai.elevare.practice.math.MathExpr.Fact;
import ai.elevare.practice.math.MathExpr.Fn;
import ai.elevare.practice.math.MathExpr.Mul;
import ai.elevare.practice.math.MathExpr.Neg;
import ai.elevare.practice.math.MathExpr.Num;
import ai.elevare.practice.math.MathExpr.Pow;
import ai.elevare.practice.math.MathExpr.Seq;
import ai.elevare.practice.math.MathExpr.Sym;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.matheclipse.core.basic.Config;
import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.expression.S;
import org.matheclipse.core.interfaces.IAST;
import org.matheclipse.core.interfaces.IComplex;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.IInteger;
import org.matheclipse.core.interfaces.IRational;
import org.matheclipse.core.interfaces.IReal;
import org.matheclipse.core.interfaces.ISymbol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one bounded gateway to Symja for the whole product.
 *
 * <p>Symja evaluators are not thread-safe, so each of a small fixed set of worker threads owns one {@link
 * ExprEvaluator}; callers hand work over through a bounded queue and never touch Symja themselves. Every call has a
 * deadline: when it passes, the caller gets {@link CasException.Kind#TIMEOUT} at once, the worker's engine is asked
 * to stop and its thread interrupted. A worker that still has not come back after a grace period (some Symja
 * routines never look at the stop flag) is written off and replaced, so one runaway input cannot starve other
 * requests; the number of written-off threads is capped.
 *
 * <p>Inputs are bounded three times: user text only reaches here through {@link #toInput} (a whitelist grammar with
 * size and explosion checks, see {@link MathParser}); every Symja input, even one built by our own code, is parsed
 * without evaluation and refused when it is too long, too deep, uses a function outside {@link #ALLOWED} or contains
 * a power or factorial that would produce an enormous number; and Symja's own limits ({@code Config}) stop what
 * slips through. Symja's file system access stays disabled.
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

  /** Counters for metrics and health checks. */
  public record Stats(long completed, long timeouts, long refused, int queued, int stuckWorkers) {}

  /** Symja functions and symbols our own inputs may use; any other built-in name is refused before evaluation. */
  static final Set<String> ALLOWED = lowerCase(
      Set.of(
          "Plus", "Times", "Power", "Sqrt", "Rational", "Complex", "List", "Rule", "Equal", "Unequal", "Less",
          "LessEqual", "Greater", "GreaterEqual", "And", "Or", "Not", "True", "False", "SameQ", "UnsameQ", "If",
          "Pi", "E", "I", "Infinity", "DirectedInfinity", "ComplexInfinity", "Indeterminate", "Log", "Exp", "Sin",
          "Cos", "Tan", "Cot", "Sec", "Csc", "ArcSin", "ArcCos", "ArcTan", "Sinh", "Cosh", "Tanh", "Abs", "Sign",
          "Factorial", "Floor", "Ceiling", "Round", "D", "Integrate", "Solve", "Expand", "ExpandAll", "Factor",
          "FactorTerms", "Simplify", "FullSimplify", "Together", "Apart", "Cancel", "Collect", "Coefficient",
          "CoefficientList", "Exponent", "Variables", "PolynomialQ", "Numerator", "Denominator", "N",
          "PossibleZeroQ", "TrigExpand", "PowerExpand", "FreeQ", "Length", "Part", "First", "Last", "Sort",
          "ReplaceAll", "Subtract", "Divide", "Minus", "GCD", "LCM", "Mod", "Quotient", "IntegerQ", "NumberQ",
          "Re", "Im", "Max", "Min", "Limit", "Discriminant", "LeafCount", "Derivative", "Slot", "Null",
          "ConditionalExpression", "Element", "Integers", "Reals", "Reverse"));

  private static Set<String> lowerCase(Set<String> names) {
    Set<String> out = new java.util.HashSet<>();
    names.forEach(n -> out.add(n.toLowerCase(java.util.Locale.ROOT)));
    return Set.copyOf(out);
  }

  private static final Pattern USER_SYMBOL = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,11}");
  private static final Map<String, String> FROM_SYMJA = new HashMap<>();

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
    MathExpr.FUNCTIONS.forEach(
        (ours, theirs) -> {
          if (!ours.equals("log") && !ours.equals("sqrt") && !ours.equals("exp")) {
            FROM_SYMJA.put(theirs, ours);
          }
        });
  }

  private final int threads;
  private final Duration defaultTimeout;
  private final Limits limits;
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
    List<Object> raw = await(submit(symjaInputs, timeout, notation == Notation.USER ? Mode.USER : Mode.SYMJA), timeout);
    List<String> out = new ArrayList<>(raw.size());
    for (Object o : raw) {
      out.add((String) o);
    }
    return out;
  }

  /** Evaluates and converts the results into {@link MathExpr} trees (for generators, checker and solver). */
  List<MathExpr> evaluateExprs(List<String> symjaInputs, Duration timeout) throws CasException {
    List<Object> raw = await(submit(symjaInputs, timeout, Mode.TREE), timeout);
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
    return submit(symjaInputs, timeout, notation == Notation.USER ? Mode.USER : Mode.SYMJA)
        .thenApply(
            raw -> {
              List<String> out = new ArrayList<>(raw.size());
              for (Object o : raw) {
                out.add((String) o);
              }
              return out;
            });
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
      first.add(submit(heavy, long_, Mode.TREE));
    }
    first.forEach(f -> f.exceptionally(t -> List.of()).join());
    for (int round = 0; round < 40; round++) {
      List<CompletableFuture<List<Object>>> batch = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        batch.add(submit(light, long_, round % 2 == 0 ? Mode.TREE : Mode.USER));
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
      t.future.completeExceptionally(new CasException(CasException.Kind.CLOSED, "The CAS is shut down."));
    }
  }

  // ------------------------------------------------------------------ hand-over

  private enum Mode {
    SYMJA,
    USER,
    TREE
  }

  private static final class Task {
    final List<String> inputs;
    final Mode mode;
    final long deadlineNanos;
    final CompletableFuture<List<Object>> future = new CompletableFuture<>();

    Task(List<String> inputs, Mode mode, long deadlineNanos) {
      this.inputs = inputs;
      this.mode = mode;
      this.deadlineNanos = deadlineNanos;
    }
  }

  private CompletableFuture<List<Object>> submit(List<String> inputs, Duration timeout, Mode mode) {
    Task task = new Task(List.copyOf(inputs), mode, System.nanoTime() + timeout.toNanos());
    if (closed) {
      task.future.completeExceptionally(new CasException(CasException.Kind.CLOSED, "The CAS is shut down."));
      return task.future;
    }
    for (String in : task.inputs) {
      if (in == null || in.length() > limits.maxInputChars()) {
        refused.incrementAndGet();
        task.future.completeExceptionally(CasException.tooLarge("The input is too long."));
        return task.future;
      }
    }
    if (!queue.offer(task)) {
      refused.incrementAndGet();
      task.future.completeExceptionally(
          new CasException(CasException.Kind.OVERLOADED, "The math engine is busy; try again in a moment."));
      return task.future;
    }
    ScheduledFuture<?> deadline = watchdog.schedule(() -> onDeadline(task), timeout.toNanos(), TimeUnit.NANOSECONDS);
    task.future.whenComplete((result, failure) -> deadline.cancel(false));
    return task.future;
  }

  private static List<Object> await(CompletableFuture<List<Object>> f, Duration timeout) throws CasException {
    try {
      // the watchdog completes the future at the deadline; the extra second only guards against a lost wake-up
      return f.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
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
    if (!task.future.completeExceptionally(
        new CasException(CasException.Kind.TIMEOUT, "The calculation took too long and was stopped."))) {
      return;
    }
    timeouts.incrementAndGet();
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
        if (System.nanoTime() > task.deadlineNanos) {
          onDeadline(task);
          continue;
        }
        begin(task);
        try {
          List<Object> out = new ArrayList<>(task.inputs.size());
          for (String in : task.inputs) {
            out.add(evaluateOne(in, task.mode));
          }
          if (task.future.complete(out)) {
            completed.incrementAndGet();
          }
        } catch (CasException e) {
          if (task.future.completeExceptionally(e)) {
            if (e.isInputProblem()) {
              refused.incrementAndGet();
            } else if (e.kind() == CasException.Kind.TIMEOUT) {
              timeouts.incrementAndGet();
            }
          }
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

    private Object evaluateOne(String input, Mode mode) throws CasException {
      messages.reset();
      if (nesting(input) > limits.maxNesting()) {
        throw CasException.tooLarge("The input is nested too deeply.");
      }
      IExpr parsed;
      try {
        parsed = engine.parse(input);
      } catch (RuntimeException e) {
        throw CasException.invalid("The input is not valid math.");
      }
      if (parsed == null) {
        throw CasException.invalid("The input is not valid math.");
      }
      screen(parsed);
      IExpr result = evaluator.eval(parsed);
      if (current != null && current.future.isDone()) {
        throw new CasException(CasException.Kind.TIMEOUT, "The calculation took too long and was stopped.");
      }
      String msg = messages.toString(StandardCharsets.UTF_8);
      if (result == null || result == S.$Aborted) {
        throw new CasException(CasException.Kind.TIMEOUT, "The calculation took too long and was stopped.");
      }
      if (msg.contains("exceeded") || result.isAST(S.Hold)) {
        throw CasException.tooLarge("The calculation grew too large and was stopped.");
      }
      return switch (mode) {
        case SYMJA -> bounded(result.toString());
        case USER -> bounded(toTree(result).canonical());
        case TREE -> {
          if (result.leafCount() > limits.maxLeaves()) {
            throw CasException.tooLarge("The result is too large.");
          }
          yield toTree(result);
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

  private static int nesting(String s) {
    int depth = 0;
    int max = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        max = Math.max(max, ++depth);
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      }
    }
    return max;
  }

  // ------------------------------------------------------------------ screening of parsed input

  /** Refuses disallowed names and obviously explosive input, without evaluating anything. */
  private void screen(IExpr e) throws CasException {
    if (e.leafCount() > limits.maxLeaves()) {
      throw CasException.tooLarge("The input is too large.");
    }
    screenNode(e);
  }

  private void screenNode(IExpr e) throws CasException {
    if (e.isString()) {
      throw CasException.invalid("Text is not allowed in math input.");
    }
    if (e instanceof ISymbol s) {
      // in relaxed mode Symja reports built-in names in lower case
      String name = s.getSymbolName();
      if (s.isBuiltInSymbol()
          ? !ALLOWED.contains(name.toLowerCase(java.util.Locale.ROOT))
          : !USER_SYMBOL.matcher(name).matches()) {
        throw CasException.invalid("'" + name + "' is not allowed in math input.");
      }
      return;
    }
    if (!(e instanceof IAST ast)) {
      return;
    }
    screenNode(ast.head());
    if (ast.isPower()) {
      screenPower(ast.arg1(), ast.arg2());
    } else if (ast.isAST(S.Factorial, 2) && ast.arg1().isNumericFunction()) {
      double n = log10Bound(ast.arg1());
      if (n > Math.log10(limits.maxFactorial())) {
        throw CasException.tooLarge("That factorial is too large.");
      }
    }
    for (int i = 1; i < ast.size(); i++) {
      screenNode(ast.get(i));
    }
  }

  private void screenPower(IExpr base, IExpr exp) throws CasException {
    if (!exp.isNumericFunction()) {
      return;
    }
    double expDigits = log10Bound(exp);
    if (base.isNumericFunction()) {
      double digits = expDigits > 9 ? Double.POSITIVE_INFINITY : Math.pow(10, expDigits) * log10Bound(base);
      if (digits > limits.maxResultDigits()) {
        throw CasException.tooLarge("That number is too large to work with.");
      }
    } else if (expDigits > Math.log10(limits.maxDegree())) {
      throw CasException.tooLarge("That exponent is too large to work with.");
    }
  }

  /** An upper bound of log10 |value| of a numeric expression (rough, but never small for a huge value). */
  private static double log10Bound(IExpr e) {
    if (e instanceof IInteger i) {
      return Math.max(0, i.toBigNumerator().abs().bitLength() * 0.30103);
    }
    if (e instanceof IRational r) {
      return Math.max(r.toBigNumerator().abs().bitLength(), r.toBigDenominator().bitLength()) * 0.30103;
    }
    if (e instanceof IReal r) {
      double v = Math.abs(r.doubleValue());
      return v <= 1 ? 0 : Math.log10(v);
    }
    if (e instanceof IAST ast) {
      if (ast.isPower()) {
        double exp = log10Bound(ast.arg2());
        return exp > 9 ? Double.POSITIVE_INFINITY : Math.pow(10, exp) * Math.max(log10Bound(ast.arg1()), 0.31);
      }
      if (ast.isAST(S.Factorial, 2)) {
        double n = Math.pow(10, log10Bound(ast.arg1()));
        return n * Math.log10(Math.max(n, 2));
      }
      double sum = 0;
      double max = 0;
      for (int i = 1; i < ast.size(); i++) {
        double b = log10Bound(ast.get(i));
        sum += b;
        max = Math.max(max, b);
      }
      return ast.isTimes() ? sum : max + 1;
    }
    return 1;
  }

  // ------------------------------------------------------------------ conversion of results

  /** Converts a Symja result into a display-oriented tree (fractions as divisions, sums highest degree first). */
  static MathExpr toTree(IExpr e) {
    if (e instanceof IInteger i) {
      return new Num(i.toBigNumerator());
    }
    if (e instanceof IRational r) {
      return MathExpr.fraction(r.toBigNumerator(), r.toBigDenominator());
    }
    if (e instanceof IReal r) {
      double d = r.doubleValue();
      if (!Double.isFinite(d)) {
        return d > 0 ? Const.INFINITY : new Neg(Const.INFINITY);
      }
      BigDecimal v = new BigDecimal(d).round(new MathContext(12)).stripTrailingZeros();
      return new Dec(v.scale() < 0 ? v.setScale(0) : v);
    }
    if (e instanceof IComplex c) {
      MathExpr re = toTree(c.re());
      MathExpr im = toTree(c.im());
      MathExpr imPart = MathExpr.mul(im, Const.I);
      return c.re().isZero() ? imPart : MathExpr.add(re, imPart);
    }
    if (e.isNumber()) {
      // inexact complex numbers: printed as Symja does, they are rare in school math
      return new Sym(e.toString());
    }
    if (e instanceof ISymbol s) {
      if (s == S.Pi) {
        return Const.PI;
      } else if (s == S.E) {
        return Const.E;
      } else if (s == S.I) {
        return Const.I;
      } else if (s == S.Infinity) {
        return Const.INFINITY;
      }
      return new Sym(s.isBuiltInSymbol() ? s.getSymbolName().toLowerCase(java.util.Locale.ROOT) : s.getSymbolName());
    }
    if (!(e instanceof IAST ast)) {
      return new Sym(e.toString());
    }
    if (ast.isPlus()) {
      List<MathExpr> terms = new ArrayList<>();
      for (int i = 1; i < ast.size(); i++) {
        terms.add(toTree(ast.get(i)));
      }
      return new MathExpr.Add(MathExpr.sortedForDisplay(terms));
    }
    if (ast.isTimes()) {
      return timesTree(ast);
    }
    if (ast.isPower()) {
      return powerTree(ast.arg1(), ast.arg2());
    }
    if (ast.isList()) {
      List<MathExpr> items = new ArrayList<>();
      for (int i = 1; i < ast.size(); i++) {
        items.add(toTree(ast.get(i)));
      }
      return new Seq(items, Bracket.BRACES);
    }
    if ((ast.isRuleAST() || ast.isAST(S.Equal, 3)) && ast.size() == 3) {
      return new Eq(toTree(ast.arg1()), toTree(ast.arg2()));
    }
    if (ast.isAST(S.Factorial, 2)) {
      return new Fact(toTree(ast.arg1()));
    }
    if (ast.isAST(S.DirectedInfinity, 2)) {
      return ast.arg1().isNegative() ? new Neg(Const.INFINITY) : Const.INFINITY;
    }
    if (ast.isAST(S.Log, 2)) {
      return new Fn("ln", List.of(toTree(ast.arg1())));
    }
    if (ast.isAST(S.Log, 3)) {
      return new Fn("log", List.of(toTree(ast.arg1()), toTree(ast.arg2())));
    }
    if (ast.isAST(S.Exp, 2)) {
      return new Pow(Const.E, toTree(ast.arg1()));
    }
    if (ast.isAST(S.Sqrt, 2)) {
      return new Fn("sqrt", List.of(toTree(ast.arg1())));
    }
    String head = ast.head().toString();
    String ours = FROM_SYMJA.get(head);
    List<MathExpr> args = new ArrayList<>();
    for (int i = 1; i < ast.size(); i++) {
      args.add(toTree(ast.get(i)));
    }
    return new Fn(ours != null ? ours : head.toLowerCase(java.util.Locale.ROOT), args);
  }

  private static MathExpr timesTree(IAST ast) {
    BigInteger p = BigInteger.ONE;
    BigInteger q = BigInteger.ONE;
    List<MathExpr> num = new ArrayList<>();
    List<MathExpr> den = new ArrayList<>();
    List<MathExpr> later = new ArrayList<>();
    for (int i = 1; i < ast.size(); i++) {
      IExpr f = ast.get(i);
      if (f instanceof IRational r) {
        p = p.multiply(r.toBigNumerator());
        q = q.multiply(r.toBigDenominator());
      } else if (f.isPower() && f.exponent() instanceof IRational x && x.isNegative()) {
        den.add(powerTree(f.base(), x.negate()));
      } else {
        MathExpr t = toTree(f);
        // polynomial factors first: x^2*e^x rather than e^x*x^2
        boolean polynomial = t instanceof Sym || t instanceof Pow pw && pw.base() instanceof Sym;
        (polynomial ? num : later).add(t);
      }
    }
    num.addAll(later);
    boolean negative = p.signum() < 0;
    p = p.abs();
    if (!p.equals(BigInteger.ONE) || num.isEmpty()) {
      num.add(0, new Num(p));
    }
    if (!q.equals(BigInteger.ONE)) {
      den.add(0, new Num(q));
    }
    MathExpr n = num.size() == 1 ? num.get(0) : new Mul(num);
    MathExpr out = den.isEmpty() ? n : new Div(n, den.size() == 1 ? den.get(0) : new Mul(den));
    return negative ? new Neg(out) : out;
  }

  private static MathExpr powerTree(IExpr base, IExpr exp) {
    if (exp instanceof IRational x) {
      if (x.isNegative()) {
        return new Div(new Num(BigInteger.ONE), powerTree(base, x.negate()));
      }
      if (x.isOne()) {
        return toTree(base);
      }
      if (x.toBigNumerator().equals(BigInteger.ONE) && x.toBigDenominator().equals(BigInteger.TWO)) {
        return new Fn("sqrt", List.of(toTree(base)));
      }
    }
    MathExpr b = base == S.E ? Const.E : toTree(base);
    return new Pow(b, toTree(exp));
  }
}
