package ai.elevare.practice.generated;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import ai.elevare.practice.ItemCatalog;
import java.time.Clock;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** How many distinct local variations the seeded bank yields per subject and level (printed). */
class PoolSupplyTest {
  @Test
  void theLocalWriterKeepsFindingNewVariations() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:supply-" + UUID.randomUUID() + ";DATABASE_TO_UPPER=false;DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
    Jdbc jdbc = new Jdbc(ds);
    ItemCatalog catalog = new ItemCatalog(jdbc);
    catalog.load();
    GeneratedItemStore store = new GeneratedItemStore(jdbc, catalog, Clock.systemUTC());
    store.refresh();
    StringBuilder report = new StringBuilder();
    for (String subject : new String[] {"chemistry", "physics", "biology", "english"}) {
      report.append(subject).append(':');
      for (int d = 1; d <= 10; d++) {
        for (long round = 0; round < 20; round++) {
          PracticeItemWriter.store(store, GenerationJson.write(ItemWriters.batch(catalog, store, new ItemWriters.Request(subject, d, null, round, 6))));
        }
        long numbers = store.servable(subject, d).stream().filter(g -> g.item().answerFormat().equals("number")).count();
        report.append(' ').append(d).append('=').append(numbers).append('/').append(store.servable(subject, d).size());
      }
      report.append('\n');
    }
    System.out.println("new-number / all variations after 20 refills per level:\n" + report);
    assertFalse(store.servable("chemistry", 4).isEmpty());
  }
}
