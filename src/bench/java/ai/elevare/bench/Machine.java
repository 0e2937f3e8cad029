package ai.elevare.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the figures were measured on, and where the CPU went during a window: the whole machine
 * (/proc/stat), the product's process (/proc/PID/stat) and this load generator. Figures from a
 * busy machine are not comparable, so the idle share before the run is reported too.
 */
public final class Machine {
  /** Linux reports process CPU in clock ticks of 1/100 s on every architecture we run on. */
  private static final double TICK_SECONDS = 0.01;

  private Machine() {}

  public static String describe() {
    return String.format(
        Locale.ROOT, "%d cores (nproc), %s, %.1f GiB RAM, %s, Java %s",
        Runtime.getRuntime().availableProcessors(), cpuModel(), memGiB(), kernel(),
        System.getProperty("java.version"));
  }

  static String cpuModel() {
    return lines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst()
        .orElse("unknown CPU");
  }

  static double memGiB() {
    return lines(Path.of("/proc/meminfo")).stream()
        .filter(l -> l.startsWith("MemTotal:"))
        .map(l -> Long.parseLong(l.replaceAll("\\D+", "")) / (1024.0 * 1024.0))
        .findFirst()
        .orElse(Double.NaN);
  }

  static String kernel() {
    return System.getProperty("os.name") + " " + System.getProperty("os.version");
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Cumulative CPU counters at one instant; two of them make a {@link CpuShare}. */
  public record CpuSample(
      long nanos, double machineBusy, double machineTotal, double steal, double product,
      double productCompiler, double self, double postgres) {}

  public static CpuSample sample(Optional<Long> productPid) {
    double busy = Double.NaN;
    double total = Double.NaN;
    double steal = Double.NaN;
    List<String> stat = lines(Path.of("/proc/stat"));
    if (!stat.isEmpty() && stat.get(0).startsWith("cpu ")) {
      String[] f = stat.get(0).trim().split("\\s+");
      double sum = 0;
      for (int i = 1; i < f.length && i <= 8; i++) sum += Double.parseDouble(f[i]);
      double idle = Double.parseDouble(f[4]) + Double.parseDouble(f[5]); // idle + iowait
      steal = f.length > 8 ? Double.parseDouble(f[8]) * TICK_SECONDS : 0;
      total = sum * TICK_SECONDS;
      // Time the hypervisor gave to other guests is neither ours nor idle: kept apart.
      busy = (sum - idle) * TICK_SECONDS - steal;
    }
    double product = productPid.map(Machine::processCpuSeconds).orElse(Double.NaN);
    double compiler = productPid.map(Machine::compilerCpuSeconds).orElse(Double.NaN);
    double self = selfCpuSeconds();
    return new CpuSample(System.nanoTime(), busy, total, steal, product, compiler, self, postgresCpuSeconds());
  }

  /**
   * utime + stime of every PostgreSQL server process (comm "postgres"), in seconds. Backends that
   * exit inside a window are missed, so this is a lower bound; the bench's connections are pooled.
   */
  static double postgresCpuSeconds() {
    return cpuSecondsWhere(Path.of("/proc"), "\\d+", "postgres");
  }

  /**
   * utime + stime summed over the entries of {@code dir} (processes, or a process's threads) whose
   * name matches {@code names} and whose command name matches {@code comm}; NaN when unreadable.
   */
  private static double cpuSecondsWhere(Path dir, String names, String comm) {
    double sum = 0;
    try (var entries = Files.newDirectoryStream(dir, p -> p.getFileName().toString().matches(names))) {
      for (Path e : entries) {
        List<String> l = lines(e.resolve("stat"));
        if (!l.isEmpty() && comm(l.get(0)).matches(comm)) sum += cpuSeconds(l.get(0));
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return sum;
  }

  /** utime + stime of a process, in seconds; NaN when it is gone. */
  static double processCpuSeconds(long pid) {
    List<String> l = lines(Path.of("/proc/" + pid + "/stat"));
    return l.isEmpty() ? Double.NaN : cpuSeconds(l.get(0));
  }

  /** The command name of a /proc stat line (it may hold spaces: it ends at the last parenthesis). */
  private static String comm(String stat) {
    return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  }

  /** utime + stime of a /proc stat line, in seconds; fields are counted after the command name. */
  private static double cpuSeconds(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_SECONDS;
  }

  /**
   * utime + stime of the process's JIT compiler threads (comm "C1 CompilerThre…", "C2 …"), in
   * seconds: the part of the product's CPU a process that has run a while no longer spends.
   */
  static double compilerCpuSeconds(long pid) {
    return cpuSecondsWhere(Path.of("/proc/" + pid + "/task"), "\\d+", "C\\d CompilerThre.*");
  }

  static double selfCpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  /** Cores in use on average over a window (2.0 = both cores of a 2-core machine busy). */
  public record CpuShare(
      double seconds, double machine, double steal, double product, double productCompiler,
      double loadGenerator, double postgres) {
    public double other() {
      return machine - product - loadGenerator - postgres;
    }

    /** The product's cores without its JIT compiler's, which a product that has run a while no longer spends. */
    public double productWithoutCompiler() {
      return product - productCompiler;
    }

    public String describe() {
      return String.format(
          Locale.ROOT,
          "machine %.2f of %d cores busy: product %.2f (of which its JIT compiler %.2f), load generator %.2f,"
              + " PostgreSQL %.2f, other processes %.2f; %.2f stolen by the hypervisor",
          machine, Runtime.getRuntime().availableProcessors(), product, productCompiler, loadGenerator, postgres,
          other(), steal);
    }
  }

  public static CpuShare share(CpuSample a, CpuSample b) {
    double wall = (b.nanos() - a.nanos()) / 1e9;
    double cores = Runtime.getRuntime().availableProcessors();
    // /proc/stat counts every core: its total grows by cores × wall seconds.
    double ticks = b.machineTotal() - a.machineTotal();
    double machine = (b.machineBusy() - a.machineBusy()) / ticks * cores;
    double steal = (b.steal() - a.steal()) / ticks * cores;
    return new CpuShare(
        wall, machine, steal, (b.product() - a.product()) / wall,
        (b.productCompiler() - a.productCompiler()) / wall, (b.self() - a.self()) / wall,
        // Backends that exit inside the window take their CPU with them: never below zero.
        Math.max(0, (b.postgres() - a.postgres()) / wall));
  }
}
