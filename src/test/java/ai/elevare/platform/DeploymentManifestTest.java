package ai.elevare.platform;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests (k8s/, rendered by `kubectl kustomize` when kubectl is installed, else
 * read file by file as kustomization.yaml lists them) and the ECS Terraform (infra/) agree with
 * the application's own settings (conf/production.conf over src/main/resources): ports, probe
 * paths, the label discovery looks for, the environment variables the configuration reads, the
 * shutdown time, and the contract that the public port's /health leaves the database out.
 */
class DeploymentManifestTest {
  /**
   * Names the manifests set that no configuration file reads yet: the Artery TLS directory is the
   * placeholder agreed with the cluster work (docs/operations.md); it goes once that is merged.
   */
  private static final Set<String> PENDING_NAMES = Set.of();

  private static Config conf;
  private static List<Map<String, Object>> k8s;
  private static String renderedBy;
  private static String ecs;

  @BeforeAll
  static void load() throws Exception {
    conf =
        ConfigFactory.parseFile(new File("conf/production.conf"))
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    k8s = renderK8s();
    ecs = Files.readString(Path.of("infra/ecs.tf")) + Files.readString(Path.of("infra/main.tf"));
  }

  // ---- Kubernetes ------------------------------------------------------------------------------

  @Test
  void rendersEveryPartOfTheDeployment() {
    Set<String> kinds = new TreeSet<>();
    k8s.forEach(d -> kinds.add((String) d.get("kind")));
    assertTrue(
        kinds.containsAll(
            Set.of("Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler",
                "PodDisruptionBudget", "NetworkPolicy", "Role", "RoleBinding", "ServiceAccount")),
        "rendered by " + renderedBy + ": " + kinds);
  }

  @Test
  void readingTheFilesDirectlyGivesWhatKustomizeRenders() throws IOException {
    // Where kubectl is installed, the fallback for machines without it is checked against it.
    List<Map<String, Object>> direct = readDirectly();
    Set<String> directNames = new TreeSet<>();
    Set<String> renderedNames = new TreeSet<>();
    direct.forEach(d -> directNames.add(d.get("kind") + "/" + ((Map<?, ?>) d.get("metadata")).get("name")));
    k8s.forEach(d -> renderedNames.add(d.get("kind") + "/" + ((Map<?, ?>) d.get("metadata")).get("name")));
    assertEquals(renderedNames, directNames);
    Map<String, Object> directDeployment =
        direct.stream().filter(d -> "Deployment".equals(d.get("kind"))).findFirst().orElseThrow();
    assertEquals(
        container().get("image"),
        list(spec(spec(directDeployment, "template")), "containers").get(0).get("image"));
  }

  @Test
  void containerPortsAreTheApplicationsPorts() {
    Map<String, Object> c = container();
    Map<String, Integer> ports = new java.util.HashMap<>();
    for (Map<String, Object> p : list(c, "ports")) ports.put((String) p.get("name"), (Integer) p.get("containerPort"));
    assertEquals(conf.getInt("elevare.http.port"), ports.get("http"));
    assertEquals(conf.getInt("pekko.management.http.port"), ports.get("management"));
    assertEquals(conf.getInt("pekko.remote.artery.canonical.port"), ports.get("remoting"));
    // The environment pins the same values the configuration would read.
    Map<String, String> env = envValues(c);
    assertEquals(String.valueOf(ports.get("http")), env.get("ELEVARE_HTTP_PORT"));
    assertEquals(String.valueOf(ports.get("management")), env.get("ELEVARE_MANAGEMENT_PORT"));
    assertEquals(String.valueOf(ports.get("remoting")), env.get("ELEVARE_CLUSTER_PORT"));

    Map<String, Object> svcPort = list(spec(find("Service")), "ports").get(0);
    assertEquals("http", svcPort.get("targetPort"), "the Service publishes the HTTP port only");
    assertEquals(1, list(spec(find("Service")), "ports").size());
  }

