package ai.elevare.practice.generated;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.ai.AiTask;
import ai.elevare.practice.AnswerChecker;
import ai.elevare.practice.BankItem;
import ai.elevare.practice.ItemCatalog;
import ai.elevare.practice.PracticeGenerator;
import ai.elevare.practice.PracticeRequest;
import ai.elevare.practice.Question;
import ai.elevare.practice.Subjects;
import ai.elevare.practice.math.Cas;
import ai.elevare.practice.math.MathAnswerChecker;
import ai.elevare.rating.Elo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local writer (no OpenAI key) over the seeded bank and every migration on H2: once a student
 * has used up the bank at a level, it keeps writing new items that the student's checker grades,
 * in every subject, and the glossary gives biology and English more than rewordings.
 */
class LocalWriterTest {
  private static Cas cas;
  private static AnswerChecker checker;

  @BeforeAll
  static void start() {
    cas = Cas.create(1);
    checker = new AnswerChecker(new MathAnswerChecker(cas));
  }

  @AfterAll
  static void stop() {
    cas.close();
  }

  private record Setup(ItemCatalog catalog, GeneratedItemStore store) {}

  private static Setup setup() {
    LocalPool pool = LocalPool.open("local");
    return new Setup(pool.catalog(), pool.store());
  }

  /** One refill as the writer runs it without a key: the local gateway's batch, then stored. */
  private static GenerationJson.Batch refill(Setup s, String subject, int level, long round) {
    ItemWriters.Request req = new ItemWriters.Request(subject, level, null, round, 6);
    String text =
        new ItemWriters.Local(s.catalog(), s.store(), Runnable::run, req)
            .complete(AiTask.GENERATION, ItemWriters.SYSTEM, ItemWriters.user(req), Duration.ofSeconds(8))
            .toCompletableFuture()
            .join();
    return PracticeItemWriter.store(s.store(), text);
  }

  private static boolean graded(Question q, String answer) {
    return checker.check(q, answer).toCompletableFuture().join().correct();
  }

  @Test
  void everySubjectKeepsGettingNewGradableItemsAfterTheBankAtALevelIsUsedUp() {
    Setup s = setup();
    Set<String> bank = new HashSet<>();
    s.catalog().all().forEach(b -> bank.add(GeneratedItem.fingerprint(b)));
    int level = 3;
    for (String subject : Subjects.ALL) {
      int stored = 0;
      for (long round = 0; round < 12; round++) stored += refill(s, subject, level, round).items().size();
      List<GeneratedItem> pool = s.store().servable(subject, level);
      assertEquals(stored, pool.size());
      List<GeneratedItem> glossary = pool.stream().filter(g -> g.sourceItemId() == null).toList();
      long bankAtLevel = s.catalog().all().stream().filter(b -> b.subject().equals(subject) && b.difficulty() == level).count();
      // more new questions than the bank has at the level, and not rewordings only
      assertTrue(glossary.size() >= 8, subject + ": " + glossary.size() + " glossary items");
      assertTrue(pool.size() > 2 * bankAtLevel, subject + ": " + pool.size() + " items for " + bankAtLevel + " bank items");
      Set<String> fingerprints = new HashSet<>();
      for (GeneratedItem g : pool) {
        BankItem i = g.item();
        assertEquals("local", g.origin());
        assertTrue(g.servable(), "self-verified, served at once like the variations");
        assertFalse(bank.contains(GeneratedItem.fingerprint(i)), "not a bank item: " + i.prompt());
        assertTrue(fingerprints.add(GeneratedItem.fingerprint(i)), "not twice: " + i.prompt());
        Question q = i.toQuestion();
        assertTrue(graded(q, i.answers().get(0)), subject + ": the item's answer is graded correct: " + i.prompt());
        if (i.answerFormat().equals("choice")) {
          for (String c : i.choices()) {
            if (!i.answers().contains(c)) assertFalse(graded(q, c), i.prompt() + " / " + c);
          }
        }
      }
      // the glossary runs out too: later refills add nothing the pool already has
      for (long round = 12; round < 40; round++) refill(s, subject, level, round);
      Set<String> prompts = new HashSet<>();
      for (GeneratedItem g : s.store().servable(subject, level)) assertTrue(prompts.add(GeneratedItem.fingerprint(g.item())));
    }
  }

  @Test
  void aStudentWhoUsedUpTheBankAtTheirLevelIsServedNewItemsInEveryNonMathSubject() {
    Setup s = setup();
    int level = 3;
    double rating = Elo.ratingForDifficulty(level) + ItemCatalog.TARGET_GAP;
    AtomicLong rounds = new AtomicLong();
    // The writer, run at once: what the node's PracticeItemWriter does in the background.
    AiPracticeGenerator ai =
        new AiPracticeGenerator(s.store(), r -> refill(s, r.subject(), r.difficulty(), rounds.getAndIncrement()));
    // as at the node's start: one refill of every level of every subject the source serves
    ai.warmUp();
    for (String subject : List.of("chemistry", "physics", "biology", "english")) {
      List<String> recent = new ArrayList<>();
      // every bank item of the subject near the level was answered
      s.catalog().all().stream()
          .filter(b -> b.subject().equals(subject) && Math.abs(b.difficulty() - level) <= 1)
          .forEach(b -> recent.add(b.id()));
      int glossary = 0;
      for (int n = 0; n < 15; n++) {
        Optional<PracticeGenerator.Selected> next = ai.next(new PracticeRequest(subject, rating, List.copyOf(recent), null, n));
        assertTrue(next.isPresent(), subject + ": question " + n);
        Question q = next.get().question();
        assertEquals("ai", next.get().source());
        assertFalse(recent.contains(q.id()), subject + ": served again: " + q.prompt());
        assertTrue(Math.abs(q.difficulty() - level) <= 1);
        assertTrue(graded(q, q.answers().get(0)), q.prompt());
        GeneratedItem g = s.store().get(q.id()).orElseThrow();
        if (g.sourceItemId() == null) glossary++;
        else if (g.item().answerFormat().equals("choice")) fail("a rewording of a bank item the student answered: " + q.prompt());
        recent.add(q.id());
      }
      assertTrue(glossary >= 5, subject + ": " + glossary + " of 15 from the glossary");
    }
  }

  @Test
  void howManyGlossaryItemsEachLevelHas() {
    StringBuilder report = new StringBuilder();
    for (String subject : Subjects.ALL) {
      report.append(subject).append(':');
      for (int d = 1; d <= 10; d++) report.append(' ').append(d).append('=').append(GlossaryItems.items(subject, d, 0).size());
      report.append('\n');
    }
    System.out.println("glossary items per level:\n" + report);
    for (String subject : Subjects.ALL) {
      for (int d = 1; d <= 5; d++) assertFalse(GlossaryItems.items(subject, d, 0).isEmpty(), subject + " at " + d);
    }
  }
}
