package ai.elevare.practice.generated;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.ai.Glossary;
import ai.elevare.ai.KnowledgeDoc;
import ai.elevare.practice.AnswerChecker;
import ai.elevare.practice.BankItem;
import ai.elevare.practice.Question;
import ai.elevare.practice.Subjects;
import ai.elevare.practice.generated.GlossaryItems.Concept;
import ai.elevare.practice.generated.GlossaryItems.Direction;
import ai.elevare.practice.generated.GlossaryItems.Written;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The glossary items of the local writer: what is asked, the options, grading, determinism. */
class GlossaryItemsTest {
  // choice items are graded without the CAS
  private static final AnswerChecker CHECKER = new AnswerChecker(null);

  private static List<Written> everyItem(String subject, long seed) {
    List<Written> out = new java.util.ArrayList<>();
    for (int d = 1; d <= 10; d++) out.addAll(GlossaryItems.written(subject, d, seed));
    return out;
  }

  @Test
  void everyRowNamesAGlossaryDefinitionAndEverySubjectHasManyConcepts() {
    Set<String> seen = new HashSet<>();
    for (String[] row : GlossaryItems.rows()) {
      assertTrue(Subjects.isKnown(row[0]), row[0]);
      assertTrue(seen.add(row[0] + "/" + row[1]), "listed twice: " + row[1]);
      Optional<KnowledgeDoc> entry = Glossary.load(row[0]).stream().filter(d -> d.topic().equals(row[1])).findFirst();
      assertTrue(entry.isPresent(), row[0] + " glossary has no " + row[1]);
      assertEquals(KnowledgeDoc.Kind.DEFINITION, entry.get().kind(), row[1]);
      int level = Integer.parseInt(row[3]);
      assertTrue(level >= 1 && level <= 10, row[1]);
    }
    for (String subject : Subjects.ALL) {
      List<Concept> concepts = GlossaryItems.concepts(subject);
      // every definition of the glossary is listed; those whose first sentence reads as a clue are asked
      long definitions = Glossary.load(subject).stream().filter(d -> d.kind() == KnowledgeDoc.Kind.DEFINITION).count();
      assertEquals(definitions, GlossaryItems.rows().stream().filter(r -> r[0].equals(subject)).count(), subject);
      assertTrue(concepts.size() >= 25, subject + " asks only " + concepts.size() + " concepts");
      Set<String> options = new HashSet<>();
      for (Concept c : concepts) assertTrue(options.add(GeneratedItem.fold(c.option())), "two concepts shown as " + c.option());
    }
  }

  @Test
  void theRightOptionIsThereExactlyOnceAndOnlyItIsGradedCorrect() {
    for (String subject : Subjects.ALL) {
      List<Concept> concepts = GlossaryItems.concepts(subject);
      for (long seed = 0; seed < 3; seed++) {
        for (Written w : everyItem(subject, seed)) {
          BankItem i = w.item();
          assertEquals("choice", i.answerFormat());
          assertEquals(4, i.choices().size(), i.prompt());
          assertEquals(1, i.answers().size(), i.prompt());
          String answer = i.answers().get(0);
          assertEquals(1, i.choices().stream().filter(c -> GeneratedItem.fold(c).equals(GeneratedItem.fold(answer))).count(), i.prompt());
          assertEquals(4, i.choices().stream().map(GeneratedItem::fold).distinct().count(), "options distinct: " + i.choices());
          Question q = i.toQuestion();
          assertTrue(CHECKER.check(q, answer).toCompletableFuture().join().correct(), i.prompt());
          for (String c : i.choices()) {
            if (!c.equals(answer)) assertFalse(CHECKER.check(q, c).toCompletableFuture().join().correct(), i.prompt() + " / " + c);
          }
        }
      }
    }
  }

  @Test
  void distractorsAreOtherTermsOfTheSubjectPreferablyOfTheSameTopic() {
    int sameTopic = 0;
    int all = 0;
    for (String subject : Subjects.ALL) {
      List<Concept> concepts = GlossaryItems.concepts(subject);
      Map<String, Long> perTopic = new HashMap<>();
      for (Concept c : concepts) perTopic.merge(c.topic(), 1L, Long::sum);
      for (Written w : everyItem(subject, 11)) {
        Concept c = w.concept();
        assertEquals(3, w.distractors().size());
        assertEquals(3, w.distractors().stream().distinct().count());
        for (Concept o : w.distractors()) {
          assertEquals(subject, o.subject());
          assertNotSame(c, o);
          assertFalse(o.entangled(c), c.term() + " with " + o.term());
          String shown = w.direction() == Direction.TERM ? o.option() : capitalized(o.clue());
          assertTrue(w.item().choices().contains(shown), shown);
        }
        long close = w.distractors().stream().filter(o -> o.topic().equals(c.topic())).count();
        // same-topic terms come first: only a topic too small for three leaves room for others
        if (close < 3) {
          assertTrue(concepts.stream().filter(o -> o != c && o.topic().equals(c.topic()) && !o.entangled(c)).count() == close,
              c.term() + ": a same-topic distractor was passed over");
        }
        sameTopic += close == 3 ? 1 : 0;
        all++;
      }
    }
    assertTrue(sameTopic * 2 > all, "most items have three same-topic distractors: " + sameTopic + " of " + all);
  }

