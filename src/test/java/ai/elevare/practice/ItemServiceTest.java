package ai.elevare.practice;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A bank item out of service (flagged or retired, {@link ItemFlags}) reaches no student through any
 * source of the factory: bank, bank at the level, session topics, due reviews, whatever the seed;
 * restored, it is served again. The database side is ItemFlagsIT.
 */
class ItemServiceTest {

  private static List<BankItem> items() {
    List<BankItem> out = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      out.add(new BankItem("phys-" + i, "physics", "kinematics", "How far does a car travel in " + (i + 2) + " s at 3 m/s?",
          "number", List.of(), List.of(String.valueOf(3 * (i + 2))), "hint", "Distance is speed times time.", 20_000, 3));
    }
    return out;
  }

  @Test
  void aWithdrawnItemIsSelectedByNoSourceAndComesBackWhenRestored() {
    ItemCatalog catalog = ItemCatalog.of(items());
    BankGenerator bank = new BankGenerator(catalog, null);
    PracticeGeneratorFactory factory = new PracticeGeneratorFactory(bank, null);
    List<String> focus = List.copyOf(Text.terms("kinematics"));
    String gone = "phys-0";

    catalog.withdraw(gone);
    assertFalse(catalog.inService(gone));
    assertTrue(catalog.get(gone).isPresent(), "still readable by id (open assignments, history)");
    assertTrue(catalog.items("physics").stream().noneMatch(i -> i.id().equals(gone)));
    assertTrue(catalog.inService().stream().noneMatch(i -> i.id().equals(gone)));
    assertEquals(4, catalog.all().size(), "duplicate checks still see it");
    for (long seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      // every other item recent: the fallback "anything but the last" must skip it too
      List<String> recent = List.of("phys-1", "phys-2", "phys-3");
      assertNotEquals(Optional.of(gone), catalog.select("physics", 1000, List.of(), null, random).map(BankItem::id));
      assertNotEquals(Optional.of(gone), catalog.select("physics", 1000, recent, null, random).map(BankItem::id));
      assertNotEquals(Optional.of(gone),
          catalog.selectAtLevel("physics", 1000, List.of(), null, List.of(), random, 1000).map(BankItem::id));
      for (PracticeRequest r : List.of(
          new PracticeRequest("physics", 1000, List.of(), null, seed),
          new PracticeRequest("physics", 1000, List.of(), null, seed, focus),
          new PracticeRequest("physics", 1000, List.of(), null, seed, List.of(), List.of(gone)),
          new PracticeRequest("physics", 1000, recent, null, seed))) {
        Optional<String> got = factory.next(r).map(s -> s.question().id());
        assertNotEquals(Optional.of(gone), got, r.toString());
      }
    }
    assertTrue(bank.byId(gone).isEmpty(), "a due review of it is skipped");

    catalog.restore(gone);
    assertTrue(catalog.inService(gone));
    assertEquals(Optional.of(gone), bank.byId(gone).map(s -> s.question().id()));
    List<String> recent = List.of("phys-1", "phys-2", "phys-3");
    assertEquals(Optional.of(gone), catalog.select("physics", 1000, recent, null, new Random(1)).map(BankItem::id),
        "the only unseen item is served again");
    assertEquals(List.of("phys-0", "phys-1", "phys-2", "phys-3"),
        catalog.items("physics").stream().map(BankItem::id).toList(), "in its place: ties break as before");
  }

  @Test
  void anItemAddedWhileWithdrawnStaysOutUntilRestored() {
    ItemCatalog catalog = ItemCatalog.of(items().subList(0, 2));
    BankItem later = items().get(2);
    catalog.withdraw(later.id());
    catalog.added(later);
    assertTrue(catalog.items("physics").stream().noneMatch(i -> i.id().equals(later.id())));
    catalog.restore(later.id());
    assertTrue(catalog.items("physics").stream().anyMatch(i -> i.id().equals(later.id())));
  }
}