  @Test
  void probesFollowTheContract() {
    Map<String, Object> c = container();
    // Readiness: pekko-management's readiness route on the management port (member, database).
    Map<String, Object> ready = httpGet(c, "readinessProbe");
    assertEquals("/" + conf.getString("pekko.management.health-checks.readiness-path"), ready.get("path"));
    assertEquals("management", ready.get("port"));
    // Liveness and start-up: the cheap /health on the HTTP port, which the API documents.
    for (String probe : List.of("livenessProbe", "startupProbe")) {
      Map<String, Object> get = httpGet(c, probe);
      assertEquals("/health", get.get("path"), probe);
      assertEquals("http", get.get("port"), probe);
    }
    assertTrue(openApiPaths().contains("/health"), "docs/openapi.yaml documents GET /health");

    @SuppressWarnings("unchecked")
    Map<String, String> annotations =
        (Map<String, String>) ((Map<String, Object>) template().get("metadata")).get("annotations");
    assertEquals(String.valueOf(conf.getInt("pekko.management.http.port")), annotations.get("prometheus.io/port"));
    assertEquals("/metrics", annotations.get("prometheus.io/path"));
  }

  @Test
  void discoveryFindsThePodsByTheirLabel() {
    String selector = conf.getString("pekko.discovery.kubernetes-api.pod-label-selector");
    Matcher m = Pattern.compile("^([\\w./-]+)=%s$").matcher(selector);
    assertTrue(m.matches(), selector);
    String label = m.group(1);
    @SuppressWarnings("unchecked")
    Map<String, String> labels = (Map<String, String>) ((Map<String, Object>) template().get("metadata")).get("labels");
    String value = labels.get(label);
    assertNotNull(value, "pod label " + label);
    // The service name bootstrap puts into the selector is that label's value.
    Map<String, Object> nameEnv = envEntry(container(), "ELEVARE_DISCOVERY_SERVICE_NAME");
    assertEquals(
        "metadata.labels['" + label + "']",
        ((Map<?, ?>) ((Map<?, ?>) nameEnv.get("valueFrom")).get("fieldRef")).get("fieldPath"));
    assertEquals("kubernetes-api", configMap().get("ELEVARE_DISCOVERY_METHOD"));
    assertEquals("bootstrap", configMap().get("ELEVARE_CLUSTER_FORMATION"));
  }

  @Test
  void autoscalingKeepsAMajorityAndTheContactPoints() {
    Map<String, Object> hpa = spec(find("HorizontalPodAutoscaler"));
    int min = (Integer) hpa.get("minReplicas");
    assertTrue(min >= 3, "at least 3 members");
    assertTrue(min >= Integer.parseInt(configMap().get("ELEVARE_REQUIRED_CONTACT_POINTS")));
    assertEquals(10, hpa.get("maxReplicas"));
    assertEquals("elevare", ((Map<?, ?>) hpa.get("scaleTargetRef")).get("name"));
    assertFalse(spec(find("Deployment")).containsKey("replicas"), "the HPA owns the replica count");
    Map<?, ?> scaleDown = (Map<?, ?>) ((Map<?, ?>) hpa.get("behavior")).get("scaleDown");
    assertTrue((Integer) scaleDown.get("stabilizationWindowSeconds") >= 300, "slow scale-in");
  }

  @Test
  void terminationGraceCoversCoordinatedShutdown() {
    long worst = coordinatedShutdownWorstCase().toSeconds();
    Map<String, Object> pod = spec(template());
    long preStop = preStopSeconds();
    long grace = ((Number) pod.get("terminationGracePeriodSeconds")).longValue();
    assertTrue(grace >= preStop + worst, "grace " + grace + " s < preStop " + preStop + " s + shutdown " + worst + " s");
    // ECS: Fargate's stopTimeout (120 s at most) too.
    long stopTimeout = Long.parseLong(match(ecs, "stopTimeout\\s*=\\s*(\\d+)"));
    assertTrue(stopTimeout >= worst, "stopTimeout " + stopTimeout + " s < " + worst + " s");
  }

