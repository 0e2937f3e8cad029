package ai.elevare.platform;

import ai.elevare.testing.TestDatabases;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;

/** Our journal configuration on a fresh, migrated PostgreSQL database, for the plugin TCK. */
final class TckConfig {
  private TckConfig() {}

  static Config create() {
    Settings settings =
        Settings.load(
            "application",
            Map.of(
                "elevare.db.url", TestDatabases.create(),
                "elevare.db.user", "postgres",
                "pekko.actor.provider", "local",
                "pekko.actor.allow-java-serialization", "on",
                "pekko.actor.warn-about-java-serializer-usage", "off"));
    try (Database db = new Database(settings)) {
      db.migrate(false);
    }
    return settings.config().withFallback(ConfigFactory.load());
  }
}
