package ai.elevare.bench;

import ai.elevare.practice.math.Cas;
import ai.elevare.practice.math.CasException;
import ai.elevare.practice.math.MathAnswerChecker;
import ai.elevare.practice.math.MathGenerators;
import ai.elevare.practice.math.MathProblem;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency benchmark of the math engine (not a test): CAS start-up, then a JIT warm-up on seeds that are not
 * measured, then p50/p99/max per generator topic and for answer checking (correct, equivalent and wrong answers).
 *
 * <p>Usage: {@code MathBench [casThreads=2] [seedsPerDifficulty=40]}. Calls are sequential from one thread, so the
 * figures are per-request latency including the hand-over to the CAS pool.
 */
public final class MathBench {

  private MathBench() {}

  public static void main(String[] args) throws CasException {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    System.out.printf("machine: %d cores, %s %s, max heap %d MB, load average %.1f%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    long t0 = System.nanoTime();
    try (Cas cas = Cas.create(threads)) {
      cas.warmUp();
      System.out.printf("CAS start + warmUp(): %.0f ms (%d threads)%n", (System.nanoTime() - t0) / 1e6, threads);
      MathGenerators generators = new MathGenerators(cas);
      MathAnswerChecker checker = new MathAnswerChecker(cas);

      // JIT warm-up on seeds that are not measured
      long w0 = System.nanoTime();
      for (int round = 0; round < 3; round++) {
        for (MathGenerators.TopicInfo t : generators.topicInfo()) {
          for (int d = t.minDifficulty(); d <= t.maxDifficulty(); d++) {
            for (int s = 0; s < 8; s++) {
              MathProblem p = generators.generate(t.id(), d, 1_000_000L + round * 100 + s);
              checker.check(p, p.answer());
              checker.check(p, wrong(p));
            }
          }
        }
      }
      System.out.printf("JIT warm-up: %.0f ms%n%n", (System.nanoTime() - w0) / 1e6);

      Map<String, List<Double>> gen = new LinkedHashMap<>();
      List<MathProblem> problems = new ArrayList<>();
      for (MathGenerators.TopicInfo t : generators.topicInfo()) {
        List<Double> times = new ArrayList<>();
        for (int d = t.minDifficulty(); d <= t.maxDifficulty(); d++) {
          for (int s = 0; s < seeds; s++) {
            long a = System.nanoTime();
            MathProblem p = generators.generate(t.id(), d, s);
            times.add((System.nanoTime() - a) / 1e6);
            problems.add(p);
          }
        }
        gen.put(t.id(), times);
      }
      System.out.println("generation (ms)                  n     p50     p99     max");
      List<Double> allGen = new ArrayList<>();
      gen.forEach((topic, times) -> {
        print(topic, times);
        allGen.addAll(times);
      });
      print("ALL TOPICS", allGen);

      Map<String, List<Double>> check = new LinkedHashMap<>();
      for (MathProblem p : problems) {
        List<String> answers = List.of(p.answer(), rewrite(p), wrong(p));
        String[] kinds = {"correct", "rewritten", "wrong"};
        for (int i = 0; i < answers.size(); i++) {
          long a = System.nanoTime();
          checker.check(p, answers.get(i));
          double ms = (System.nanoTime() - a) / 1e6;
          check.computeIfAbsent(p.answerFormat() + " / " + kinds[i], k -> new ArrayList<>()).add(ms);
          check.computeIfAbsent("topic " + p.topic(), k -> new ArrayList<>()).add(ms);
        }
      }
      System.out.println();
      System.out.println("checking (ms)                    n     p50     p99     max");
      List<Double> allCheck = new ArrayList<>();
      check.forEach((k, times) -> {
        print(k, times);
        if (!k.startsWith("topic ")) {
          allCheck.addAll(times);
        }
      });
      print("ALL CHECKS", allCheck);
      System.out.println();
      System.out.println("CAS stats: " + cas.stats());
      System.out.printf("load average at the end: %.1f (other processes on the machine inflate the tail)%n",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** An equivalent rewriting a student might type: brackets, x= prefixes, reversed root order. */
  private static String rewrite(MathProblem p) {
    return switch (p.answerFormat()) {
      case MathProblem.ROOTS -> {
        String inner = p.answer().substring(1, p.answer().length() - 1);
        String[] parts = inner.split(",");
        List<String> out = new ArrayList<>();
        for (int i = parts.length - 1; i >= 0; i--) {
          out.add(parts[i].contains("=") ? parts[i] : "x = " + parts[i]);
        }
        yield String.join(" or ", out);
      }
      case MathProblem.EXPRESSION -> "(" + p.answer() + ")*2/2";
      default -> "x = " + p.answer();
    };
  }

  private static String wrong(MathProblem p) {
    return switch (p.answerFormat()) {
      case MathProblem.ROOTS -> p.answer().replace("{", "{1+");
      case MathProblem.EXPRESSION -> p.answer().replace("+C", "") + "+x";
      default -> "(" + p.answer() + ")+1";
    };
  }

  private static void print(String label, List<Double> times) {
    double[] a = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf("  %-28s %5d %7.2f %7.2f %7.2f%n", label, a.length, pct(a, 50), pct(a, 99), a[a.length - 1]);
  }

  private static double pct(double[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
