package ai.elevare.platform;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code elevare} block and derives what depends on the database choice: with no
 * ELEVARE_DB_URL the embedded H2 file database under the data dir, its Slick profile, projection
 * dialect and demo accounts; with a PostgreSQL URL the production equivalents.
 */
public record Settings(
    Config config,
    String httpHost,
    int httpPort,
    Duration askTimeout,
    Path dataDir,
    String dbUrl,
    String dbUser,
    String dbPassword,
    boolean embedded,
    int appPoolSize,
    boolean demoAccounts) {

  /** Loads {@code resource} (application.conf by default) and resolves the derived keys. */
  public static Settings load(String resource, Map<String, Object> overrides) {
    Config first =
        ConfigFactory.load(ConfigFactory.parseMap(overrides).withFallback(base(resource)));
    Config e = first.getConfig("elevare");
    Path dataDir = Path.of(e.getString("data-dir")).toAbsolutePath().normalize();
    String url = e.getString("db.url");
    boolean embedded = url.isBlank();
    Map<String, Object> derived = new HashMap<>(overrides);
    String seeds = e.getString("cluster.seed-nodes");
    if (!seeds.isBlank()) derived.put("pekko.cluster.seed-nodes", seedNodes(seeds));
    if (embedded) {
      dataDir = EmbeddedDataDir.choose(dataDir, e.getString("data-dir").equals(DEFAULT_DATA_DIR), e.getInt("http.port"));
      // DATABASE_TO_UPPER=false: the projection and journal use lower-case quoted names.
      url = "jdbc:h2:file:" + dataDir.resolve("elevare") + ";DATABASE_TO_UPPER=false";
      derived.put("elevare.db.url", url);
      derived.put("elevare.db.driver", "org.h2.Driver");
      derived.put("elevare.db.slick-profile", "slick.jdbc.H2Profile$");
      derived.put("elevare.db.projection-dialect", "h2-dialect");
    } else if (url.startsWith("jdbc:postgresql:")) {
      // Batches of journal rows become one multi-row INSERT (ANCHORS: issue #710).
      if (!url.contains("reWriteBatchedInserts")) {
        url = url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
      }
      derived.put("elevare.db.url", url);
      derived.put("elevare.db.driver", "org.postgresql.Driver");
      derived.put("elevare.db.slick-profile", "slick.jdbc.PostgresProfile$");
      derived.put("elevare.db.projection-dialect", "postgres-dialect");
    } else {
      throw new IllegalArgumentException("ELEVARE_DB_URL must be a jdbc:postgresql: URL");
    }
    Config config = ConfigFactory.load(ConfigFactory.parseMap(derived).withFallback(base(resource)));
    e = config.getConfig("elevare");
    if (e.getString("cluster.formation").equals("seed-nodes")
        && config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      throw new IllegalArgumentException(
          "ELEVARE_CLUSTER_FORMATION=seed-nodes needs ELEVARE_SEED_NODES (host:port of one or more nodes, comma-separated)");
    }
    String demo = e.getString("auth.demo-accounts").trim();
    boolean demoAccounts = demo.isEmpty() ? embedded : Boolean.parseBoolean(demo);
    return new Settings(
        config,
        e.getString("http.host"),
        e.getInt("http.port"),
        e.getDuration("http.ask-timeout"),
        dataDir,
        url,
        e.getString("db.user"),
        e.getString("db.password"),
        embedded,
        e.getInt("db.app-pool-size"),
        demoAccounts);
  }

  private static final String DEFAULT_DATA_DIR = "./data";

  /** "host:port,host:port" (ELEVARE_SEED_NODES) as Artery addresses of the actor system "elevare". */
  static List<String> seedNodes(String list) {
    List<String> addresses = new ArrayList<>();
    for (String entry : list.split(",")) {
      String hostPort = entry.trim();
      int colon = hostPort.lastIndexOf(':');
      boolean valid = colon > 0 && hostPort.substring(colon + 1).matches("\\d{1,5}")
          && Integer.parseInt(hostPort.substring(colon + 1)) > 0
          && Integer.parseInt(hostPort.substring(colon + 1)) <= 65535;
      if (!valid) {
        throw new IllegalArgumentException(
            "ELEVARE_SEED_NODES: \"" + hostPort + "\" is not host:port (e.g. 10.0.0.5:25520)");
      }
      addresses.add("pekko://elevare@" + hostPort);
    }
    return addresses;
  }

  /** -Dconfig.file (conf/production.conf) wins over the bundled resource, as in ConfigFactory.load(). */
  private static Config base(String resource) {
    String file = System.getProperty("config.file");
    if (file != null && !file.isBlank()) {
      return ConfigFactory.parseFile(
          new java.io.File(file), com.typesafe.config.ConfigParseOptions.defaults().setAllowMissing(false));
    }
    return ConfigFactory.parseResourcesAnySyntax(resource);
  }

  public Config elevare() {
    return config.getConfig("elevare");
  }
}
