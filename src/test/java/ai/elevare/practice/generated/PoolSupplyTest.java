package ai.elevare.practice.generated;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.practice.ItemCatalog;
import org.junit.jupiter.api.Test;

/** How many distinct local variations the seeded bank yields per subject and level (printed). */
class PoolSupplyTest {
  @Test
  void theLocalWriterKeepsFindingNewVariations() {
    LocalPool pool = LocalPool.open("supply");
    ItemCatalog catalog = pool.catalog();
    GeneratedItemStore store = pool.store();
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
