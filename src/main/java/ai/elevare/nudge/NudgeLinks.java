package ai.elevare.nudge;

import java.util.regex.Pattern;

/**
 * The only places a nudge may send a reader: relative paths of our own web app. The check is made
 * when a nudge is stored and again before every redirect, so GET /n/{token} can never become an
 * open redirect, whatever reached the table.
 */
public final class NudgeLinks {
  // "/" then a path of safe characters; no "//" (protocol-relative), no backslash, no scheme
  private static final Pattern OWN_PAGE = Pattern.compile("/(?![/\\\\])[A-Za-z0-9._~/?=&%+-]*");

  private NudgeLinks() {}

  public static boolean isOwnPage(String link) {
    return link != null && link.length() <= 500 && OWN_PAGE.matcher(link).matches();
  }

  /** The tracked link of a nudge, relative or under {@code baseUrl}. */
  public static String tracked(String baseUrl, String token, String via) {
    return trimSlash(baseUrl) + "/n/" + token + "?via=" + via;
  }

  public static String unsubscribe(String baseUrl, String token) {
    return trimSlash(baseUrl) + "/unsubscribe/" + token;
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
