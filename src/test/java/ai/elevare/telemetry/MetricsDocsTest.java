package ai.elevare.telemetry;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md, the Grafana dashboard and the code agree: the dashboard is valid JSON, every
 * elevare_* series its panels and the alerts query is in the metrics table, and every series in the
 * table is one the code registers.
 */
class MetricsDocsTest {
  private static final Pattern NAME = Pattern.compile("elevare_[a-z_]+");
  private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(elevare_[a-z_]+)`", Pattern.MULTILINE);

  private static Set<String> documented() throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m = TABLE_ROW.matcher(Files.readString(Path.of("docs/operations.md")));
    while (m.find()) names.add(m.group(1));
    return names;
  }

  /** The series a sample name belongs to: a histogram's _count, _sum, _max and _bucket are its own. */
  private static String series(String sample) {
    return sample.replaceAll("_(count|sum|max|bucket)$", "");
  }

  @Test
  void dashboardAndAlertsQueryOnlyDocumentedSeries() throws Exception {
    Set<String> documented = documented();
    assertTrue(documented.size() >= 20, documented.toString());
    JsonNode dash = new ObjectMapper().readTree(Files.readString(Path.of("docs/grafana/elevare-dashboard.json")));
    assertEquals("ElevareAI", dash.get("title").asText());
    List<String> exprs = new ArrayList<>();
    for (JsonNode panel : dash.get("panels")) {
      for (JsonNode t : panel.path("targets")) exprs.add(t.get("expr").asText());
    }
    assertTrue(exprs.size() >= 15, "panels with queries: " + exprs.size());
    String doc = Files.readString(Path.of("docs/operations.md"));
    String alerts = doc.substring(doc.indexOf("**Alerts worth setting**"), doc.indexOf("**Dashboard.**"));
    exprs.add(alerts);
    Set<String> used = new TreeSet<>();
    for (String e : exprs) {
      Matcher m = NAME.matcher(e);
      while (m.find()) used.add(series(m.group()));
    }
    used.removeAll(documented);
    assertEquals(Set.of(), used, "queried but not in the metrics table");
  }

  @Test
  void everyDocumentedSeriesIsRegisteredByTheCode() throws Exception {
    StringBuilder code = new StringBuilder();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) code.append(Files.readString(p));
    }
    List<String> missing = new ArrayList<>();
    for (String name : documented()) {
      // Micrometer adds _total to counters and _seconds to timers.
      String base = name.replaceAll("_total$", "").replaceAll("_seconds$", "");
      boolean gaugeInSeconds = code.indexOf("\"" + name + "\"") >= 0;
      if (!gaugeInSeconds && code.indexOf("\"" + base + "\"") < 0) missing.add(name);
    }
    assertEquals(List.of(), missing);
  }
}