  @Test
  void memoryLeavesRoomBesideTheHeap() {
    @SuppressWarnings("unchecked")
    Map<String, Object> res = (Map<String, Object>) container().get("resources");
    long limit = bytes((String) ((Map<?, ?>) res.get("limits")).get("memory"));
    assertEquals(limit, bytes((String) ((Map<?, ?>) res.get("requests")).get("memory")), "Guaranteed QoS");
    double percent = Double.parseDouble(match(configMap().get("JAVA_TOOL_OPTIONS"), "MaxRAMPercentage=(\\d+)"));
    long nonHeap = limit - (long) (limit * percent / 100);
    assertTrue(nonHeap >= 1L << 30, "at least 1 GiB beside the heap, was " + (nonHeap >> 20) + " MiB");
    assertTrue(configMap().get("JAVA_TOOL_OPTIONS").contains("-XX:+ExitOnOutOfMemoryError"));
  }

  @Test
  void releasesAreNamedAndTheImageCarriesItsAppVersion() throws IOException {
    String image = (String) container().get("image");
    assertFalse(image.endsWith(":latest") || !image.contains(":"), image);
    assertNull(envEntry(container(), "ELEVARE_APP_VERSION"), "the image sets it");
    assertFalse(configMap().containsKey("ELEVARE_APP_VERSION"));
    assertFalse(ecs.contains("\"ELEVARE_APP_VERSION\""), "the ECS task sets no app-version");
    assertTrue(Files.readString(Path.of("pom.xml")).contains("<ELEVARE_APP_VERSION>${image.app-version}</ELEVARE_APP_VERSION>"));
  }

  @Test
  void databaseCertificateIsVerified() {
    String url = configMap().get("ELEVARE_DB_URL");
    assertTrue(url.contains("sslmode=verify-full"), url);
    String root = match(url, "sslrootcert=([^&]+)");
    assertTrue(mountPaths().stream().anyMatch(m -> root.startsWith(m + "/")), root + " is on a mounted volume");
    assertTrue(ecs.contains("sslmode=verify-full&sslrootcert=${local.secrets_dir}/db-ca.pem"));
  }

  @Test
  void arteryTlsComesFromAMountedSecret() {
    String dir = envValues(container()).get("ELEVARE_CLUSTER_TLS_DIR");
    assertNotNull(dir);
    assertTrue(mountPaths().contains(dir), dir + " is mounted");
  }

  @Test
  void everyEnvironmentNameIsReadByTheApplication() throws IOException {
    Set<String> read = namesTheApplicationReads();
    assertTrue(read.contains("ELEVARE_DB_URL") && read.contains("ELEVARE_HTTP_PORT"), "found the configuration's names");
    Set<String> set = new TreeSet<>(envValues(container()).keySet());
    set.addAll(configMap().keySet());
    for (Map<String, Object> d : k8sFile("k8s/secret.example.yaml")) {
      @SuppressWarnings("unchecked")
      Map<String, String> data = (Map<String, String>) d.get("stringData");
      if ("elevare-secrets".equals(((Map<?, ?>) d.get("metadata")).get("name"))) set.addAll(data.keySet());
    }
    Matcher m = Pattern.compile("name\\s*=\\s*\"((?:ELEVARE|OPENAI)_\\w+)\"").matcher(ecs);
    while (m.find()) set.add(m.group(1));
    set.remove("JAVA_TOOL_OPTIONS");
    Set<String> unknown = new TreeSet<>(set);
    unknown.removeAll(read);
    unknown.removeAll(PENDING_NAMES);
    assertEquals(Set.of(), unknown, "set by k8s/ or infra/ but read by no configuration");
  }

  @Test
  void networkPolicyOpensTheApplicationsPorts() {
    Set<Integer> open = new HashSet<>();
    for (Map<String, Object> rule : list(spec(find("NetworkPolicy")), "ingress"))
      for (Map<String, Object> p : list(rule, "ports")) open.add((Integer) p.get("port"));
    assertEquals(
        Set.of(conf.getInt("elevare.http.port"), conf.getInt("pekko.management.http.port"),
            conf.getInt("pekko.remote.artery.canonical.port")),
        open);
  }

  // ---- ECS (Terraform) -------------------------------------------------------------------------

