package ai.elevare.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.text.Text;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnswerFitTest {

  private static AnswerFit.Asked read(String q) {
    return AnswerFit.read(q, new LinkedHashSet<>(Text.terms(q)));
  }

  private static KnowledgeDoc doc(KnowledgeDoc.Kind kind, String topic, String text) {
    return new KnowledgeDoc("d", "chemistry", topic, text, kind);
  }

  @Test
  void readsTheFormAndTheSidesOfAQuestion() {
    AnswerFit.Asked acidBase = read("What is the difference between an acid and a base?");
    assertEquals(AnswerFit.Form.DIFFERENCE, acidBase.form());
    assertEquals(List.of(Set.of("acid"), Set.of("base")), acidBase.sides());
    AnswerFit.Asked virus = read("How is a virus different from a bacterium?");
    assertEquals(AnswerFit.Form.DIFFERENCE, virus.form());
    assertEquals(2, virus.sides().size());
    assertTrue(virus.sides().get(1).contains(Text.stem("bacterium")));
    assertEquals(List.of(Set.of("mass"), Set.of("weight")), read("How are mass and weight different?").sides());
    assertEquals(AnswerFit.Form.CAUSE, read("Why does ice float on water?").form());
    assertEquals(AnswerFit.Form.CAUSE, read("Can you tell me why leaves are green?").form());
    assertEquals(AnswerFit.Form.DEFINITION, read("What is an isotope?").form());
    assertEquals(AnswerFit.Form.OTHER, read("How do plants make their own food?").form());
  }

  @Test
  void aFactHoldingBothWordsIsNoComparison() {
    AnswerFit.Asked q = read("What is the difference between an acid and a base?");
    AnswerFit.Verdict neutralisation =
        AnswerFit.judge(
            q,
            "Neutralisation: acid + base → salt + water.",
            doc(KnowledgeDoc.Kind.EXPLANATION, "acids and bases", "Neutralisation: acid + base → salt + water."));
    assertTrue(neutralisation.conceptsCovered());
    assertFalse(neutralisation.formMatched());
    assertFalse(neutralisation.fits());

    String compared = "An acid releases H⁺ ions, whereas a base accepts them.";
    assertTrue(AnswerFit.judge(q, compared, doc(KnowledgeDoc.Kind.COMPARISON, "acid and base", compared)).fits());
    // bank material may compare too: a contrast word, or one sentence about each side
    String sides = "An acid has a pH below 7. A base has a pH above 7.";
    assertTrue(AnswerFit.judge(q, sides, doc(KnowledgeDoc.Kind.EXPLANATION, "acids", sides)).fits());
  }

  @Test
  void aPassageAboutOneSideMissesTheQuestion() {
    AnswerFit.Asked q = read("What is the difference between an acid and a base?");
    String acid = "An acid releases hydrogen ions in water, whereas pure water is neutral.";
    AnswerFit.Verdict v = AnswerFit.judge(q, acid, doc(KnowledgeDoc.Kind.EXPLANATION, "acidity", acid));
    assertFalse(v.conceptsCovered());
  }

  @Test
  void aWhyQuestionWantsACause() {
    AnswerFit.Asked q = read("Why does ice float on water?");
    String definition = "Ice is frozen water, which floats.";
    assertFalse(
        AnswerFit.judge(q, definition, doc(KnowledgeDoc.Kind.DEFINITION, "ice", definition)).formMatched());
    String cause = "Ice floats because it is less dense than liquid water.";
    assertTrue(AnswerFit.judge(q, cause, doc(KnowledgeDoc.Kind.EXPLANATION, "water", cause)).fits());
  }

  @Test
  void aWhatIsQuestionWantsADefinitionAndAComparisonAnswersOnlyDifferences() {
    AnswerFit.Asked q = read("What is the Krebs cycle?");
    String where = "The Krebs cycle happens in the mitochondrial matrix, producing CO2.";
    assertFalse(AnswerFit.judge(q, where, doc(KnowledgeDoc.Kind.EXPLANATION, "biochemistry", where)).formMatched());
    AnswerFit.Asked food = read("How do plants make their own food?");
    String producers = "A producer makes its own food, whereas a consumer eats other organisms.";
    assertFalse(
        AnswerFit.judge(food, producers, doc(KnowledgeDoc.Kind.COMPARISON, "producers and consumers", producers))
            .formMatched());
  }
}
