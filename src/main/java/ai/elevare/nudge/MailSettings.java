package ai.elevare.nudge;

import com.typesafe.config.Config;

/**
 * SMTP for nudge e-mails ({@code elevare.smtp}) and the public address links point at
 * ({@code elevare.public-url}). No host: e-mail is off.
 */
public record MailSettings(
    String host, int port, String user, String password, String from, String publicUrl) {

  public static MailSettings fromConfig(Config elevare) {
    Config s = elevare.getConfig("smtp");
    String url = elevare.getString("public-url").trim();
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("elevare.public-url must be an http(s) URL, not " + url);
    }
    return new MailSettings(
        s.getString("host").trim(),
        s.getInt("port"),
        s.getString("user"),
        s.getString("password"),
        s.getString("from"),
        url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  public boolean enabled() {
    return !host.isEmpty();
  }

  @Override
  public String toString() {
    // never the password
    return "MailSettings[host=" + host + ", port=" + port + ", user=" + user + ", from=" + from
        + ", publicUrl=" + publicUrl + "]";
  }
}
