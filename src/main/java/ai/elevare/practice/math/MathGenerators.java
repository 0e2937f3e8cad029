package ai.elevare.practice.math;

import ai.elevare.practice.math.Gen.Draft;
import ai.elevare.practice.math.Gen.Topic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Endless supply of CAS-verified math problems, deterministic for (topic, difficulty, seed).
 *
 * <p>Each topic applies to a difficulty range (integrals only from 7); a request outside it is served at the nearest
 * difficulty inside it, and that effective difficulty is what the problem and its id carry. A draw that fails CAS
 * verification or is degenerate (zero coefficient, duplicate roots, trivial result) is redrawn with a seed derived
 * from the original, so the result is still a pure function of (topic, difficulty, seed).
 *
 * <p>Blocking: every call evaluates on the {@link Cas} pool; call it from a thread that may block.
 */
public final class MathGenerators {

  /** A topic and the difficulties it applies to. */
  public record TopicInfo(String id, String title, int minDifficulty, int maxDifficulty) {}

  public static final int MIN_DIFFICULTY = 1;
  public static final int MAX_DIFFICULTY = 10;
  static final int MAX_ATTEMPTS = 64;

  private final Gen gen;
  private final Map<String, Topic> topics = new LinkedHashMap<>();

  public MathGenerators(Cas cas) {
    this.gen = new Gen(Objects.requireNonNull(cas));
    List<Topic> all = new ArrayList<>();
    all.addAll(ArithmeticTopics.all());
    all.addAll(AlgebraTopics.all());
    all.addAll(CalculusTopics.all());
    for (Topic t : all) {
      topics.put(t.id(), t);
    }
  }

  /** Topic ids, easiest first. */
  public List<String> topics() {
    return List.copyOf(topics.keySet());
  }

  public List<TopicInfo> topicInfo() {
    return topics.values().stream().map(t -> new TopicInfo(t.id(), t.title(), t.minDifficulty(), t.maxDifficulty())).toList();
  }

  /** Topics whose range contains the difficulty. */
  public List<String> topicsFor(int difficulty) {
    int d = clamp(difficulty, MIN_DIFFICULTY, MAX_DIFFICULTY);
    return topics.values().stream().filter(t -> t.minDifficulty() <= d && d <= t.maxDifficulty()).map(Topic::id).toList();
  }

  /**
   * Generates a problem.
   *
   * @param topic a topic id, or null to pick one applicable to the difficulty by seed
   * @param difficulty 1..10 (clamped), then moved into the topic's range
   * @throws IllegalArgumentException for an unknown topic
   * @throws CasException when the CAS is overloaded, timed out or closed
   */
  public MathProblem generate(String topic, int difficulty, long seed) throws CasException {
    return generate(topic, difficulty, seed, gen);
  }

  /**
   * {@link #generate(String, int, long)} with every CAS call of the generation, redraws included,
   * ending by {@code deadline}: past it the generation fails with {@link CasException.Kind#TIMEOUT}.
   */
  public MathProblem generate(String topic, int difficulty, long seed, Deadline deadline) throws CasException {
    return generate(topic, difficulty, seed, gen.within(deadline));
  }

  private MathProblem generate(String topic, int difficulty, long seed, Gen gen) throws CasException {
    int d = clamp(difficulty, MIN_DIFFICULTY, MAX_DIFFICULTY);
    Topic t;
    if (topic == null) {
      List<String> fitting = topicsFor(d);
      t = topics.get(fitting.get((int) Math.floorMod(Rng.mix(seed, d), (long) fitting.size())));
    } else {
      t = topics.get(topic);
      if (t == null) {
        throw new IllegalArgumentException("unknown math topic: " + topic);
      }
    }
    int effective = clamp(d, t.minDifficulty(), t.maxDifficulty());
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Rng rng = new Rng(Rng.mix(t.id().hashCode(), effective, seed, attempt));
      try {
        Draft draft = t.builder().build(rng, effective, gen);
        // the canonical answer must be readable by the checker's parser
        MathParser.parse(draft.answer().canonical());
        return new MathProblem(
            id(t.id(), effective, seed),
            t.id(),
            draft.prompt(),
            draft.format(),
            draft.answer().canonical(),
            draft.hints(),
            draft.steps(),
            effective,
            expectedTimeMs(t, effective, draft));
      } catch (Gen.Reject rejected) {
        // degenerate or unverified draw: try the next derived seed
      } catch (CasException e) {
        if (!e.isInputProblem()) {
          throw e;
        }
      }
    }
    throw new IllegalStateException("no verified problem for " + t.id() + " at difficulty " + effective + " seed " + seed);
  }

  /** Regenerates a problem from its id ({@code math:<topic>:<difficulty>:<seed>}); empty for a foreign id. */
  public Optional<MathProblem> fromId(String id) throws CasException {
    return fromId(id, null);
  }

  /** {@link #fromId(String)} under a deadline (null: the CAS's default timeout per call). */
  public Optional<MathProblem> fromId(String id, Deadline deadline) throws CasException {
    String[] parts = id == null ? new String[0] : id.split(":");
    if (parts.length != 4 || !parts[0].equals("math") || !topics.containsKey(parts[1])) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          generate(parts[1], Integer.parseInt(parts[2]), Long.parseLong(parts[3]),
              deadline == null ? gen : gen.within(deadline)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static String id(String topic, int difficulty, long seed) {
    return "math:" + topic + ":" + difficulty + ":" + seed;
  }

  /** Reading time plus time per worked step, growing within the topic's range. */
  private static long expectedTimeMs(Topic t, int difficulty, Draft draft) {
    long base = t.secondsPerLevel() * 1000L;
    return base + draft.steps().size() * 10_000L + (difficulty - t.minDifficulty()) * 10_000L;
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