  @Test
  void noItemAsksADefinitionThatNamesItsOwnTerm() {
    for (String subject : Subjects.ALL) {
      for (Concept c : GlossaryItems.concepts(subject)) {
        for (String n : c.names()) assertFalse(GlossaryItems.mentions(c.clue(), n), c.term() + ": " + c.clue());
      }
      for (Written w : everyItem(subject, 5)) {
        Concept c = w.concept();
        if (w.direction() == Direction.TERM) {
          String asked = w.item().prompt();
          assertTrue(asked.startsWith("Which term means: ") && asked.endsWith("?"), asked);
          String definition = asked.substring("Which term means: ".length());
          for (String n : c.names()) assertFalse(GlossaryItems.mentions(definition, n), asked);
        } else {
          // the right definition names the term no more than a wrong one does
          for (String n : c.names()) assertFalse(GlossaryItems.mentions(w.item().answers().get(0), n), w.item().answers().get(0));
        }
      }
    }
  }

  @Test
  void anItemCarriesItsEntryTopicAndADifficultyFromTheEntrysLevel() {
    for (String subject : Subjects.ALL) {
      List<Concept> concepts = GlossaryItems.concepts(subject);
      for (int d = 1; d <= 10; d++) {
        for (Written w : GlossaryItems.written(subject, d, 3)) {
          BankItem i = w.item();
          assertEquals(d, i.difficulty());
          assertEquals(subject, i.subject());
          assertEquals(w.concept().topic(), i.topic());
          assertTrue(i.explanation().endsWith(w.concept().entry()), "the explanation is the glossary entry");
          boolean close = concepts.stream().filter(o -> o != w.concept() && o.topic().equals(w.concept().topic()) && !o.entangled(w.concept())).count() >= 3;
          int expected = w.concept().level() + (w.direction() == Direction.MEANING ? 1 : 0) + (close ? 1 : 0);
          assertEquals(Math.min(10, expected), d, i.prompt());
          // the hint ladder's "key idea" is the hint itself, not the definition
          assertFalse(i.toQuestion().hints().stream().anyMatch(h -> h.startsWith("Key idea")), i.prompt());
        }
      }
    }
  }

  @Test
  void theSameSeedWritesTheSameItemsAndAnotherSeedOtherOptions() {
    for (String subject : Subjects.ALL) {
      for (int d = 1; d <= 10; d++) {
        assertEquals(GlossaryItems.items(subject, d, 42), GlossaryItems.items(subject, d, 42));
      }
    }
    List<BankItem> a = GlossaryItems.items("biology", 3, 1);
    List<BankItem> b = GlossaryItems.items("biology", 3, 2);
    assertTrue(a.size() >= 5);
    assertNotEquals(a, b);
    // the questions are the same set whatever the seed: only the order and the options change
    assertEquals(new HashSet<>(a.stream().map(BankItem::prompt).toList()), new HashSet<>(b.stream().map(BankItem::prompt).toList()));
  }

  @Test
  void everyQuestionIsAskedOnceAcrossLevels() {
    for (String subject : Subjects.ALL) {
      Set<String> prompts = new HashSet<>();
      for (Written w : everyItem(subject, 9)) assertTrue(prompts.add(GeneratedItem.fingerprint(w.item())), w.item().prompt());
      // both directions of nearly every concept
      assertTrue(prompts.size() >= 2 * GlossaryItems.concepts(subject).size() - 2, subject + ": " + prompts.size());
    }
  }

  @Test
  void theClueIsTheDefinitionWithoutItsSubject() {
    assertEquals(Optional.of("mass per unit volume"),
        GlossaryItems.clue("Density is mass per unit volume: density = mass ÷ volume, in kg/m³. To find it, weigh it.", List.of("density")));
    assertEquals(Optional.of("a rule that gives exactly one output for each input"),
        GlossaryItems.clue("A function is a rule that gives exactly one output for each input. f(x) = x² takes 3 to 9.", List.of("function")));
    assertEquals(Optional.of("a frictional force from the air"),
        GlossaryItems.clue("Air resistance, or drag, is a frictional force from the air. It grows with speed.", List.of("air resistance", "drag")));
    // not of the form "X is …": nothing to ask
    assertEquals(Optional.empty(), GlossaryItems.clue("Active transport moves substances against a gradient.", List.of("active transport")));
    // the definition names the term (another of its names): not asked
    assertEquals(Optional.empty(), GlossaryItems.clue("Lipids are fats and oils, made of fatty acids and glycerol.", List.of("lipids", "fats and oils")));
    // the sentence defines something else
    assertEquals(Optional.empty(), GlossaryItems.clue("The mole is the unit for amount of substance.", List.of("molecule")));
  }

  @Test
  void conceptsThatNameEachOtherAreNotEachOthersWrongOption() {
    Map<String, Concept> maths = new TreeMap<>();
    GlossaryItems.concepts("math").forEach(c -> maths.put(c.term(), c));
    assertTrue(maths.get("equation").entangled(maths.get("linear equation")), "a linear equation is an equation");
    assertTrue(maths.get("perimeter").entangled(maths.get("circumference")), "the circumference is a perimeter");
    Map<String, Concept> bio = new TreeMap<>();
    GlossaryItems.concepts("biology").forEach(c -> bio.put(c.term(), c));
    assertTrue(bio.get("enzyme").entangled(bio.get("protein")), "an enzyme is a protein");
    assertFalse(bio.get("osmosis").entangled(bio.get("habitat")));
  }

  private static String capitalized(String s) {
    return s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1);
  }
}
