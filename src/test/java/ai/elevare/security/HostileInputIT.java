package ai.elevare.security;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.security.OpenApiDoc.Operation;
import ai.elevare.security.OpenApiDoc.Param;
import ai.elevare.testing.Eventually;
import ai.elevare.testing.TestApp;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every operation in docs/openapi.yaml, sent bad bodies and parameters generated from its schema:
 * each must get a 4xx application/problem+json without a trace of the stack or the SQL, and leave
 * every table as it was. Deterministic (the same cases every run), so a failure names its case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {
  /** Writes every non-ASCII character as \\uXXXX, so a lone surrogate reaches the server as sent. */
  private static final ObjectMapper JSON =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
          .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** What a body must never show: a stack trace, a Java class, the database's words. */
  private static final Pattern LEAK = Pattern.compile(
      "Exception|\\tat |\\bat [a-z]+\\.[a-z]+\\.|java\\.|org\\.postgresql|PSQL|SQLState|SQL state|syntax error"
          + "|violates|relation \"|ERROR:",
      Pattern.CASE_INSENSITIVE);
  /** Tables a refused request may still touch: offsets the projections move on their own. */
  private static final Pattern VOLATILE = Pattern.compile("pekko_projection_.*|.*rate_limit.*|.*bucket.*");
  private static final String HUGE = "x".repeat(100_000);
  private static final String OVERSIZED = "over 5 MiB";
  private static final String SLOT = "@@hostile-value@@";
  /** Bearer tokens that are not tokens: every signed-in route must refuse them with a 401. */
  private static final List<String> FORGED = List.of(
      "x", "' OR '1'='1", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.", "Bearer x", "x".repeat(7000));
  /** Text no identifier, enum value or number is: odd Unicode and injection strings. */
  private static final List<String> NOT_AN_ID = List.of(
      "", " ", "a\u0000b", "\ud800", "\udc00x", "\u202Emath", "math\u0301", "ma\u200Bth", "\uFF4D\uFF41\uFF54\uFF48",
      "\uD83D\uDE00", "MATH ", "' OR '1'='1' --", "1; DROP TABLE users;--", "{\"$ne\":null}",
      "<script>alert(1)</script>", "../../../../etc/passwd", "x\r\nSet-Cookie: hostile=1", "%00", HUGE);
  /** Free text that no column takes (and, unless the schema says how long, {@link #HUGE}). */
  private static final List<String> BAD_TEXT = List.of("a\u0000b", "\ud800", "lone \udc00 low");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private OpenApiDoc api;
  private TestApp app;
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private final Map<String, String> ids = new TreeMap<>();
  private int sent;

  @BeforeAll
  void start() throws Exception {
    api = OpenApiDoc.load();
    app = new TestApp(Map.of("elevare.rate-limit.per-minute", 1_000_000, "elevare.rate-limit.per-hour", 1_000_000));
    for (String role : List.of("student", "tutor", "parent", "admin")) {
      tokens.put(role, app.login(role + "@demo.elevare"));
      ids.put(role + "_id", app.userId(tokens.get(role)));
    }
    ids.put("student_id", ids.get("student_id"));
    ids.put("from_user_id", ids.get("tutor_id"));
    TestApp.Reply goal = app.post("/goals", tokens.get("student"),
        Map.of("student_id", ids.get("student_id"), "subject", "math", "title", "Ten answers", "target", 10));
    assertEquals(201, goal.status(), goal.raw().body());
    ids.put("goal_id", goal.body().get("id").asText());
    // the goal's event reaches the read models a moment later: let it land before the first snapshot
    assertTrue(Eventually.await(Duration.ofSeconds(30), () -> {
      Map<String, String> s = snapshot();
      return !s.get("student_summary").startsWith("0:") && !s.get("student_activity_days").startsWith("0:");
    }), "the projections caught up with the fixture goal");
  }

  @AfterAll
  void stop() {
    System.out.println("HostileInputIT: " + sent + " hostile requests");
    if (app != null) app.close();
  }

  /** One hostile request. */
  record Case(String label, String path, String contentType, byte[] body) {}

  @TestFactory
  Stream<DynamicTest> everyOperationRefusesHostileInput() {
    return api.operations().stream().map(op -> DynamicTest.dynamicTest(op.key(), () -> check(op)));
  }

  private void check(Operation op) throws Exception {
    List<Case> cases = cases(op);
    Map<String, String> before = snapshot();
    List<String> failures = new ArrayList<>();
    List<String> roles = op.isPublic() ? List.of("anonymous") : List.of("student", "tutor", "admin");
    int total = 0;
    for (String role : roles) {
      for (Case c : cases) {
        total++;
        failures.addAll(refused(op, c, role, tokens.get(role)));
      }
    }
    if (!op.isPublic()) {
      // with no valid token, even a valid request is refused before anything of it is read
      Case valid = cases.isEmpty() ? new Case("no input", path(op, api.params(op), null, null), null, null) : cases.get(0);
      for (String forged : FORGED) {
        total++;
        failures.addAll(refused(op, valid, "forged token " + show(forged), forged));
      }
    }
    assertTrue(total > 0 || (op.isPublic() && api.params(op).isEmpty() && api.body(op) == null),
        op.key() + " takes input but got no hostile case");
    Map<String, String> after = snapshot();
    int sentHere = total;
    assertAll(
        () -> assertEquals(List.of(), failures, op.key() + ": " + failures.size() + " of " + sentHere),
        () -> assertEquals(before, after, op.key() + " changed tables"));
  }

  private List<String> refused(Operation op, Case c, String who, String token) throws Exception {
    HttpResponse<String> r;
    try {
      r = send(op, c, token);
    } catch (java.io.IOException e) {
      // the server answers 413 and closes while the client still sends: the client may see only the reset
      if (c.label().equals(OVERSIZED)) return List.of();
      return List.of(printable(who + " " + c.label() + " -> no answer: " + e.getMessage()));
    }
    String problem = refusalProblem(r);
    return problem == null ? List.of()
        : List.of(printable(who + " " + c.label() + " -> " + r.statusCode() + " " + problem + ": " + abbreviate(r.body())));
  }

  /** Why this reply is not a proper refusal, or null when it is. */
  private static String refusalProblem(HttpResponse<String> r) {
    if (r.statusCode() < 400 || r.statusCode() > 499) return "not a 4xx";
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("application/problem+json")) return "content type " + type;
    try {
      if (!JSON.readTree(r.body()).has("status")) return "not a problem document";
    } catch (Exception e) {
      return "not JSON";
    }
    if (LEAK.matcher(r.body()).find()) return "leaks internals";
    if (r.headers().allValues("Set-Cookie").stream().anyMatch(v -> v.contains("hostile"))) return "header injection";
    return null;
  }

  private List<Case> cases(Operation op) throws Exception {
    List<Case> out = new ArrayList<>();
    List<Param> params = api.params(op);
    Map<String, Object> schema = api.body(op);
    ObjectNode base = schema == null ? null : validObject(schema);
    String validPath = path(op, params, null, null);
    for (Param p : params) {
      if (p.in().equals("header")) continue; // the signature headers: see sign()
      List<String> bad = new ArrayList<>(badValues(p.schema()));
      if (p.in().equals("path")) {
        bad.add("00000000-0000-0000-0000-00000000000g");
        bad.add(UUID.randomUUID().toString()); // well-formed but nobody's
      }
      for (String v : bad) out.add(new Case(p.in() + " " + p.name() + "=" + show(v), path(op, params, p, v), null,
          base == null ? null : bytes(base)));
      if (p.in().equals("query") && p.required()) {
        out.add(new Case("query " + p.name() + " missing", path(op, params, p, null), null,
            base == null ? null : bytes(base)));
      }
    }
    if (op.streams() && params.stream().noneMatch(p -> p.in().equals("query"))) {
      return out; // a valid request would open an endless stream; only the parameters are hostile
    }
    if (schema != null) {
      for (var e : OpenApiDoc.properties(schema).entrySet()) {
        Map<String, Object> prop = api.resolve(e.getValue());
        ObjectNode slot = base.deepCopy();
        slot.put(e.getKey(), SLOT);
        String template = JSON.writeValueAsString(slot);
        for (String raw : badJson(prop)) {
          // spliced as text: some values (2000 nested arrays) are more than Jackson itself would build
          out.add(new Case("body " + e.getKey() + "=" + show(raw), validPath, "application/json",
              utf8(template.replace("\"" + SLOT + "\"", raw))));
        }
        if (OpenApiDoc.required(schema).contains(e.getKey())) {
          out.add(new Case("body " + e.getKey() + " missing", validPath, "application/json",
              bytes(base.deepCopy().without(e.getKey()))));
          ObjectNode b = base.deepCopy();
          b.putNull(e.getKey());
          out.add(new Case("body " + e.getKey() + "=null", validPath, "application/json", bytes(b)));
        }
      }
      String valid = JSON.writeValueAsString(base);
      for (String whole : List.of("", "null", "[]", "[" + valid + "]", "\"" + valid.replace("\"", "\\\"") + "\"", "42",
          "{", valid.substring(0, valid.length() - 1), valid + "}", "[".repeat(5000) + "]".repeat(5000),
          "{\"a\":".repeat(3000) + "1" + "}".repeat(3000))) {
        out.add(new Case("whole body " + show(whole), validPath, "application/json", utf8(whole)));
      }
      out.add(new Case("invalid UTF-8", validPath, "application/json",
          concat(utf8("{\"" + OpenApiDoc.properties(schema).keySet().iterator().next() + "\":\""),
              new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xed, (byte) 0xa0, (byte) 0x80}, utf8("\"}"))));
      out.add(new Case(OVERSIZED, validPath, "application/json",
          utf8("{\"pad\":\"" + "x".repeat(5 * 1024 * 1024 + 1) + "\"}")));
      for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x", "application/json-patch+json")) {
        out.add(new Case("content type " + type, validPath, type, bytes(base)));
      }
    }
    return out;
  }

  /** Bad values of a parameter, as they would be written in the URL (encoded later). */
  private static List<String> badValues(Map<String, Object> schema) {
    List<String> out = new ArrayList<>(NOT_AN_ID);
    String type = String.valueOf(schema.get("type"));
    if (type.equals("integer") || type.equals("number")) {
      out.addAll(List.of("4294967297", "-4294967297", "9223372036854775808", "1e309", "-0", "1.5", "NaN", "0x10"));
      if (schema.get("minimum") instanceof Number min) out.add(String.valueOf(min.longValue() - 1));
      if (schema.get("maximum") instanceof Number max) out.add(String.valueOf(max.longValue() + 1));
    }
    return out;
  }

  /** Bad JSON values for a body property, from its schema. */
  private static List<String> badJson(Map<String, Object> prop) throws Exception {
    List<String> out = new ArrayList<>();
    String type = String.valueOf(prop.get("type"));
    String deep = "[".repeat(2000) + "]".repeat(2000);
    switch (type) {
      case "string" -> {
        out.addAll(List.of("123", "true", "[]", "{}", "[\"math\"]", "1e309", deep));
        boolean free = !prop.containsKey("enum") && !prop.containsKey("format") && !prop.containsKey("pattern");
        for (String s : free ? BAD_TEXT : NOT_AN_ID) out.add(JSON.writeValueAsString(s));
        if (prop.get("maxLength") instanceof Number max) out.add(JSON.writeValueAsString("y".repeat(max.intValue() + 1)));
        else if (free) out.add(JSON.writeValueAsString(HUGE));
        if (prop.get("minLength") instanceof Number min && min.intValue() > 1) {
          out.add(JSON.writeValueAsString("y".repeat(min.intValue() - 1)));
        }
      }
      case "integer", "number" -> {
        out.addAll(List.of("\"1\"", "true", "[]", "{}", "[1]", "4294967297", "-4294967297", "9223372036854775808",
            "1e309", "-1e309", "99999999999999999999999999999999999", deep));
        if (type.equals("integer")) out.add("1.5");
        if (prop.get("minimum") instanceof Number min) {
          out.add(String.valueOf(min.longValue() - 1));
          if (min.longValue() > 0) out.add("-0");
        }
        if (prop.get("maximum") instanceof Number max) out.add(String.valueOf(max.longValue() + 1));
      }
      case "boolean" -> out.addAll(List.of("\"true\"", "1", "0", "[]", "{}", "[true]"));
      case "array" -> {
        out.addAll(List.of("\"x\"", "{}", "1", "[null]", "[1]", "[[]]", "[{}]", deep));
        out.add("[" + "\"z\",".repeat(10_000) + "\"z\"]");
        out.add("[\"a\\u0000b\"]");
        out.add("[\"\\ud800\"]");
      }
      case "object" -> out.addAll(List.of("[]", "\"x\"", "1", deep));
      default -> out.addAll(List.of("\"x\"", "[]", "{}", "true", "4294967297", "1e309", "-1e309", deep));
    }
    return out;
  }

  /** A body the schema accepts (required fields only), with real ids of the demo accounts. */
  private ObjectNode validObject(Map<String, Object> schema) {
    ObjectNode o = NODES.objectNode();
    var props = OpenApiDoc.properties(schema);
    for (String name : OpenApiDoc.required(schema)) {
      Map<String, Object> p = api.resolve(props.getOrDefault(name, Map.of()));
      o.set(name, JSON.valueToTree(validValue(name, p)));
    }
    return o;
  }

  private Object validValue(String name, Map<String, Object> p) {
    if (p.get("enum") instanceof List<?> values) return values.get(0);
    String format = String.valueOf(p.get("format"));
    return switch (String.valueOf(p.get("type"))) {
      case "integer" -> p.get("minimum") instanceof Number min ? Math.max(min.longValue(), 1) : 1;
      case "number" -> 1;
      case "boolean" -> false;
      case "array" -> List.of("4");
      case "string" -> switch (format) {
        case "uuid" -> ids.getOrDefault(name, UUID.randomUUID().toString());
        case "date-time" -> Instant.now().toString();
        case "uri" -> "https://example.org/transcript";
        default -> name.equals("email") ? "hostile@example.org" : name.equals("password") ? "long enough password" : "text";
      };
      default -> 4;
    };
  }

  /** The operation's URL with valid parameters, {@code bad} replaced by {@code value} (null: left out). */
  private String path(Operation op, List<Param> params, Param bad, String value) {
    String path = op.path();
    StringBuilder query = new StringBuilder();
    for (Param p : params) {
      String v = p == bad ? value : String.valueOf(validParam(p));
      if (p.in().equals("path")) path = path.replace("{" + p.name() + "}", encode(v));
      else if (p.in().equals("query") && v != null && (p.required() || p == bad)) {
        query.append(query.length() == 0 ? "?" : "&").append(p.name()).append('=').append(encode(v));
      }
    }
    return path + query;
  }

  private Object validParam(Param p) {
    if (p.name().equals("token")) return "A".repeat(22);
    return validValue(p.name(), p.schema());
  }

  private HttpResponse<String> send(Operation op, Case c, String token) throws Exception {
    sent++;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.app().port() + c.path()))
        .timeout(Duration.ofSeconds(30));
    if (token != null) b.header("Authorization", "Bearer " + token);
    byte[] body = c.body() == null ? new byte[0] : c.body();
    if (c.body() != null) b.header("Content-Type", c.contentType() == null ? "application/json" : c.contentType());
    if (api.params(op).stream().anyMatch(p -> p.name().equals("X-Elevare-Signature"))) sign(b, body);
    b.method(op.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Signed as the Rails webhook signs, so that the hostile body reaches validation. */
  private static void sign(HttpRequest.Builder b, byte[] body) throws Exception {
    String ts = String.valueOf(Instant.now().getEpochSecond());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(TestApp.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update(utf8(ts + "."));
    StringBuilder hex = new StringBuilder();
    for (byte x : mac.doFinal(body)) hex.append(String.format("%02x", x));
    b.header("X-Elevare-Timestamp", ts).header("X-Elevare-Signature", "sha256=" + hex);
  }

  /** Every table's row count and content digest: what a refused request must leave alone. */
  private Map<String, String> snapshot() throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(app.dbUrl(), "postgres", "");
        ResultSet tables = c.createStatement().executeQuery(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
      List<String> names = new ArrayList<>();
      while (tables.next()) names.add(tables.getString(1));
      for (String t : names) {
        if (VOLATILE.matcher(t).matches()) continue;
        try (ResultSet rs = c.createStatement().executeQuery(
            "SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM \"" + t + "\" x")) {
          rs.next();
          out.put(t, rs.getString(1));
        }
      }
    }
    return out;
  }

  private static String encode(String v) {
    return v == null ? null : URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static byte[] bytes(ObjectNode o) throws Exception {
    return JSON.writeValueAsBytes(o);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] out = new byte[n];
    int i = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, i, p.length);
      i += p.length;
    }
    return out;
  }

  /** Control characters and surrogates escaped, so that a report (XML) shows the whole message. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().forEach(ch -> b.append(ch >= 0x20 && ch < 0x7f ? String.valueOf((char) ch) : String.format("\\u%04x", ch)));
    return b.toString();
  }

  private static String show(String s) {
    return abbreviate(s.replace("\u0000", "\\0").replace("\r", "\\r").replace("\n", "\\n"));
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 40) + "…(" + s.length() + " chars)";
  }
}
