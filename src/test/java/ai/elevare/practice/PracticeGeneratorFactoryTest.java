package ai.elevare.practice;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.practice.math.Cas;
import ai.elevare.practice.math.CasHold;
import ai.elevare.practice.math.MathGenerators;
import ai.elevare.text.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The factory's order (tutor > review > topics > CAS > bank > ai; the tutor's items never reach it)
 * and each source's fallback: declining, failing or running out of time hands over to the next.
 */
class PracticeGeneratorFactoryTest {
  private static Cas cas;
  private static final List<BankItem> ITEMS = new ArrayList<>();
  private static ItemCatalog catalog;
  private static BankGenerator bank;

  /** A seed inside the CAS's share of Math requests, and one outside it. */
  private static final long CAS_SEED = 5, BANK_SEED = 95;

  @BeforeAll
  static void start() {
    cas = Cas.create(1);
    cas.warmUp();
    for (int d = 1; d <= 6; d++) {
      ITEMS.add(new BankItem("chem-" + d, "chemistry", d % 2 == 0 ? "stoichiometry" : "bonding",
          d % 2 == 0 ? "How many moles of limiting reactant remain? (" + d + ")" : "Which bond forms in NaCl? (" + d + ")",
          "text", List.of(), List.of("a" + d), "hint", "Explained.", 20_000, 3));
      ITEMS.add(new BankItem("math-" + d, "math", "fractions", "1/" + d + " + 1/" + d + " = ?", "number", List.of(),
          List.of("2/" + d), "hint", "Add the numerators.", 20_000, 3));
    }
    catalog = ItemCatalog.of(ITEMS);
    bank = new BankGenerator(catalog, null);
  }

  @AfterAll
  static void stop() {
    cas.close();
  }

  /** A strategy that serves one fixed question, or fails, and counts its calls. */
  static final class Fixed implements PracticeGenerator {
    final String source;
    final boolean fails;
    int calls;

    Fixed(String source, boolean fails) {
      this.source = source;
      this.fails = fails;
    }

    @Override
    public String source() {
      return source;
    }

    @Override
    public Optional<Selected> next(PracticeRequest r) {
      calls++;
      if (fails) throw new IllegalStateException(source + " is down");
      Question q = new Question(source + "-item", r.subject(), "t", "?", "text", "text", List.of(), List.of("x"),
          List.of(), "", List.of(), 20_000, 3);
      return Optional.of(new Selected(q, 1000, source));
    }
  }

  private static PracticeRequest request(String subject, long seed, List<String> focus, List<String> reviews) {
    return new PracticeRequest(subject, 1000, List.of(), null, seed, focus, reviews);
  }

  private static List<String> sources(PracticeGeneratorFactory f, PracticeRequest r) {
    return f.strategies(r).stream().map(PracticeGenerator::source).toList();
  }

  @Test
  void theOrderIsReviewTopicsCasBankThenAi() {
    var f = new PracticeGeneratorFactory(bank, new Fixed("math", false), new Fixed("ai", false));
    List<String> focus = Text.terms("limiting reactant");
    // with an AI source the bank first offers only unseen items at the level, and any item last
    assertEquals(List.of("review", "topics", "math", "bank", "ai", "bank"),
        sources(f, request("math", CAS_SEED, focus, List.of("math-1"))));
    assertEquals(List.of("bank", "ai", "bank"), sources(f, request("math", BANK_SEED, List.of(), List.of())),
        "the bank's share of Math requests skips the CAS");
    assertEquals(List.of("bank", "ai", "bank"), sources(f, request("chemistry", CAS_SEED, List.of(), List.of())));
    assertEquals(List.of("bank"), sources(new PracticeGeneratorFactory(bank, null), request("math", CAS_SEED, List.of(), List.of())));
  }

  @Test
  void aDueReviewComesFirstAndAnUnknownOneFallsThrough() {
    var f = new PracticeGeneratorFactory(bank, new Fixed("math", false), new Fixed("ai", false));
    var review = f.next(request("chemistry", CAS_SEED, List.of(), List.of("gone", "chem-3"))).orElseThrow();
    assertEquals("review", review.source());
    assertEquals("chem-3", review.question().id(), "the first due item a source can serve");
    assertEquals(catalog.rating("chem-3"), review.itemRating());
    var none = f.next(request("chemistry", CAS_SEED, List.of(), List.of("gone"))).orElseThrow();
    assertEquals("bank", none.source());
  }

  @Test
  void sessionTopicsAlternateWithTheRestOfTheSubject() {
    var f = new PracticeGeneratorFactory(bank, null);
    List<String> focus = Text.terms("limiting reactant");
    var first = f.next(request("chemistry", 1, focus, List.of())).orElseThrow();
    assertEquals("topics", first.source());
    assertEquals("stoichiometry", first.question().topic());
    // right after an item on the topics the bank answers, with any item near the level
    var next = f.next(new PracticeRequest("chemistry", 1000, List.of(first.question().id()), "stoichiometry", 1, focus, List.of()))
        .orElseThrow();
    assertEquals("bank", next.source());
    // topics out of reach of the student's level do not steer
    var far = f.next(new PracticeRequest("chemistry", 2000, List.of(), null, 1, focus, List.of())).orElseThrow();
    assertEquals("bank", far.source());
  }

