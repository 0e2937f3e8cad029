package ai.elevare.platform;

import com.typesafe.config.Config;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Before anything starts: each fixed port this node will bind must be free, else one line naming
 * the port and its variable (Main prints it and exits 1) instead of a bind stack trace from deep
 * inside Artery or pekko-http after the migrations ran. Port 0 means "any free port": nothing to check.
 */
final class PortCheck {
  private PortCheck() {}

  static void requireFree(Settings settings) {
    Config c = settings.config();
    check(settings.httpHost(), settings.httpPort(), "HTTP port (ELEVARE_HTTP_PORT)");
    check(
        orElse(c.getString("pekko.remote.artery.bind.hostname"), c.getString("pekko.remote.artery.canonical.hostname")),
        Integer.parseInt(orElse(c.getString("pekko.remote.artery.bind.port"), c.getString("pekko.remote.artery.canonical.port"))),
        "cluster port (ELEVARE_CLUSTER_PORT)");
    check(
        orElse(c.getString("pekko.management.http.bind-hostname"), c.getString("pekko.management.http.hostname")),
        Integer.parseInt(orElse(c.getString("pekko.management.http.bind-port"), c.getString("pekko.management.http.port"))),
        "management port (ELEVARE_MANAGEMENT_PORT)");
  }

  static void check(String host, int port, String what) {
    if (port == 0) return;
    InetAddress address;
    try {
      address = switch (host) {
        case "<getHostAddress>", "<getHostName>", "<hostname>", "" -> InetAddress.getLocalHost();
        default -> InetAddress.getByName(host);
      };
    } catch (UnknownHostException e) {
      return; // the real bind will name the host
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true); // like the servers themselves: a socket in TIME_WAIT is no conflict
      s.bind(new InetSocketAddress(address, port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "The " + what + " " + port + " on " + host + " is in use: another node or program listens there."
              + " Stop it or choose another port.");
    }
  }

  private static String orElse(String value, String fallback) {
    return value.isBlank() ? fallback : value;
  }
}
