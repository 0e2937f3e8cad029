package ai.elevare.practice;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Flags on bank items on H2 (the embedded default's database), and V17 on a database that already
 * holds data at V15: every bank item starts in service, and old flags on generated items that are no
 * longer flagged count as reviewed. PostgreSQL is ItemFlagsIT.
 */
class ItemFlagsH2Test {

  private static Flyway flyway(JdbcDataSource ds, String target) {
    var c = Flyway.configure().dataSource(ds).locations("classpath:db/migration/common", "classpath:db/migration/h2");
    return (target == null ? c : c.target(target)).load();
  }

  @Test
  void flagClearRetireAndTheQueueOnH2AfterAnUpgradeFromV15() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:flags-" + UUID.randomUUID() + ";DATABASE_TO_UPPER=false;DB_CLOSE_DELAY=-1");
    flyway(ds, "15").migrate(); // the last version main had before this change
    Jdbc jdbc = new Jdbc(ds);
    // a generated item flagged and approved before V17, and one still flagged
    for (String[] g : new String[][] {{"g-old", "FALSE"}, {"g-open", "TRUE"}}) {
      jdbc.update(
          "INSERT INTO generated_items (id, subject, topic, prompt, answer_format, answers, hint, explanation,"
              + " expected_time_ms, difficulty, origin, fingerprint, status, flagged, created_at)"
              + " VALUES (?, 'physics', 't', ?, 'number', '[\"1\"]', 'h', 'e', 1000, 1, 'local', ?, 'verified', " + g[1]
              + ", CURRENT_TIMESTAMP)",
          g[0], "prompt " + g[0], g[0]);
      jdbc.update(
          "INSERT INTO item_flags (id, item_id, student_id, reason, created_at) VALUES (?, ?, 's1', 'r', CURRENT_TIMESTAMP)",
          UUID.randomUUID().toString(), g[0]);
    }
    flyway(ds, null).migrate();
    assertEquals(List.of(), jdbc.query("SELECT id FROM items WHERE status <> 'active'", rs -> rs.getString(1)));
    assertEquals(List.of("g-old"), jdbc.query("SELECT item_id FROM item_flags WHERE reviewed_at IS NOT NULL", rs -> rs.getString(1)));

    ItemCatalog catalog = new ItemCatalog(jdbc);
    catalog.load();
    ItemFlags flags = new ItemFlags(jdbc, catalog, Clock.systemUTC());
    BankItem item = catalog.items("physics").get(0);
    String id = item.id();
    assertTrue(flags.exists(id));
    assertFalse(flags.exists("nope"));

    assertInstanceOf(ItemFlags.Done.class, flags.flag(id, "s1", "wrong unit"));
    assertInstanceOf(ItemFlags.Done.class, flags.flag(id, "s1", "again"));
    assertInstanceOf(ItemFlags.Done.class, flags.flag(id, "s2", "also wrong"));
    assertFalse(catalog.inService(id));
    List<ItemFlags.Entry> queue = flags.queue("physics", 10);
    assertEquals(1, queue.size());
    assertEquals(List.of("wrong unit", "also wrong"), queue.get(0).flags().stream().map(ItemFlags.Flag::reason).toList());
    assertEquals(List.of(), flags.queue("math", 10));

    // another node's catalogue follows at its refresh
    ItemCatalog other = new ItemCatalog(jdbc);
    other.load();
    assertFalse(other.inService(id));

    assertInstanceOf(ItemFlags.Done.class, flags.clear(id, "t1", "fine"));
    assertTrue(catalog.inService(id));
    other.refreshService();
    assertTrue(other.inService(id));
    assertEquals(List.of(), flags.queue(null, 10));
    assertInstanceOf(ItemFlags.Conflict.class, flags.clear(id, "t1", null));

    // s1 may flag again after the review: their row is reopened with the new reason
    flags.flag(id, "s1", "still wrong");
    assertEquals(List.of("still wrong"), flags.openFlags(id).stream().map(ItemFlags.Flag::reason).toList());
    assertInstanceOf(ItemFlags.Done.class, flags.retire(id, "t1", null));
    assertInstanceOf(ItemFlags.Conflict.class, flags.retire(id, "t1", null));
    assertInstanceOf(ItemFlags.Conflict.class, flags.clear(id, "t1", null));
    assertInstanceOf(ItemFlags.Missing.class, flags.retire("nope", "t1", null));
    other.refreshService();
    assertFalse(other.inService(id));
    ItemCatalog restarted = new ItemCatalog(jdbc);
    restarted.load();
    assertFalse(restarted.inService(id), "retired stays out after a restart");
    assertTrue(restarted.get(id).isPresent());
  }
}
