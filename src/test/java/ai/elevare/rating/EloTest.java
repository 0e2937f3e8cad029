package ai.elevare.rating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.rating.Elo.KSchedule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EloTest {

  private static final double EPS = 1e-12;
  private static final KSchedule K32 = new KSchedule(32, 32, 1);

  // expected score

  @Test
  void equalRatingsExpectHalf() {
    assertEquals(0.5, Elo.expected(1000, 1000), EPS);
    assertEquals(0.5, Elo.expected(1734.5, 1734.5), EPS);
  }

  @Test
  void fourHundredPointsAreTenToOne() {
    assertEquals(10.0 / 11, Elo.expected(1400, 1000), EPS);
    assertEquals(1.0 / 11, Elo.expected(1000, 1400), EPS);
    assertEquals(100.0 / 101, Elo.expected(1800, 1000), EPS);
  }

  @Test
  void expectedIsSymmetricAndMonotonic() {
    double previous = 0;
    for (double student = 400; student <= 2000; student += 37) {
      double e = Elo.expected(student, 1200);
      assertEquals(1, e + Elo.expected(1200, student), EPS);
      assertTrue(e > previous, "a stronger student is more likely to succeed");
      previous = e;
    }
  }

  // updates

  @Test
  void winAgainstEqualGainsHalfOfK() {
    assertEquals(1016, Elo.update(1000, 1000, 1, 0, K32), EPS);
    assertEquals(984, Elo.update(1000, 1000, 0, 0, K32), EPS);
    for (int n : new int[] {0, 1, 10, 1000}) {
      assertEquals(1000 + 0.5 * Elo.kFactor(n), Elo.update(1000, 1000, 1, n), EPS);
      assertEquals(1000 - 0.5 * Elo.kFactor(n), Elo.update(1000, 1000, 0, n), EPS);
    }
  }

  @Test
  void updateMovesByKTimesSurprise() {
    double expected = Elo.expected(1100, 1500);
    assertEquals(1100 + 32 * (1 - expected), Elo.update(1100, 1500, 1, 0, K32), EPS);
    assertEquals(1100 + 32 * (0.7 - expected), Elo.update(1100, 1500, 0.7, 0, K32), EPS);
    // beating a much stronger opponent is worth more than beating a weaker one
    double upset = Elo.update(1100, 1500, 1, 0, K32) - 1100;
    double routine = Elo.update(1100, 700, 1, 0, K32) - 1100;
    assertTrue(upset > routine && routine > 0);
    // a score equal to the expectation leaves the rating where it was
    assertEquals(1100, Elo.update(1100, 1500, expected, 0, K32), EPS);
  }

  @Test
  void itemMovesOppositeToStudent() {
    double student = Elo.update(1200, 1300, 1, 0, K32);
    double item = Elo.itemUpdate(1300, 1200, 1, 0, K32);
    assertTrue(student > 1200 && item < 1300);
    assertEquals(student - 1200, 1300 - item, EPS); // zero-sum with equal K
    assertTrue(Elo.itemUpdate(1300, 1200, 0, 7) > 1300);
    double k = Elo.ITEM_K.at(7);
    assertEquals(1300 + k * Elo.expected(1200, 1300), Elo.itemUpdate(1300, 1200, 0, 7), EPS);
  }

  @Test
  void ratingsClampAtBothEnds() {
    assertEquals(Elo.MAX_RATING, Elo.update(1995, 1995, 1, 0), EPS);
    assertEquals(Elo.MIN_RATING, Elo.update(405, 405, 0, 0), EPS);
    assertEquals(Elo.MAX_RATING, Elo.update(2000, 400, 1, 0), EPS);
    assertEquals(Elo.MIN_RATING, Elo.itemUpdate(410, 400, 1, 0), EPS);
    assertEquals(Elo.MAX_RATING, Elo.itemUpdate(1990, 2000, 0, 0), EPS);
    assertEquals(400, Elo.clamp(-50), EPS);
    assertEquals(2000, Elo.clamp(1e9), EPS);
    assertEquals(1234.5, Elo.clamp(1234.5), EPS);
    assertThrows(IllegalArgumentException.class, () -> Elo.clamp(Double.NaN));
  }

  @Test
  void rejectsScoresOutsideZeroToOne() {
    assertThrows(IllegalArgumentException.class, () -> Elo.update(1000, 1000, 1.01, 0));
    assertThrows(IllegalArgumentException.class, () -> Elo.itemUpdate(1000, 1000, -0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> Elo.update(1000, 1000, Double.NaN, 0));
  }

  // K schedule

  @Test
  void studentKDecaysMonotonicallyToThirtyTwo() {
    assertEquals(Elo.STUDENT_K.initial(), Elo.kFactor(0), EPS);
    assertTrue(Elo.kFactor(0) > 32);
    double previous = Double.POSITIVE_INFINITY;
    for (int n = 0; n <= 100_000; n = n < 100 ? n + 1 : n * 2) {
      double k = Elo.kFactor(n);
      assertTrue(k < previous, "K must fall with every answer");
      assertTrue(k > 32);
      previous = k;
    }
    assertEquals(32, Elo.kFactor(Integer.MAX_VALUE), 1e-3);
    assertEquals(32, Elo.STUDENT_K.floor(), EPS);
  }

  @Test
  void halfLifeHalvesTheExcessOverTheFloor() {
    KSchedule k = new KSchedule(100, 20, 10);
    assertEquals(100, k.at(0), EPS);
    assertEquals(60, k.at(10), EPS);
    assertEquals(40, k.at(30), EPS);
    assertThrows(IllegalArgumentException.class, () -> k.at(-1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new KSchedule(16, 32, 10));
    assertTrue(e.getMessage().contains("floor 32.0 <= initial 16.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new KSchedule(64, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new KSchedule(64, 32, 0));
  }

  @Test
  void itemKSettlesBelowTheStudentK() {
    assertTrue(Elo.ITEM_K.at(0) > Elo.ITEM_K.at(50));
    assertTrue(Elo.ITEM_K.at(10_000) < Elo.kFactor(10_000));
  }

  // difficulty

  @ParameterizedTest
  @CsvSource({
    "400, 1", "0, 1", "559.99, 1", "560, 2", "719, 2", "720, 3", "1039, 4", "1040, 5",
    "1199, 5", "1200, 6", "1359, 6", "1360, 7", "1839.9, 9", "1840, 10", "2000, 10", "5000, 10"
  })
  void difficultyBands(double rating, int level) {
    assertEquals(level, Elo.difficulty(rating));
  }

  @Test
  void ratingForDifficultyIsTheBandCentre() {
    assertEquals(480, Elo.ratingForDifficulty(1), EPS);
    assertEquals(1120, Elo.ratingForDifficulty(5), EPS);
    assertEquals(1920, Elo.ratingForDifficulty(10), EPS);
    for (int d = 1; d <= 10; d++) {
      double centre = Elo.ratingForDifficulty(d);
      assertEquals(d, Elo.difficulty(centre));
      assertEquals(d, Elo.difficulty(centre - Elo.LEVEL_WIDTH / 2));
      assertEquals(Math.min(10, d + 1), Elo.difficulty(centre + Elo.LEVEL_WIDTH / 2));
    }
    assertEquals(4, Elo.difficulty(Elo.INITIAL_RATING)); // 880..1039
    assertThrows(IllegalArgumentException.class, () -> Elo.ratingForDifficulty(0));
    assertThrows(IllegalArgumentException.class, () -> Elo.ratingForDifficulty(11));
  }

  // performance score

  @Test
  void correctFastWithoutHintsIsPerfect() {
    assertEquals(1.0, Elo.performanceScore(true, 5_000, 30_000, 0, 1), EPS);
    assertEquals(1.0, Elo.performanceScore(true, 30_000, 30_000, 0, 1), EPS);
    assertEquals(1.0, Elo.performanceScore(true, 0, 30_000, 0, 1), EPS);
  }

  @Test
  void slowAnswersLoseTheSpeedShareLinearly() {
    assertEquals(0.7 + 0.2 * 0.5 + 0.1, Elo.performanceScore(true, 60_000, 30_000, 0, 1), EPS);
    assertEquals(0.7 + 0.2 * 0.75 + 0.1, Elo.performanceScore(true, 45_000, 30_000, 0, 1), EPS);
    assertEquals(0.8, Elo.performanceScore(true, 90_000, 30_000, 0, 1), EPS);
    assertEquals(0.8, Elo.performanceScore(true, 3_600_000, 30_000, 0, 1), EPS);
    double previous = 1;
    for (long t = 0; t <= 120_000; t += 1_000) {
      double s = Elo.performanceScore(true, t, 30_000, 0, 1);
      assertTrue(s <= previous, "slower never scores more");
      previous = s;
    }
  }

  @Test
  void eachHintCostsAThirdOfTheHintShare() {
    assertEquals(0.9 + 0.1 * 2 / 3, Elo.performanceScore(true, 1_000, 30_000, 1, 1), EPS);
    assertEquals(0.9 + 0.1 / 3, Elo.performanceScore(true, 1_000, 30_000, 2, 1), EPS);
    assertEquals(0.9, Elo.performanceScore(true, 1_000, 30_000, 3, 1), EPS);
    assertEquals(0.9, Elo.performanceScore(true, 1_000, 30_000, 7, 1), EPS);
  }

  @Test
  void retriesEarnReducedAccuracy() {
    assertEquals(0.7 * 0.5 + 0.3, Elo.performanceScore(true, 1_000, 30_000, 0, 2), EPS);
    assertEquals(0.7 * 0.25 + 0.3, Elo.performanceScore(true, 1_000, 30_000, 0, 3), EPS);
    assertTrue(
        Elo.performanceScore(true, 1_000, 30_000, 0, 4)
            < Elo.performanceScore(true, 1_000, 30_000, 0, 3));
    // slow, three hints, third attempt: still above a wrong answer
    assertEquals(0.7 * 0.25, Elo.performanceScore(true, 100_000, 30_000, 3, 3), EPS);
  }

  @Test
  void wrongAnswersScoreZero() {
    assertEquals(0, Elo.performanceScore(false, 1_000, 30_000, 0, 1), EPS);
    assertEquals(0, Elo.performanceScore(false, 100_000, 30_000, 5, 4), EPS);
  }

  @Test
  void performanceScoreRejectsNonsense() {
    assertThrows(
        IllegalArgumentException.class, () -> Elo.performanceScore(true, -1, 30_000, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> Elo.performanceScore(true, 10, 0, 0, 1));
    assertThrows(
        IllegalArgumentException.class, () -> Elo.performanceScore(true, 10, 30_000, -1, 1));
    assertThrows(
        IllegalArgumentException.class, () -> Elo.performanceScore(true, 10, 30_000, 0, 0));
  }

  @Test
  void performanceScoreDrivesTheUpdate() {
    double perfect = Elo.performanceScore(true, 1_000, 30_000, 0, 1);
    double hinted = Elo.performanceScore(true, 80_000, 30_000, 3, 2);
    double wrong = Elo.performanceScore(false, 1_000, 30_000, 0, 1);
    double a = Elo.update(1000, 1000, perfect, 5);
    double b = Elo.update(1000, 1000, hinted, 5);
    double c = Elo.update(1000, 1000, wrong, 5);
    assertTrue(a > 1000 && b < 1000 && c < b, "a weak correct answer against an equal item loses");
  }

  // evaluation metrics

  @Test
  void aucOnAHandComputedExample() {
    // positives 0.35, 0.8; negatives 0.1, 0.4: pairs won 0.35>0.1, 0.8>0.1, 0.8>0.4 -> 3 of 4
    assertEquals(
        0.75, EloEvaluation.auc(new double[] {0.1, 0.4, 0.35, 0.8}, bytes(0, 0, 1, 1)), EPS);
    // a tie counts one half: positives 0.6, 0.9 against negatives 0.2, 0.6 -> 1 + 0.5 + 1 + 1
    assertEquals(
        3.5 / 4, EloEvaluation.auc(new double[] {0.2, 0.6, 0.6, 0.9}, bytes(0, 1, 0, 1)), EPS);
    assertEquals(0.5, EloEvaluation.auc(new double[] {0.5, 0.5, 0.5}, bytes(1, 0, 1)), EPS);
    assertEquals(1, EloEvaluation.auc(new double[] {0.1, 0.2, 0.3}, bytes(0, 1, 1)), EPS);
    assertEquals(0, EloEvaluation.auc(new double[] {0.1, 0.2, 0.3}, bytes(1, 0, 0)), EPS);
  }

  @Test
  void aucMatchesPairCountingWithManyTies() {
    Random random = new Random(7);
    int n = 400;
    double[] p = new double[n];
    byte[] y = new byte[n];
    for (int i = 0; i < n; i++) {
      p[i] = random.nextInt(20) / 20.0; // coarse, so ties are everywhere
      y[i] = (byte) (random.nextDouble() < 0.3 + p[i] / 2 ? 1 : 0);
    }
    double wins = 0;
    double pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (y[i] == 1 && y[j] == 0) {
          pairs++;
          wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
        }
      }
    }
    assertEquals(wins / pairs, EloEvaluation.auc(p, y), 1e-12);
  }

  @Test
  void rmseAndLogLoss() {
    EloEvaluation.Metrics m = EloEvaluation.metrics(new double[] {0.8, 0.4}, bytes(1, 0));
    assertEquals(Math.sqrt((0.04 + 0.16) / 2), m.rmse(), EPS);
    assertEquals(-(Math.log(0.8) + Math.log(0.6)) / 2, m.logLoss(), EPS);
    assertEquals(1, m.auc(), EPS);
    assertEquals(2, m.n());
    assertEquals("AUC=1.0000 RMSE=0.3162 LOGLOSS=0.3670 N=2", m.line());
  }

  @Test
  void mainPrintsOneLineOverEveryTestAnswer(@TempDir Path dir) throws IOException {
    String header = "user_id\titem_id\ttimestamp\tcorrect\tskill_id\n";
    StringBuilder train = new StringBuilder(header);
    StringBuilder test = new StringBuilder(header);
    Random random = new Random(11);
    for (int user = 0; user < 50; user++) {
      StringBuilder out = user < 40 ? train : test;
      double ability = random.nextGaussian();
      for (int step = 0; step < 30; step++) {
        int item = random.nextInt(12);
        double p = 1 / (1 + Math.exp(item / 3.0 - 2 - ability - step / 15.0));
        int correct = random.nextDouble() < p ? 1 : 0;
        out.append(user)
            .append('\t')
            .append(item)
            .append("\t0\t")
            .append(correct)
            .append('\t')
            .append(item % 3)
            .append('\n');
      }
    }
    Path trainFile = Files.writeString(dir.resolve("train.csv"), train);
    Path testFile = Files.writeString(dir.resolve("test.csv"), test);

    for (String variant : EloEvaluation.VARIANTS) {
      String printed = runMain(trainFile.toString(), testFile.toString(), variant);
      assertTrue(
          printed.matches("AUC=0\\.\\d{4} RMSE=0\\.\\d{4} LOGLOSS=\\d\\.\\d{4} N=300\\n"),
          printed);
      double auc = Double.parseDouble(printed.substring(4, 10));
      assertTrue(auc > 0.6, variant + ": items of graded difficulty must be ranked: " + printed);
    }
    String[] table = runMain(trainFile.toString(), testFile.toString()).split("\n");
    // the header, a line per variant, then one line saying whether the shipped model meets the goals
    assertEquals(2 + EloEvaluation.VARIANTS.size(), table.length, String.join("\n", table));
    assertTrue(table[table.length - 1].startsWith("goal train.csv"), table[table.length - 1]);
    assertTrue(table[0].matches("data +variant +holdout +AUC +RMSE +LOGLOSS +N"), table[0]);
    for (int i = 0; i < EloEvaluation.VARIANTS.size(); i++) {
      String[] cells = table[i + 1].trim().split(" +");
      assertEquals(List.of("train.csv", EloEvaluation.VARIANTS.get(i)), List.of(cells[0], cells[1]));
      assertEquals("300", cells[6]);
    }
  }

  @Test
  void replayPredictsBeforeItLearns(@TempDir Path dir) throws IOException {
    String header = "user_id\titem_id\ttimestamp\tcorrect\tskill_id\n";
    Path train =
        Files.writeString(dir.resolve("train.csv"), header + "1\t5\t0\t1\t2\n1\t5\t0\t1\t2\n");
    Path test =
        Files.writeString(dir.resolve("test.csv"), header + "2\t5\t0\t0\t2\n2\t6\t0\t1\t2\n");
    EloEvaluation.Ids ids = new EloEvaluation.Ids();
    EloEvaluation.Answers fit = ids.read(train);
    EloEvaluation.Answers eval = ids.read(test);
    double[] p = EloEvaluation.replay(EloEvaluation.PLAIN, ids, fit, fit.size(), eval);
    // item 5 lost twice in TRAIN, so a new student is favoured against it
    double item = Elo.itemUpdate(1000, 1000, 1, 0, K32);
    item = Elo.itemUpdate(item, Elo.update(1000, 1000, 1, 0, K32), 1, 1, K32);
    assertEquals(Elo.expected(1000, item), p[0], EPS);
    // the wrong answer lowered the student before item 6 (new, at 1000) was predicted
    assertEquals(Elo.expected(Elo.update(1000, item, 0, 0, K32), 1000), p[1], EPS);
  }

  @Test
  void rejectsFilesInAnotherFormat(@TempDir Path dir) throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.csv"), "user,item,correct\n1,2,1\n");
    assertThrows(IOException.class, () -> new EloEvaluation.Ids().read(bad));
    Path badRow =
        Files.writeString(
            dir.resolve("row.csv"),
            "user_id\titem_id\ttimestamp\tcorrect\tskill_id\n1\t2\t0\t3\t4\n");
    assertThrows(IOException.class, () -> new EloEvaluation.Ids().read(badRow));
  }

  private static String runMain(String... args) throws IOException {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      EloEvaluation.main(args);
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
