package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/openapi.yaml and the code agree: every documented operation is served (it never falls
 * through to "No such resource" or 405), and every path segment the routes match is documented.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractIT {
  private static final Pattern ROUTE_LITERAL =
      Pattern.compile("(?:path|pathPrefix|segment|slash)\\(\\s*\"([a-z0-9_-]+)\"");
  private Map<String, Map<String, Object>> paths;
  private TestApp app;

  @BeforeAll
  @SuppressWarnings("unchecked")
  void load() throws Exception {
    Map<String, Object> doc = new Yaml().load(Files.readString(Path.of("docs/openapi.yaml")));
    paths = (Map<String, Map<String, Object>>) doc.get("paths");
    app = new TestApp(Map.of());
  }

  @AfterAll
  void stop() {
    app.close();
  }

  @Test
  void everyDocumentedOperationIsServed() throws Exception {
    String admin = app.login("admin@demo.elevare");
    List<String> missing = new ArrayList<>();
    for (var e : paths.entrySet()) {
      String path = e.getKey().replaceAll("\\{[a-z_]+}", "00000000-0000-4000-8000-000000000000");
      for (String method : e.getValue().keySet()) {
        String m = method.toUpperCase();
        TestApp.Reply r = m.equals("GET") ? app.get(path, admin) : app.call(m, path, admin, "{}");
        boolean unrouted =
            r.status() == 405
                || (r.status() == 404 && r.body() != null && "No such resource.".equals(r.body().path("detail").asText()));
        if (unrouted) missing.add(m + " " + e.getKey());
      }
    }
    assertEquals(List.of(), missing, "documented but not served");
  }

  @Test
  void everyRouteSegmentInCodeIsDocumented() throws Exception {
    Set<String> documented = new TreeSet<>();
    for (String p : paths.keySet()) {
      for (String seg : p.split("/")) if (!seg.isEmpty() && !seg.startsWith("{")) documented.add(seg);
    }
    Set<String> inCode = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/ai/elevare/http"))) {
      for (Path f : files.filter(p -> p.toString().endsWith("Routes.java")).toList()) {
        if (f.getFileName().toString().equals("StaticRoutes.java")) continue; // the web app, not the API
        Matcher m = ROUTE_LITERAL.matcher(Files.readString(f));
        while (m.find()) inCode.add(m.group(1));
      }
    }
    assertFalse(inCode.isEmpty());
    inCode.removeAll(documented);
    assertEquals(Set.of(), inCode, "route segments in code missing from docs/openapi.yaml");
  }
}
