package ai.elevare.platform;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every Pekko core module on the classpath is 1.2.1: Pekko refuses mixed core versions at start. */
class PekkoVersionsTest {
  private static final java.util.Set<String> NOT_CORE =
      java.util.Set.of("pekko-http", "pekko-http-core", "pekko-parsing", "pekko-http-jackson",
          "pekko-http-spray-json", "pekko-http-testkit");

  @Test
  void allCoreModulesShareOneVersion() throws IOException {
    Map<String, String> versions = new TreeMap<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      String name = new java.io.File(entry).getName();
      var m = java.util.regex.Pattern.compile("^(pekko-[a-z-]+?)_2\\.13-([0-9.]+)\\.jar$").matcher(name);
      if (m.matches()) versions.put(m.group(1), m.group(2));
    }
    assertFalse(versions.isEmpty(), "Pekko jars are on the class path");
    versions.forEach((module, version) -> {
      if (module.startsWith("pekko-projection") || module.startsWith("pekko-management")
          || module.startsWith("pekko-discovery-kubernetes") || module.equals("pekko-persistence-jdbc")
          || NOT_CORE.contains(module)) return;
      assertEquals("1.2.1", version, module + " must be 1.2.1");
    });
    assertEquals("1.2.1", versions.get("pekko-actor"));
    assertEquals("1.3.0", versions.get("pekko-http"));
  }
}
