package ai.elevare.practice.generated;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.practice.BankItem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalVariationsTest {
  private static BankItem number(String prompt, String answer, String explanation) {
    return new BankItem("b1", "physics", "forces", prompt, "number", List.of(), List.of(answer),
        "Use Newton's second law.", explanation, 30000, 3);
  }

  @Test
  void aCalculationGetsNewNumbersAndTheComputedAnswer() {
    BankItem item = number("A 4 kg trolley accelerates at 3 m/s². What net force acts on it, in N?", "12",
        "Newton's second law says F = m·a. So F = 4 × 3 = 12 N.");
    for (long seed = 0; seed < 20; seed++) {
      BankItem v = LocalVariations.vary(item, seed).orElseThrow();
      String[] nums = v.prompt().replaceAll("[^0-9. ]", " ").trim().split("\\s+");
      double m = Double.parseDouble(nums[0]);
      double a = Double.parseDouble(nums[1]);
      assertEquals(m * a, Double.parseDouble(v.answers().get(0)), 1e-9, v.prompt());
      assertNotEquals(item.prompt(), v.prompt());
      assertTrue(v.explanation().contains(v.answers().get(0)), v.explanation());
      assertTrue(v.prompt().contains("m/s²"), "units and wording stay: " + v.prompt());
    }
  }

  @Test
  void chemicalFormulasAndPowersOfTenStayWhatTheyAre() {
    BankItem item = new BankItem("b2", "chemistry", "acids", "What is the pH of a 0.001 mol/L HCl solution?", "number",
        List.of(), List.of("3"), "pH is minus the log of the H+ concentration.", "HCl dissociates fully, so [H+] = 0.001 and pH = 3.", 30000, 4);
    BankItem v = LocalVariations.vary(item, 7).orElseThrow();
    assertTrue(v.prompt().contains("HCl"));
    double c = Double.parseDouble(v.prompt().replaceAll(".*of a ([0-9.]+) mol.*", "$1"));
    assertEquals(-Math.log10(c), Double.parseDouble(v.answers().get(0)), 1e-9);
  }

  @Test
  void anAmbiguousOrUnrelatedCalculationIsNotVaried() {
    // 2 and 2 give 4 by sum and by product: new numbers make them disagree, so no variation.
    BankItem ambiguous = number("A box is pushed by 2 N and pulled by 2 N the same way. Net force?", "4", "2 + 2 = 4 N.");
    assertEquals(Optional.empty(), LocalVariations.vary(ambiguous, 1));
    BankItem unexplained = number("Two forces of 2 N act on a box. What is the total?", "4", "Add them.");
    assertEquals(Optional.empty(), LocalVariations.vary(unexplained, 1));
    assertEquals(Optional.empty(), LocalVariations.vary(ambiguous, 1));
    BankItem noRelation = number("How many protons does carbon-12 have?", "6", "Carbon is element 6.");
    assertEquals(Optional.empty(), LocalVariations.vary(noRelation, 1));
  }

  @Test
  void theBankOfEverySubjectButMathHasItemsToVary() throws Exception {
    String sql = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/resources/db/migration/common/V4__question_bank.sql"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "\\('([0-9a-f-]{36})', '(\\w+)', '([^']*)', '((?:[^']|'')*)', 'number', NULL, '\\[\"([^\"]*)\"\\]', '((?:[^']|'')*)', '((?:[^']|'')*)', (\\d+), (\\d+),").matcher(sql);
    java.util.Map<String, Integer> varied = new java.util.TreeMap<>();
    int checked = 0;
    while (m.find()) {
      BankItem b = new BankItem(m.group(1), m.group(2), m.group(3), m.group(4).replace("''", "'"), "number", List.of(),
          List.of(m.group(5)), m.group(6).replace("''", "'"), m.group(7).replace("''", "'"), Integer.parseInt(m.group(8)), Integer.parseInt(m.group(9)));
      checked++;
      if (LocalVariations.vary(b, 11).isPresent()) varied.merge(b.subject(), 1, Integer::sum);
    }
    System.out.println("number items varied per subject: " + varied + " of " + checked);
    assertTrue(varied.getOrDefault("chemistry", 0) >= 1, varied.toString());
    assertTrue(varied.getOrDefault("physics", 0) >= 8, varied.toString());
  }

  @Test
  void constantsStayAndOnlyQuantitiesChange() {
    BankItem item = new BankItem("b4", "chemistry", "stoichiometry",
        "How many moles of water are in 36 g of water? Use H = 1 and O = 16.", "number", List.of(), List.of("2"),
        "Find the molar mass first.", "Water has M = 2 × 1 + 16 = 18 g/mol, so n = 36 / 18 = 2 mol.", 35000, 4);
    for (long seed = 0; seed < 10; seed++) {
      BankItem v = LocalVariations.vary(item, seed).orElseThrow();
      assertTrue(v.prompt().endsWith("Use H = 1 and O = 16."), v.prompt());
      double grams = Double.parseDouble(v.prompt().replaceAll(".* in ([0-9.]+) g of water.*", "$1"));
      assertEquals(grams / 18, Double.parseDouble(v.answers().get(0)), 1e-9, v.prompt());
    }
    // Only constants in the prompt: nothing to vary.
    BankItem molarMass = new BankItem("b5", "chemistry", "stoichiometry",
        "Using relative atomic masses C = 12 and O = 16, what is the molar mass of carbon dioxide (CO2) in g/mol?",
        "number", List.of(), List.of("44"), "Add them up.", "CO2 has one C and two O, so 12 + 2 × 16 = 44 g/mol.", 30000, 3);
    assertEquals(Optional.empty(), LocalVariations.vary(molarMass, 1));
  }

  @Test
  void aChoiceItemIsReworded() {
    BankItem item = new BankItem("b3", "chemistry", "atoms", "Which particle carries a negative charge?", "choice",
        List.of("proton", "neutron", "electron"), List.of("electron"), "Outside the nucleus.", "Electrons are negative.", 20000, 1);
    BankItem v = LocalVariations.vary(item, 3).orElseThrow();
    assertNotEquals(item.choices(), v.choices());
    assertEquals(List.of("electron"), v.answers());
    assertTrue(v.prompt().endsWith(item.prompt()));
  }
}
