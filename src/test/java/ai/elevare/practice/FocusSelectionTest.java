package ai.elevare.practice;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import ai.elevare.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How strongly a tutoring session's topics steer practice, measured on the real question bank: the
 * share of 300 assignments (a student at the starting rating, the last five items excluded as the
 * actor does) that are about the session's topics, without and with the session. The figures are
 * printed and recorded in docs/summaries.md. Assignments go through the factory: the topics source,
 * then the bank.
 */
class FocusSelectionTest {
  private static ItemCatalog catalog;

  @BeforeAll
  static void loadBank() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:bank-" + UUID.randomUUID() + ";DATABASE_TO_UPPER=false;DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
    catalog = new ItemCatalog(new Jdbc(ds));
    catalog.load();
  }

  /** Share of {@code n} consecutive assignments that are about the focus terms. */
  private static double share(String subject, double rating, List<String> focus, Set<String> about, int n) {
    // topics, then bank: the factory's order without the CAS (measured on bank items alone)
    PracticeGeneratorFactory factory = new PracticeGeneratorFactory(new BankGenerator(catalog, null), null);
    List<String> recent = new ArrayList<>();
    String lastTopic = null;
    Random seeds = new Random(42);
    int on = 0;
    for (int i = 0; i < n; i++) {
      PracticeRequest r = new PracticeRequest(subject, rating, List.copyOf(recent), lastTopic, seeds.nextLong(), focus);
      Question q = factory.next(r).orElseThrow().question();
      if (catalog.about(catalog.get(q.id()).orElseThrow(), about)) on++;
      recent.add(q.id());
      if (recent.size() > 5) recent.remove(0);
      lastTopic = q.topic();
    }
    return on / (double) n;
  }

  @Test
  void sessionTopicsRaiseTheirShareOfAssignments() {
    List<String> limitingReactant = Text.terms("limiting reactant, mole ratios");
    Set<String> about = Set.copyOf(limitingReactant);
    double before = share("chemistry", 1000, List.of(), about, 300);
    double after = share("chemistry", 1000, limitingReactant, about, 300);
    System.out.printf("chemistry, limiting reactant: %.0f%% of assignments before the session, %.0f%% after%n", before * 100, after * 100);
    assertTrue(after >= 2 * before, "at least twice as many: before " + before + ", after " + after);

    List<String> quadratics = Text.terms("quadratic equations, factorising");
    Set<String> aboutQ = Set.copyOf(quadratics);
    double mathBefore = share("math", 1000, List.of(), aboutQ, 300);
    double mathAfter = share("math", 1000, quadratics, aboutQ, 300);
    System.out.printf("math bank, quadratics: %.0f%% before, %.0f%% after%n", mathBefore * 100, mathAfter * 100);
    assertTrue(mathAfter >= 2 * mathBefore, "before " + mathBefore + ", after " + mathAfter);
  }

  @Test
  void withoutASessionNothingChanges() {
    assertEquals(
        catalog.select("biology", 1000, List.of(), null, new Random(7)).orElseThrow().id(),
        catalog.select("biology", 1000, List.of(), null, List.of(), new Random(7)).orElseThrow().id());
  }
}
