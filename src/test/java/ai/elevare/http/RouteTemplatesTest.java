package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Paths map to their templates, never to themselves; the list covers docs/openapi.yaml. */
class RouteTemplatesTest {
  private final RouteTemplates t = RouteTemplates.standard();

  private String label(String path) {
    return t.label(t.match(path));
  }

  @Test
  void pathsWithIdsMapToTheirTemplate() {
    String id = "3f0c1a2b-0000-4000-8000-000000000001";
    assertEquals("/progress/{student_id}", label("/progress/" + id));
    assertEquals("/progress/{student_id}/stream", label("/progress/" + id + "/stream"));
    assertEquals("/qa/query", label("/qa/query"), "a literal segment is not taken for an id");
    assertEquals("/qa/{interaction_id}/escalate", label("/qa/" + id + "/escalate"));
    assertEquals("/goals", label("/goals"));
    assertEquals("/goals/{goal_id}", label("/goals/" + id));
    assertEquals("/n/{token}", label("/n/abc.def"));
    assertEquals("/", label("/"));
    assertEquals("/app/**", label("/app"));
    assertEquals("/app/**", label("/app/students/" + id));
    assertEquals("/assets/**", label("/assets/index-abc123.js"));
  }

  @Test
  void anythingElseIsOneBoundedLabel() {
    for (String p : List.of("/nope", "/goals/", "/goals/a/b", "/progress/", "/progress//stream", "/qa", "/appx",
        "/health/x", "", "relative")) {
      assertEquals(RouteTemplates.UNMATCHED, label(p), p);
    }
  }

  @Test
  void opsPathsAreQuietAndApiPathsAreNot() {
    assertTrue(t.quiet(t.match("/health")));
    assertTrue(t.quiet(t.match("/metrics")));
    assertFalse(t.quiet(t.match("/qa/query")));
    assertFalse(t.quiet(t.match("/nope")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyDocumentedPathHasItsTemplate() throws Exception {
    Map<String, Object> doc = new Yaml().load(Files.readString(Path.of("docs/openapi.yaml")));
    List<String> missing = new ArrayList<>();
    for (String path : ((Map<String, Object>) doc.get("paths")).keySet()) {
      String sample = path.replaceAll("\\{[a-z_]+}", "x1");
      String got = label(sample);
      if (!got.equals(path)) missing.add(path + " -> " + got);
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void requestIdsFromOutsideAreTakenOnlyWhenShortAndPlain() {
    assertTrue(AccessLog.sane("b7f1c2d4-aa01"));
    assertTrue(AccessLog.sane("Root=1-67891233-abcdef012345678912345678".substring(5)));
    assertFalse(AccessLog.sane(null));
    assertFalse(AccessLog.sane(""));
    assertFalse(AccessLog.sane("x".repeat(65)));
    assertFalse(AccessLog.sane("id with spaces"));
    assertFalse(AccessLog.sane("id\nforged-line"));
    assertFalse(AccessLog.sane("<script>"));
    String generated = AccessLog.newId();
    assertTrue(generated.matches("[0-9a-f]{16}"), generated);
    assertNotEquals(generated, AccessLog.newId());
  }

  @Test
  void latencyIsMillisecondsWithOneDecimal() {
    assertEquals("0.0", AccessLog.millis(40_000));
    assertEquals("3.1", AccessLog.millis(3_150_000));
    assertEquals("1250.0", AccessLog.millis(1_250_000_000L));
  }
}
