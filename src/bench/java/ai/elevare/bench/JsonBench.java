package ai.elevare.bench;

import ai.elevare.http.Json;
import ai.elevare.student.PracticeModule.PracticeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cost of a progress response's recent practice (not a test): 200 students' 20 records each, as the
 * response mapper writes them. <b>plain</b>: a record type with the same components that the mapper
 * writes field by field (what every record cost before {@code RepeatedJson}); <b>progress</b>: the
 * product's record, where each view has one record the mapper has not written yet (the answer just
 * given) and 19 it wrote before. Prints both per view and their ratio.
 *
 * <p>Usage: {@code make bench BENCH=JsonBench [ARGS="rounds views-per-round"]}.
 */
public final class JsonBench {
  private JsonBench() {}

  /** {@link PracticeRecord}'s components, so the mapper writes it the plain way. */
  record Plain(String assignmentId, String subject, String itemId, String topic, boolean correct, boolean givenUp,
      double score, double ratingBefore, double ratingAfter, int attempt, Instant at) {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    List<List<PracticeRecord>> students = new ArrayList<>();
    List<List<Plain>> plain = new ArrayList<>();
    for (int s = 0; s < 200; s++) {
      List<PracticeRecord> recent = new ArrayList<>();
      for (int i = 0; i < 20; i++) recent.add(record(s, i));
      students.add(recent);
      plain.add(recent.stream().map(r -> new Plain(r.assignmentId(), r.subject(), r.itemId(), r.topic(), r.correct(),
          r.givenUp(), r.score(), r.ratingBefore(), r.ratingAfter(), r.attempt(), r.at())).toList());
    }
    double plainUs = 0, progressUs = 0;
    long plainBytes = 0, progressBytes = 0;
    for (int round = 0; round < rounds; round++) {
      // the first half of the rounds warms the JIT and is not counted
      boolean counted = round >= rounds / 2;
      // the answers' new records, made before the clock starts: only the writing is timed
      List<PracticeRecord> answers = new ArrayList<>(perRound);
      for (int k = 0; k < perRound; k++) answers.add(record(k % 200, round * perRound + k + 20));
      long t0 = System.nanoTime();
      for (int k = 0; k < perRound; k++) plainBytes += Json.bytes(Map.of("recent_practice", plain.get(k % 200))).length;
      long t1 = System.nanoTime();
      for (int k = 0; k < perRound; k++) {
        // an answer: the newest record comes in, the oldest leaves
        List<PracticeRecord> recent = students.get(k % 200);
        recent.remove(0);
        recent.add(answers.get(k));
        progressBytes += Json.bytes(Map.of("recent_practice", recent)).length;
      }
      long t2 = System.nanoTime();
      if (counted) {
        plainUs += (t1 - t0) / 1e3 / perRound;
        progressUs += (t2 - t1) / 1e3 / perRound;
      }
    }
    int n = rounds - rounds / 2;
    System.out.printf("recent practice of a progress response (20 records; %d and %d bytes written in all):%n",
        plainBytes, progressBytes);
    System.out.printf("  every record written field by field:            %.2f us per view%n", plainUs / n);
    System.out.printf("  one new record, 19 written before (copied):     %.2f us per view%n", progressUs / n);
    System.out.printf("RESULT json_plain_us=%.2f json_progress_us=%.2f ratio=%.1f%n", plainUs / n, progressUs / n,
        plainUs / progressUs);
  }

  private static PracticeRecord record(int student, int attempt) {
    return new PracticeRecord(UUID.randomUUID().toString(), "biology", UUID.randomUUID().toString(), "ecology",
        attempt % 2 == 0, false, attempt / 20.0, 642.8685804274398 + attempt, 637.9097282701705 + student, attempt,
        Instant.now());
  }
}
