package ai.elevare.rating;

import ai.elevare.rating.Elo.KSchedule;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Offline check of {@link Elo} on public knowledge-tracing data (docs/elo-evaluation.md).
 *
 * <p>Usage: {@code EloEvaluation TRAIN TEST [tuned|product|plain] [--verbose]}. Files are
 * TAB-separated {@code user_id item_id timestamp correct skill_id} with a header, rows in time
 * order per user, train and test split by user. Prints exactly one line: {@code AUC=… RMSE=…
 * LOGLOSS=… N=…}, over every TEST answer, each predicted before the model learns from it.
 *
 * <p>Model ({@code tuned}, the default): every student has a global rating and a rating per skill
 * (the product's rating per subject, refined by topic), the skill rating starting from the global
 * one when the student meets the skill. The prediction is {@code Elo.expected(r, item)} with {@code
 * r = w * skill + (1 - w) * global}, {@code w = skillWeight * n / (n + skillPrior)} and {@code n}
 * the student's answers in that skill so far. Each answer then moves the global rating, the skill
 * rating ({@code Elo.update}), the item rating and the skill's difficulty ({@code Elo.itemUpdate}
 * against {@code r}); a never-seen item starts at its skill's difficulty. TRAIN is replayed {@code
 * trainPasses} times, students starting afresh in each pass, so items enter TEST well calibrated.
 * The K schedules, the blend and the pass count are tuned on TRAIN alone: fit on the first 80% of
 * its rows (cut at a user boundary), score the AUC on the remaining users, coordinate descent over
 * fixed candidate lists. TEST is never looked at before the final replay.
 *
 * <p>{@code product} uses {@link Elo#STUDENT_K} for both student ratings, {@link Elo#ITEM_K} for
 * both item-side ratings, a fixed blend and two passes, no tuning. {@code plain} is the textbook
 * baseline: one rating per student, K = 32 on both sides throughout, items start at 1000, one pass.
 */
public final class EloEvaluation {

  /** Answers as parallel arrays of dense ids, in file order. */
  record Answers(int[] student, int[] item, int[] skill, int[] studentSkill, byte[] correct) {
    int size() {
      return correct.length;
    }
  }

  /** Everything the replay can be tuned on. */
  record Model(
      KSchedule student,
      KSchedule studentSkill,
      KSchedule item,
      KSchedule skillDifficulty,
      double skillWeight,
      double skillPrior,
      boolean itemFromSkill,
      int trainPasses) {}

  record Metrics(double auc, double rmse, double logLoss, int n) {
    String line() {
      return String.format(
          Locale.ROOT, "AUC=%.4f RMSE=%.4f LOGLOSS=%.4f N=%d", auc, rmse, logLoss, n);
    }
  }

  private static final double FLOOR = 32;
  private static final KSchedule CONSTANT_32 = new KSchedule(FLOOR, FLOOR, 1);

  static final Model PLAIN =
      new Model(CONSTANT_32, CONSTANT_32, CONSTANT_32, CONSTANT_32, 0, 0, false, 1);

  static final Model PRODUCT =
      new Model(Elo.STUDENT_K, Elo.STUDENT_K, Elo.ITEM_K, Elo.ITEM_K, 0.5, 5, true, 2);

  /** Share of TRAIN rows (whole users) fitted while tuning; the rest is the tuning hold-out. */
  static final double TUNING_FIT_SHARE = 0.8;

  private static final double[] K_INITIAL = {32, 64, 96, 128, 192, 256, 384};
  private static final double[] HALF_LIFE = {1, 2, 5, 10, 20, 50, 100};
  private static final double[] ITEM_FLOOR = {2, 4, 8, 16, 32};
  private static final double[] SKILL_WEIGHT = {0, 0.25, 0.5, 0.75, 1};
  private static final double[] SKILL_PRIOR = {0, 2, 5, 10, 20};
  private static final double[] PASSES = {1, 2, 3};
  private static final int MAX_TUNING_ROUNDS = 4;

  /** A change must gain this much hold-out AUC to be kept, so tuning does not chase noise. */
  private static final double MIN_GAIN = 0.0002;

  private EloEvaluation() {}

  public static void main(String[] args) throws IOException {
    List<String> positional = new ArrayList<>();
    boolean verbose = false;
    for (String arg : args) {
      if (arg.equals("--verbose")) {
        verbose = true;
      } else {
        positional.add(arg);
      }
    }
    if (positional.size() < 2 || positional.size() > 3) {
      System.err.println("usage: EloEvaluation TRAIN TEST [tuned|product|plain] [--verbose]");
      System.exit(2);
    }
    String variant = positional.size() == 3 ? positional.get(2) : "tuned";
    Ids ids = new Ids();
    Answers train = ids.read(Path.of(positional.get(0)));
    Model model =
        switch (variant) {
          case "tuned" -> tune(train, ids, verbose);
          case "product" -> PRODUCT;
          case "plain" -> PLAIN;
          default -> throw new IllegalArgumentException("unknown variant: " + variant);
        };
    if (verbose) {
      System.err.println(variant + ": " + model);
    }
    Answers test = ids.read(Path.of(positional.get(1))); // read only once the model is fixed
    double[] p = replay(model, ids, train, train.size(), test);
    System.out.println(metrics(p, test.correct()).line());
  }

  /**
   * Replays {@code fit[0, fitEnd)} {@code trainPasses} times, then predicts every row of {@code
   * eval} before learning from it. Returns those predictions.
   */
  static double[] replay(Model m, Ids ids, Answers fit, int fitEnd, Answers eval) {
    State s = new State(ids);
    for (int pass = 0; pass < m.trainPasses(); pass++) {
      s.forgetStudents();
      for (int r = 0; r < fitEnd; r++) {
        s.answer(m, fit, r);
      }
    }
    double[] p = new double[eval.size()];
    for (int r = 0; r < eval.size(); r++) {
      p[r] = s.answer(m, eval, r);
    }
    return p;
  }

  /** All ratings and answer counts of one replay; students, skills and items by dense id. */
  private static final class State {
    final double[] global;
    final int[] globalN;
    final double[] skill;
    final int[] skillN;
    final double[] item;
    final int[] itemN;
    final double[] difficulty;
    final int[] difficultyN;

    State(Ids ids) {
      global = new double[ids.students.size()];
      globalN = new int[global.length];
      skill = new double[ids.studentSkills.size()];
      skillN = new int[skill.length];
      item = new double[ids.items.size()];
      itemN = new int[item.length];
      difficulty = new double[ids.skills.size()];
      difficultyN = new int[difficulty.length];
      Arrays.fill(difficulty, Elo.INITIAL_RATING);
      forgetStudents();
    }

    void forgetStudents() {
      Arrays.fill(global, Elo.INITIAL_RATING);
      Arrays.fill(globalN, 0);
      Arrays.fill(skillN, 0);
    }

    /** Predicts row {@code r}, then learns from it; returns the prediction. */
    double answer(Model m, Answers a, int r) {
      int u = a.student()[r];
      int us = a.studentSkill()[r];
      int i = a.item()[r];
      int k = a.skill()[r];
      double y = a.correct()[r];
      if (skillN[us] == 0) {
        skill[us] = global[u];
      }
      if (itemN[i] == 0) {
        item[i] = m.itemFromSkill() ? difficulty[k] : Elo.INITIAL_RATING;
      }
      double w = m.skillWeight() * skillN[us] / (skillN[us] + m.skillPrior());
      double rating = skillN[us] == 0 ? global[u] : w * skill[us] + (1 - w) * global[u];
      double p = Elo.expected(rating, item[i]);
      global[u] = Elo.update(global[u], item[i], y, globalN[u]++, m.student());
      skill[us] = Elo.update(skill[us], item[i], y, skillN[us]++, m.studentSkill());
      item[i] = Elo.itemUpdate(item[i], rating, y, itemN[i]++, m.item());
      difficulty[k] =
          Elo.itemUpdate(difficulty[k], rating, y, difficultyN[k]++, m.skillDifficulty());
      return p;
    }
  }

  /**
   * Chooses the model on TRAIN only: fits the first {@link #TUNING_FIT_SHARE} of its rows (whole
   * users), scores the AUC on the other users, and improves one setting at a time over fixed
   * candidate lists, starting from {@link #PRODUCT}, until a round changes nothing (at most {@link
   * #MAX_TUNING_ROUNDS}).
   */
  static Model tune(Answers train, Ids ids, boolean verbose) {
    int cut = userBoundary(train, (int) (train.size() * TUNING_FIT_SHARE));
    Answers holdout = slice(train, cut, train.size());
    List<Setting> settings = settings();
    Model best = PRODUCT;
    double bestAuc = holdoutAuc(best, ids, train, cut, holdout);
    for (int round = 0; round < MAX_TUNING_ROUNDS; round++) {
      Model start = best;
      for (Setting setting : settings) {
        for (double v : setting.candidates()) {
          Model candidate;
          try {
            candidate = setting.apply(best, v);
          } catch (IllegalArgumentException invalid) {
            continue; // e.g. an initial K below the floor
          }
          double auc = holdoutAuc(candidate, ids, train, cut, holdout);
          if (auc > bestAuc + MIN_GAIN) {
            best = candidate;
            bestAuc = auc;
          }
        }
      }
      if (verbose) {
        System.err.printf(
            Locale.ROOT, "round %d: hold-out AUC %.4f %s%n", round + 1, bestAuc, best);
      }
      if (best.equals(start)) {
        break; // a full round changed nothing: a local optimum on the candidate grid
      }
    }
    return best;
  }

  /** One tunable setting: its candidate values and how a value changes a model. */
  private record Setting(double[] candidates, Tweak tweak) {
    Model apply(Model m, double v) {
      return tweak.apply(m, v);
    }
  }

  private interface Tweak {
    Model apply(Model m, double v);
  }

  private static final int STUDENT = 0;
  private static final int STUDENT_SKILL = 1;
  private static final int ITEM = 2;
  private static final int SKILL_DIFFICULTY = 3;

  /** Student schedules keep the product's floor of 32; item-side floors are tuned as well. */
  private static List<Setting> settings() {
    List<Setting> s = new ArrayList<>();
    for (int which : new int[] {STUDENT, STUDENT_SKILL, ITEM, SKILL_DIFFICULTY}) {
      s.add(
          new Setting(
              K_INITIAL, (m, v) -> with(m, which, k -> new KSchedule(v, k.floor(), k.halfLife()))));
      if (which == ITEM || which == SKILL_DIFFICULTY) {
        s.add(
            new Setting(
                ITEM_FLOOR,
                (m, v) -> with(m, which, k -> new KSchedule(k.initial(), v, k.halfLife()))));
      }
      s.add(
          new Setting(
              HALF_LIFE, (m, v) -> with(m, which, k -> new KSchedule(k.initial(), k.floor(), v))));
    }
    s.add(new Setting(SKILL_WEIGHT, (m, v) -> blend(m, v, m.skillPrior(), m.trainPasses())));
    s.add(new Setting(SKILL_PRIOR, (m, v) -> blend(m, m.skillWeight(), v, m.trainPasses())));
    s.add(new Setting(PASSES, (m, v) -> blend(m, m.skillWeight(), m.skillPrior(), (int) v)));
    return s;
  }

  /** The model with schedule {@code which} changed. */
  private static Model with(Model m, int which, UnaryOperator<KSchedule> change) {
    KSchedule[] k = {m.student(), m.studentSkill(), m.item(), m.skillDifficulty()};
    k[which] = change.apply(k[which]);
    return new Model(
        k[STUDENT],
        k[STUDENT_SKILL],
        k[ITEM],
        k[SKILL_DIFFICULTY],
        m.skillWeight(),
        m.skillPrior(),
        m.itemFromSkill(),
        m.trainPasses());
  }

  private static Model blend(Model m, double skillWeight, double skillPrior, int trainPasses) {
    return new Model(
        m.student(),
        m.studentSkill(),
        m.item(),
        m.skillDifficulty(),
        skillWeight,
        skillPrior,
        m.itemFromSkill(),
        trainPasses);
  }

  private static double holdoutAuc(Model m, Ids ids, Answers train, int cut, Answers holdout) {
    return auc(replay(m, ids, train, cut, holdout), holdout.correct());
  }

  /** The first row at or after {@code row} that starts a new user (or the end). */
  static int userBoundary(Answers a, int row) {
    int r = Math.max(1, row);
    while (r < a.size() && a.student()[r] == a.student()[r - 1]) {
      r++;
    }
    return r;
  }

  private static Answers slice(Answers a, int from, int to) {
    return new Answers(
        Arrays.copyOfRange(a.student(), from, to),
        Arrays.copyOfRange(a.item(), from, to),
        Arrays.copyOfRange(a.skill(), from, to),
        Arrays.copyOfRange(a.studentSkill(), from, to),
        Arrays.copyOfRange(a.correct(), from, to));
  }

  static Metrics metrics(double[] p, byte[] y) {
    double squared = 0;
    double log = 0;
    for (int r = 0; r < p.length; r++) {
      double q = Math.min(1 - 1e-15, Math.max(1e-15, p[r]));
      squared += (p[r] - y[r]) * (p[r] - y[r]);
      log -= y[r] == 1 ? Math.log(q) : Math.log(1 - q);
    }
    return new Metrics(auc(p, y), Math.sqrt(squared / p.length), log / p.length, p.length);
  }

  /**
   * Exact ROC AUC (the Mann-Whitney statistic): the share of (correct, wrong) answer pairs in which
   * the correct one got the higher prediction, a tie counting one half. This equals the rank-sum
   * formula with tied predictions sharing their average rank. NaN when one class is missing.
   */
  static double auc(double[] p, byte[] y) {
    if (p.length != y.length) {
      throw new IllegalArgumentException("predictions and outcomes differ in length");
    }
    int positives = 0;
    for (byte outcome : y) {
      positives += outcome;
    }
    double[] pos = new double[positives];
    double[] neg = new double[p.length - positives];
    for (int r = 0, i = 0, j = 0; r < p.length; r++) {
      if (Double.isNaN(p[r])) {
        throw new IllegalArgumentException("prediction " + r + " is NaN");
      }
      if (y[r] == 1) {
        pos[i++] = p[r];
      } else {
        neg[j++] = p[r];
      }
    }
    Arrays.sort(pos);
    Arrays.sort(neg);
    double wins = 0;
    int below = 0; // negatives strictly below pos[i]
    int notAbove = 0; // negatives at or below pos[i]
    for (double v : pos) {
      while (below < neg.length && neg[below] < v) {
        below++;
      }
      notAbove = Math.max(notAbove, below);
      while (notAbove < neg.length && neg[notAbove] == v) {
        notAbove++;
      }
      wins += below + (notAbove - below) / 2.0;
    }
    return wins / ((double) pos.length * neg.length);
  }

  /**
   * Dense ids shared by TRAIN and TEST, so an item seen in TRAIN keeps its rating in TEST. User ids
   * are disjoint between the two files of these splits; a user present in both would simply carry
   * on with their ratings, as in the product.
   */
  static final class Ids {
    final Map<String, Integer> students = new HashMap<>();
    final Map<String, Integer> items = new HashMap<>();
    final Map<String, Integer> skills = new HashMap<>();
    final Map<Long, Integer> studentSkills = new HashMap<>();

    Answers read(Path file) throws IOException {
      List<int[]> rows = new ArrayList<>();
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String header = in.readLine();
        if (header == null
            || !header.trim().equals("user_id\titem_id\ttimestamp\tcorrect\tskill_id")) {
          throw new IOException(
              file + ": expected header user_id item_id timestamp correct skill_id");
        }
        String line;
        int lineNo = 1;
        while ((line = in.readLine()) != null) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          String[] f = line.split("\t", -1);
          if (f.length != 5 || !(f[3].equals("0") || f[3].equals("1"))) {
            throw new IOException(file + ":" + lineNo + ": malformed row");
          }
          rows.add(
              new int[] {
                id(students, f[0]), id(items, f[1]), id(skills, f[4]), f[3].charAt(0) - '0'
              });
        }
      }
      int n = rows.size();
      Answers a = new Answers(new int[n], new int[n], new int[n], new int[n], new byte[n]);
      for (int r = 0; r < n; r++) {
        int[] row = rows.get(r);
        a.student()[r] = row[0];
        a.item()[r] = row[1];
        a.skill()[r] = row[2];
        a.correct()[r] = (byte) row[3];
        long pair = ((long) row[0] << 32) | row[2];
        a.studentSkill()[r] = studentSkills.computeIfAbsent(pair, x -> studentSkills.size());
      }
      return a;
    }

    private static int id(Map<String, Integer> ids, String raw) {
      return ids.computeIfAbsent(raw.trim(), x -> ids.size());
    }
  }
}