  @Test
  void terraformUsesTheApplicationsPortsAndPaths() throws IOException {
    assertEquals(conf.getInt("elevare.http.port"), Integer.parseInt(match(ecs, "http_port\\s*=\\s*(\\d+)")));
    assertEquals(conf.getInt("pekko.management.http.port"), Integer.parseInt(match(ecs, "management_port\\s*=\\s*(\\d+)")));
    assertEquals(conf.getInt("pekko.remote.artery.canonical.port"), Integer.parseInt(match(ecs, "artery_port\\s*=\\s*(\\d+)")));
    assertEquals("/health", match(ecs, "health_path\\s*=\\s*\"([^\"]+)\""));
    assertEquals("/" + conf.getString("pekko.management.health-checks.readiness-path"), match(ecs, "ready_path\\s*=\\s*\"([^\"]+)\""));
    String alb = Files.readString(Path.of("infra/alb.tf"));
    assertEquals("local.health_path", match(alb, "health_check\\s*\\{[^}]*?path\\s*=\\s*([\\w.\"/]+)"), "the ALB checks /health, never the database");
    // The collector scrapes the management port, which the ALB never reaches.
    assertTrue(ecs.contains("targets = [\"localhost:${local.management_port}\"]"));
    assertTrue(ecs.contains("metrics_path    = local.metrics_path") || ecs.contains("metrics_path = local.metrics_path"));
  }

