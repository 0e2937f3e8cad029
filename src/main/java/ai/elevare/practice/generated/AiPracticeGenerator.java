package ai.elevare.practice.generated;

import ai.elevare.practice.ItemCatalog;
import ai.elevare.practice.PracticeGenerator;
import ai.elevare.practice.PracticeRequest;
import ai.elevare.practice.Question;
import ai.elevare.practice.Subjects;
import ai.elevare.rating.Elo;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The factory's last source ("ai"): a generated item at the student's level that is self-verified
 * and not flagged, never one the student saw recently nor a rewording of one. It only reads the pool
 * in memory; when fewer than {@link #LOW_WATER} unseen items are left at the level it asks the
 * writer for more in the background and serves what is there (or nothing, and the factory falls back).
 */
public final class AiPracticeGenerator implements PracticeGenerator {
  static final int LOW_WATER = 4;

  private final GeneratedItemStore store;
  private final Consumer<PracticeItemWriter.Refill> writer;

  public AiPracticeGenerator(GeneratedItemStore store, Consumer<PracticeItemWriter.Refill> writer) {
    this.store = store;
    this.writer = writer;
  }

  @Override
  public String source() {
    return "ai";
  }

  /** Fills every level of every subject but math (the CAS writes math) in the background. */
  public void warmUp() {
    for (String s : Subjects.ALL) {
      if (s.equals("math")) continue;
      for (int d = 1; d <= Elo.LEVELS; d++) writer.accept(new PracticeItemWriter.Refill(s, d));
    }
  }

  @Override
  public Optional<Selected> next(PracticeRequest r) {
    if (r.subject().equals("math")) return Optional.empty();
    int level = Elo.difficulty(r.studentRating() - ItemCatalog.TARGET_GAP);
    Set<String> seen = new HashSet<>(r.recentItemIds());
    List<GeneratedItem> fresh = List.of();
    // The student's level first, then the neighbouring levels; each level used is topped up.
    for (int l : new int[] {level, level - 1, level + 1}) {
      if (l < 1 || l > Elo.LEVELS) continue;
      fresh = unseen(r.subject(), l, seen);
      if (fresh.size() < LOW_WATER) writer.accept(new PracticeItemWriter.Refill(r.subject(), l));
      if (!fresh.isEmpty()) break;
    }
    if (fresh.isEmpty()) return Optional.empty();
    GeneratedItem g = fresh.get(new Random(r.seed()).nextInt(Math.min(3, fresh.size())));
    Question q = g.item().toQuestion();
    return Optional.of(new Selected(q, Elo.ratingForDifficulty(g.item().difficulty()), source()));
  }

  /** A new wording asks what the student just answered; new numbers make a new question. */
  private static boolean rewordingOfSeen(GeneratedItem g, Set<String> seen) {
    return g.sourceItemId() != null && g.item().answerFormat().equals("choice") && seen.contains(g.sourceItemId());
  }

  private List<GeneratedItem> unseen(String subject, int level, Set<String> seen) {
    return store.servable(subject, level).stream()
        .filter(g -> !seen.contains(g.id()) && !rewordingOfSeen(g, seen))
        .toList();
  }
}
