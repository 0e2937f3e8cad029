package ai.elevare.practice.generated;

import ai.elevare.core.Jdbc;
import ai.elevare.practice.ItemCatalog;
import java.time.Clock;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database with every migration, its bank loaded and an empty generated pool. */
record LocalPool(Jdbc jdbc, ItemCatalog catalog, GeneratedItemStore store) {
  static LocalPool open(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DATABASE_TO_UPPER=false;DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
    Jdbc jdbc = new Jdbc(ds);
    ItemCatalog catalog = new ItemCatalog(jdbc);
    catalog.load();
    GeneratedItemStore store = new GeneratedItemStore(jdbc, catalog, Clock.systemUTC());
    store.refresh();
    return new LocalPool(jdbc, catalog, store);
  }
}