  @Test
  void terraformAutoscalingAndRollingUpdate() throws IOException {
    String scaling = Files.readString(Path.of("infra/autoscaling.tf"));
    String vars = Files.readString(Path.of("infra/variables.tf"));
    assertTrue(scaling.contains("ECSServiceAverageCPUUtilization") && scaling.contains("ALBRequestCountPerTarget"));
    assertEquals("3", match(vars, "variable \"min_count\"[^}]*?default\\s*=\\s*(\\d+)"));
    assertEquals("10", match(vars, "variable \"max_count\"[^}]*?default\\s*=\\s*(\\d+)"));
    assertEquals("70", match(vars, "variable \"scale_cpu_percent\"[^}]*?default\\s*=\\s*(\\d+)"));
    assertTrue(match(ecs, "ignore_changes\\s*=\\s*\\[([^\\]]*)\\]").contains("desired_count"));
    // ECS rounds desired * max% / 100 down: the formula must give at least one extra task.
    assertTrue(ecs.contains("deployment_maximum_percent = ceil(100 * (var.min_count + 1) / var.min_count)"));
    for (int n = 1; n <= 10; n++) {
      int percent = (int) Math.ceil(100.0 * (n + 1) / n);
      assertTrue(Math.floorDiv(n * percent, 100) >= n + 1, "room for a new task at " + n);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Pekko's worst case: every phase of coordinated shutdown runs into its timeout. */
  private static Duration coordinatedShutdownWorstCase() {
    Config cs = conf.getConfig("pekko.coordinated-shutdown");
    Duration fallback = cs.getDuration("default-phase-timeout");
    ConfigObject phases = cs.getObject("phases");
    Duration sum = Duration.ZERO;
    for (String phase : phases.keySet()) {
      Config p = cs.getConfig("phases.\"" + phase + "\"");
      if (p.hasPath("enabled") && !p.getBoolean("enabled")) continue;
      sum = sum.plus(p.hasPath("timeout") ? p.getDuration("timeout") : fallback);
    }
    assertTrue(sum.toSeconds() >= 30, "phases found: " + phases.keySet());
    return sum;
  }

  private static long preStopSeconds() {
    @SuppressWarnings("unchecked")
    List<String> cmd =
        (List<String>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) container().get("lifecycle")).get("preStop")).get("exec")).get("command");
    assertEquals("sleep", cmd.get(0));
    return Long.parseLong(cmd.get(1));
  }

  /** Every ${?NAME} the configuration files read, and the ${NAME} the production logback reads. */
  private static Set<String> namesTheApplicationReads() throws IOException {
    Set<String> names = new TreeSet<>();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("src/main/resources"))) {
      s.filter(p -> p.toString().endsWith(".conf") || p.toString().endsWith(".xml")).forEach(files::add);
    }
    try (Stream<Path> s = Files.list(Path.of("conf"))) {
      s.filter(p -> p.toString().endsWith(".conf") || p.toString().endsWith(".xml")).forEach(files::add);
    }
    Pattern ref = Pattern.compile("\\$\\{\\??([A-Z][A-Z0-9_]+)");
    for (Path f : files) {
      Matcher m = ref.matcher(Files.readString(f));
      while (m.find()) names.add(m.group(1));
    }
    return names;
  }

  private static List<Map<String, Object>> renderK8s() throws Exception {
    if (onPath("kubectl")) {
      Process p = new ProcessBuilder("kubectl", "kustomize", "k8s").redirectErrorStream(false).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), "kubectl kustomize k8s: " + err);
      renderedBy = "kubectl kustomize";
      return documents(out);
    }
    renderedBy = "kustomization.yaml read directly";
    return readDirectly();
  }

  /** Without kubectl: the files kustomization.yaml lists, with its image override applied. */
  private static List<Map<String, Object>> readDirectly() throws IOException {
    Map<String, Object> kustomization = new Yaml().load(Files.readString(Path.of("k8s/kustomization.yaml")));
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object r : (List<?>) kustomization.get("resources")) docs.addAll(k8sFile("k8s/" + r));
    for (Map<String, Object> img : list(kustomization, "images"))
      for (Map<String, Object> d : docs)
        if ("Deployment".equals(d.get("kind")))
          for (Map<String, Object> c : list(spec(spec(d, "template")), "containers"))
            if (img.get("name").equals(c.get("image"))) c.put("image", img.get("newName") + ":" + img.get("newTag"));
    return docs;
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
      if (Files.isExecutable(Path.of(dir, tool))) return true;
    return false;
  }

  private static List<Map<String, Object>> k8sFile(String file) {
    try {
      return documents(Files.readString(Path.of(file)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> documents(String yaml) {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object d : new Yaml().loadAll(yaml)) if (d != null) docs.add((Map<String, Object>) d);
    return docs;
  }

  private static Map<String, Object> find(String kind) {
    return k8s.stream().filter(d -> kind.equals(d.get("kind"))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " (" + renderedBy + ")"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(Map<String, Object> o) {
    return (Map<String, Object>) o.get("spec");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(Map<String, Object> o, String key) {
    return (Map<String, Object>) spec(o).get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> o, String key) {
    Object v = o.get(key);
    return v == null ? List.of() : (List<Map<String, Object>>) v;
  }

  private static Map<String, Object> template() {
    return spec(find("Deployment"), "template");
  }

  private static Map<String, Object> container() {
    return list(spec(template()), "containers").stream()
        .filter(c -> "elevare".equals(c.get("name"))).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> configMap() {
    return (Map<String, String>) find("ConfigMap").get("data");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> httpGet(Map<String, Object> c, String probe) {
    Map<String, Object> p = (Map<String, Object>) c.get(probe);
    assertNotNull(p, probe);
    return (Map<String, Object>) p.get("httpGet");
  }

  private static Map<String, Object> envEntry(Map<String, Object> c, String name) {
    return list(c, "env").stream().filter(e -> name.equals(e.get("name"))).findFirst().orElse(null);
  }

  private static Map<String, String> envValues(Map<String, Object> c) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (Map<String, Object> e : list(c, "env")) env.put((String) e.get("name"), (String) e.get("value"));
    return env;
  }

  private static Set<String> mountPaths() {
    Set<String> paths = new HashSet<>();
    for (Map<String, Object> m : list(container(), "volumeMounts")) paths.add((String) m.get("mountPath"));
    return paths;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> openApiPaths() {
    try {
      Map<String, Object> doc = new Yaml().load(Files.readString(Path.of("docs/openapi.yaml")));
      return ((Map<String, ?>) doc.get("paths")).keySet();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long bytes(String quantity) {
    Matcher m = Pattern.compile("^(\\d+)(Mi|Gi)$").matcher(quantity);
    assertTrue(m.matches(), quantity);
    return Long.parseLong(m.group(1)) << ("Gi".equals(m.group(2)) ? 30 : 20);
  }

  private static String match(String text, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
    assertTrue(m.find(), "no match for " + regex);
    return m.group(1);
  }
}
