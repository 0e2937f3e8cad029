package ai.elevare.http;

import java.util.UUID;

/** Path and body ids are UUIDs in canonical lower-case form; anything else is a 400 naming the field. */
public final class Ids {
  private Ids() {}

  public static String uuid(String field, String value) {
    String canonical = canonicalOrNull(value);
    if (canonical == null) throw ApiException.badRequest(field, "must be a UUID");
    return canonical;
  }

  /** The lower-case canonical form, or null when {@code value} is not a UUID. */
  static String canonicalOrNull(String value) {
    try {
      String canonical = UUID.fromString(value).toString();
      return canonical.equalsIgnoreCase(value) ? canonical : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
