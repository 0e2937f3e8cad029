package ai.elevare.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads and validates the fields of a JSON body, collecting every problem so the 400 names them
 * all. Only the fields asked for are read: unknown fields are never applied.
 */
public final class Fields {
  private final JsonNode node;
  private final List<ApiException.FieldError> errors = new ArrayList<>();

  private Fields(JsonNode node) {
    this.node = node;
  }

  /** Refuses text after the object ({"a":1}} or {"a":1}{"a":2}): a body is one JSON value, not its first. */
  private static final com.fasterxml.jackson.databind.ObjectReader STRICT =
      Json.MAPPER.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * Parsed from the raw bytes, so that bytes that are not UTF-8 are a 400 rather than text
   * silently holding U+FFFD where the client's characters were.
   */
  public static Fields parse(byte[] body) {
    JsonNode node;
    try {
      node = STRICT.readTree(body);
    } catch (Exception e) {
      throw ApiException.badRequest("body", "malformed JSON");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("body", "must be a JSON object");
    }
    return new Fields(node);
  }

  public boolean has(String name) {
    return node.hasNonNull(name);
  }

  public String string(String name, boolean required, int maxLength) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (required) error(name, "is required");
      return null;
    }
    if (!v.isTextual()) return error(name, "must be a string");
    String s = v.asText();
    if (required && s.isBlank()) return error(name, "must not be blank");
    if (s.length() > maxLength) return error(name, "must be at most " + maxLength + " characters");
    String odd = oddCharacter(s);
    if (odd != null) return error(name, odd);
    return s;
  }

  /**
   * Characters no column can hold: PostgreSQL refuses U+0000 in text, and a lone UTF-16 surrogate
   * has no UTF-8 encoding. Checked here so they are a 400, not a 500 from the database.
   * Lengths are counted in UTF-16 units, which is never fewer than the code points a VARCHAR counts.
   */
  static String oddCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) return "must not contain the NUL character";
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return "must be valid Unicode text";
      }
      if (Character.isLowSurrogate(c)) return "must be valid Unicode text";
    }
    return null;
  }

  /** A password bcrypt can hash whole: it reads only the first 72 bytes and refuses more. */
  public String password(String name, boolean required, int minLength) {
    String s = string(name, required, BCRYPT_MAX_BYTES);
    if (s == null) return null;
    if (s.length() < minLength) return error(name, "must be at least " + minLength + " characters");
    if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
      return error(name, "must be at most " + BCRYPT_MAX_BYTES + " bytes in UTF-8");
    }
    return s;
  }

  public static final int BCRYPT_MAX_BYTES = 72;

  /**
   * An integer in [min, max], range-checked on the JSON number itself before any conversion, so
   * 4294967297 is refused rather than wrapped to 1.
   */
  public Integer intIn(String name, JsonNode v, int min, int max, String message) {
    if (v == null || v.isNull() || !v.isIntegralNumber() || !v.canConvertToInt()) return error(name, message);
    int i = v.intValue();
    if (i < min || i > max) return error(name, message);
    return i;
  }

  /** A number in [min, max]; NaN, infinities and out-of-range values are refused. */
  public Double numberIn(String name, JsonNode v, double min, double max, String message) {
    if (v == null || v.isNull() || !v.isNumber()) return error(name, message);
    double d = v.doubleValue();
    if (!(d >= min && d <= max)) return error(name, message);
    return d;
  }

  public String uuid(String name, boolean required) {
    String s = string(name, required, 36);
    if (s == null) return null;
    String canonical = Ids.canonicalOrNull(s);
    return canonical != null ? canonical : error(name, "must be a UUID");
  }

  public String oneOf(String name, boolean required, Set<String> allowed) {
    String s = string(name, required, 64);
    if (s == null) return null;
    if (!allowed.contains(s)) return error(name, "must be one of " + new java.util.TreeSet<>(allowed));
    return s;
  }

  public Long nonNegativeLong(String name, boolean required, long max) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (required) error(name, "is required");
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) return error(name, "must be an integer");
    long l = v.asLong();
    if (l < 0) return error(name, "must not be negative");
    if (l > max) return error(name, "must be at most " + max);
    return l;
  }

  public Double number(String name, boolean required, double min, double max) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (required) error(name, "is required");
      return null;
    }
    if (!v.isNumber()) return error(name, "must be a number");
    double d = v.asDouble();
    if (!(d >= min && d <= max)) return error(name, "must be between " + min + " and " + max);
    return d;
  }

  public Boolean bool(String name, boolean defaultValue) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) return defaultValue;
    if (!v.isBoolean()) return error(name, "must be true or false");
    return v.asBoolean();
  }

  public List<String> strings(String name, boolean required, int maxItems, int maxLength) {
    return strings(name, required, maxItems, maxLength, Integer.MAX_VALUE);
  }

  /**
   * A list stored as one JSON array in a column of {@code storedChars}: the encoded array must fit,
   * not only each entry (ten answers of 500 characters do not fit a VARCHAR(4000)).
   */
  public List<String> strings(String name, boolean required, int maxItems, int maxLength, int storedChars) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (required) error(name, "is required");
      return null;
    }
    if (!v.isArray()) return error(name, "must be an array of strings");
    if (v.size() > maxItems) return error(name, "must have at most " + maxItems + " entries");
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual() || e.asText().isBlank()) return error(name, "must hold non-blank strings");
      if (e.asText().length() > maxLength) return error(name, "entries must be at most " + maxLength + " characters");
      String odd = oddCharacter(e.asText());
      if (odd != null) return error(name, "entries " + odd);
      out.add(e.asText());
    }
    if (storedChars != Integer.MAX_VALUE && Json.write(out).length() > storedChars) {
      return error(name, "together must be at most " + storedChars + " characters as stored (JSON array)");
    }
    return out;
  }

  /** The raw node, for fields whose type depends on another field (e.g. an override's value). */
  public JsonNode raw(String name) {
    return node.get(name);
  }

  public <T> T error(String field, String message) {
    errors.add(new ApiException.FieldError(field, message));
    return null;
  }

  /** Throws a 400 naming every invalid field, if any. */
  public void validate() {
    if (!errors.isEmpty()) throw ApiException.invalid(errors);
  }
}
