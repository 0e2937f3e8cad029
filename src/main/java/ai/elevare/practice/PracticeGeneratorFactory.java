package ai.elevare.practice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's factory: which source serves the next question, in one fixed order (docs/practice.md):
 *
 * <ol>
 *   <li><b>tutor</b>: an item a tutor assigned. Served by the student's actor before it asks here.
 *   <li><b>review</b> ({@link ReviewGenerator}): an item due for spaced review, when the actor says one is.
 *   <li><b>topics</b> ({@link TopicGenerator}): a bank item about a recent tutoring session's topics.
 *   <li><b>math</b> ({@link MathCasGenerator}): a fresh CAS problem, for {@value #MATH_CAS_PERCENT} % of
 *       Math requests (by the request's seed): the rest go on to the bank, so authored Math items are
 *       served too.
 *   <li><b>bank</b> ({@link BankGenerator}): the bank item nearest the student's level; with an AI
 *       source wired, only unseen items within one level, and any bank item after the AI source.
 *   <li><b>ai</b>: generated items (a trailing strategy of the constructor), when the bank has no
 *       unseen item at the student's level.
 * </ol>
 *
 * The first source that yields a question wins. Each source's fallback is the next one: a source
 * that declines, throws, or runs out of its time budget yields nothing and the next is asked. The
 * CAS bounds itself ({@link MathCasGenerator#BUDGET}); review, topics and bank read memory only; a
 * source that may block is not started once the selection has used {@link #SELECTION_BUDGET}. The
 * loop allocates nothing of its own: the order is fixed at construction.
 */
public final class PracticeGeneratorFactory {
  private static final Logger LOG = LoggerFactory.getLogger(PracticeGeneratorFactory.class);

  /** Share of Math requests the CAS serves; the rest draw on the bank's Math items. */
  static final int MATH_CAS_PERCENT = 70;

  /**
   * Time after which sources that may block (review of a generated problem, CAS, AI) are skipped:
   * the bank, which only reads memory, then answers. Well under the HTTP ask timeout.
   */
  public static final Duration SELECTION_BUDGET = Duration.ofMillis(400);

  private enum When { REVIEWS_DUE, SESSION_TOPICS, MATH_SHARE, ALWAYS }

  /** One step of the order: a generator, when it applies, and whether it may block. */
  private record Source(PracticeGenerator generator, When when, boolean mayBlock) {}

  private final Source[] order;
  private final long budgetNanos;

  public PracticeGeneratorFactory(BankGenerator bank, PracticeGenerator math) {
    this(bank, math, null);
  }

  /**
   * @param math the CAS generator, or null (no Math generation)
   * @param ai the last strategy, or null; if it is also an {@link ItemSource}, its items can come
   *     back for review
   */
  public PracticeGeneratorFactory(BankGenerator bank, PracticeGenerator math, PracticeGenerator ai) {
    this(bank, math, ai, SELECTION_BUDGET);
  }

  PracticeGeneratorFactory(BankGenerator bank, PracticeGenerator math, PracticeGenerator ai, Duration budget) {
    List<ItemSource> reviewable = new ArrayList<>(3);
    reviewable.add(bank);
    if (math instanceof ItemSource m) reviewable.add(m);
    if (ai instanceof ItemSource a) reviewable.add(a);
    List<Source> steps = new ArrayList<>(5);
    steps.add(new Source(new ReviewGenerator(reviewable), When.REVIEWS_DUE, reviewable.size() > 1));
    steps.add(new Source(new TopicGenerator(bank), When.SESSION_TOPICS, false));
    if (math != null) steps.add(new Source(math, When.MATH_SHARE, true));
    if (ai == null) {
      steps.add(new Source(bank, When.ALWAYS, false));
    } else {
      // the bank runs dry at the student's level before generated items are served; any bank
      // item (seen, or another level) is the last resort, so an assignment never fails
      steps.add(new Source(bank.atLevel(), When.ALWAYS, false));
      steps.add(new Source(ai, When.ALWAYS, true));
      steps.add(new Source(bank, When.ALWAYS, false));
    }
    this.order = steps.toArray(Source[]::new);
    this.budgetNanos = budget.toNanos();
  }

  /** The sources this request would try, in order (what {@link #next} walks). */
  public List<PracticeGenerator> strategies(PracticeRequest request) {
    List<PracticeGenerator> out = new ArrayList<>(order.length);
    for (Source s : order) if (applies(s.when(), request)) out.add(s.generator());
    return out;
  }

  public Optional<PracticeGenerator.Selected> next(PracticeRequest request) {
    return resume(request, 0);
  }

  /**
   * A selection begun on the caller's thread. Settled when the sources before the first one that
   * may block decided it ({@code item}: a question, or none at all); else {@code resumeAt} is where
   * {@link #resume} goes on.
   */
  public record Start(Optional<PracticeGenerator.Selected> item, int resumeAt) {
    private static final int SETTLED = -1;

    public boolean settled() {
      return resumeAt == SETTLED;
    }
  }

  /** Tries the sources that only read memory, up to the first one that may block (see {@link Start}). */
  public Start inPlace(PracticeRequest request) {
    for (int i = 0; i < order.length; i++) {
      Source s = order[i];
      if (!applies(s.when(), request)) continue;
      if (s.mayBlock()) return new Start(Optional.empty(), i);
      Optional<PracticeGenerator.Selected> q = attempt(s, request);
      if (q.isPresent()) return new Start(q, Start.SETTLED);
    }
    return new Start(Optional.empty(), Start.SETTLED);
  }

  /** {@link #next} from the {@code from}-th source on; the budget counts from this call. */
  public Optional<PracticeGenerator.Selected> resume(PracticeRequest request, int from) {
    long start = System.nanoTime();
    for (int i = from; i < order.length; i++) {
      Source s = order[i];
      if (!applies(s.when(), request)) continue;
      if (s.mayBlock() && System.nanoTime() - start > budgetNanos) continue;
      Optional<PracticeGenerator.Selected> q = attempt(s, request);
      if (q.isPresent()) return q;
    }
    return Optional.empty();
  }

  private static Optional<PracticeGenerator.Selected> attempt(Source s, PracticeRequest request) {
    try {
      return s.generator().next(request);
    } catch (RuntimeException e) {
      LOG.warn("Practice source {} failed; the next one answers", s.generator().source(), e);
      return Optional.empty();
    }
  }

  private static boolean applies(When when, PracticeRequest r) {
    switch (when) {
      case REVIEWS_DUE:
        return !r.reviews().isEmpty();
      case SESSION_TOPICS:
        return !r.focus().isEmpty();
      case MATH_SHARE:
        return r.subject().equals("math") && Math.floorMod(r.seed(), 100) < MATH_CAS_PERCENT;
      default:
        return true;
    }
  }
}