  @Test
  void aFailingSourceHandsOverToTheNext() {
    Fixed math = new Fixed("math", true), ai = new Fixed("ai", false);
    var f = new PracticeGeneratorFactory(bank, math, ai);
    assertEquals("bank", f.next(request("math", CAS_SEED, List.of(), List.of())).orElseThrow().source());
    assertEquals(1, math.calls);
    // physics has no bank items: the AI strategy, last, answers; when it fails too there is nothing
    assertEquals("ai", f.next(request("physics", CAS_SEED, List.of(), List.of())).orElseThrow().source());
    var down = new PracticeGeneratorFactory(bank, null, new Fixed("ai", true));
    assertTrue(down.next(request("physics", CAS_SEED, List.of(), List.of())).isEmpty());
  }

  @Test
  void theSourcesThatOnlyReadMemoryRunInPlaceAndTheRestResumesWhereTheyStopped() {
    Fixed math = new Fixed("math", false), ai = new Fixed("ai", false);
    var f = new PracticeGeneratorFactory(bank, math, ai);
    // chemistry: the bank at the level answers before any source that may block
    var chem = f.inPlace(request("chemistry", CAS_SEED, List.of(), List.of()));
    assertTrue(chem.settled());
    assertEquals("bank", chem.item().orElseThrow().source());
    // math in the CAS's share: the CAS comes first and may block, so nothing runs in place
    var casFirst = f.inPlace(request("math", CAS_SEED, List.of(), List.of()));
    assertFalse(casFirst.settled());
    assertEquals(0, math.calls);
    assertEquals("math", f.resume(request("math", CAS_SEED, List.of(), List.of()), casFirst.resumeAt()).orElseThrow().source());
    // physics has no bank items: the in-place part finds nothing and stops before the AI source
    PracticeRequest physics = request("physics", CAS_SEED, List.of(), List.of());
    var none = f.inPlace(physics);
    assertFalse(none.settled());
    assertEquals(0, ai.calls);
    assertEquals("ai", f.resume(physics, none.resumeAt()).orElseThrow().source());
    assertEquals(1, ai.calls, "resuming does not ask the in-place sources again, nor the AI twice");
    // without a source that may block, an empty selection is settled in place
    var bankOnly = new PracticeGeneratorFactory(bank, null).inPlace(physics);
    assertTrue(bankOnly.settled());
    assertTrue(bankOnly.item().isEmpty());
    // in place, then resumed, is what next gives
    for (PracticeRequest r : List.of(request("chemistry", 1, Text.terms("limiting reactant"), List.of()),
        request("math", BANK_SEED, List.of(), List.of()), request("chemistry", CAS_SEED, List.of(), List.of("chem-3")))) {
      var start = f.inPlace(r);
      var split = start.settled() ? start.item() : f.resume(r, start.resumeAt());
      assertEquals(f.next(r).map(x -> x.source() + ":" + x.question().id()), split.map(x -> x.source() + ":" + x.question().id()));
    }
  }

  @Test
  void sourcesThatMayBlockAreSkippedOnceTheSelectionBudgetIsSpent() {
    Fixed math = new Fixed("math", false), ai = new Fixed("ai", false);
    var spent = new PracticeGeneratorFactory(bank, math, ai, Duration.ofNanos(-1));
    assertEquals("bank", spent.next(request("math", CAS_SEED, List.of(), List.of())).orElseThrow().source());
    assertEquals(0, math.calls);
    assertTrue(spent.next(request("physics", CAS_SEED, List.of(), List.of())).isEmpty());
    assertEquals(0, ai.calls);
  }

  @Test
  void aBusyCasRunsOutOfItsBudgetAndTheBankAnswers() throws Exception {
    var f = new PracticeGeneratorFactory(bank, new MathCasGenerator(new MathGenerators(cas), Duration.ofMillis(50)));
    try (CasHold busy = CasHold.hold(cas)) {
      var q = f.next(request("math", CAS_SEED, List.of(), List.of())).orElseThrow();
      assertEquals("bank", q.source());
    }
    // an idle CAS generates well within its budget (generous here: the test machine is shared)
    f = new PracticeGeneratorFactory(bank, new MathCasGenerator(new MathGenerators(cas), Duration.ofSeconds(10)));
    var fresh = f.next(request("math", CAS_SEED, List.of(), List.of())).orElseThrow();
    assertEquals("math", fresh.source());
    // a generated problem comes back for review from its id alone, the same problem
    var again = f.next(request("math", BANK_SEED, List.of(), List.of(fresh.question().id()))).orElseThrow();
    assertEquals("review", again.source());
    assertEquals(fresh.question().id(), again.question().id());
    assertEquals(fresh.question().prompt(), again.question().prompt());
  }
}
