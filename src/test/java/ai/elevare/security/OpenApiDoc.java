package ai.elevare.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The operations of docs/openapi.yaml, read at test time so that a route documented later is
 * covered by the hostile-input suite and forces a row in the role matrix.
 */
final class OpenApiDoc {
  private static final List<String> METHODS = List.of("get", "put", "post", "patch", "delete");
  private final Map<String, Object> doc;

  /** One documented operation: its method, path template and its piece of the document. */
  record Operation(String method, String path, Map<String, Object> spec) {
    String key() {
      return method + " " + path;
    }

    boolean isPublic() {
      Object s = spec.get("security");
      return s instanceof List<?> l && l.isEmpty();
    }

    boolean streams() {
      return String.valueOf(spec.get("responses")).contains("text/event-stream");
    }
  }

  /** A parameter (path, query or header) with its resolved schema. */
  record Param(String name, String in, boolean required, Map<String, Object> schema) {}

  private OpenApiDoc(Map<String, Object> doc) {
    this.doc = doc;
  }

  static OpenApiDoc load() throws Exception {
    return new OpenApiDoc(new Yaml().load(Files.readString(Path.of("docs/openapi.yaml"))));
  }

  @SuppressWarnings("unchecked")
  List<Operation> operations() {
    List<Operation> ops = new ArrayList<>();
    var paths = (Map<String, Map<String, Object>>) doc.get("paths");
    paths.forEach((path, item) -> item.forEach((method, spec) -> {
      if (METHODS.contains(method)) ops.add(new Operation(method.toUpperCase(), path, (Map<String, Object>) spec));
    }));
    return ops;
  }

  @SuppressWarnings("unchecked")
  List<Param> params(Operation op) {
    List<Param> out = new ArrayList<>();
    for (Object o : (List<Object>) op.spec().getOrDefault("parameters", List.of())) {
      var p = (Map<String, Object>) o;
      out.add(new Param((String) p.get("name"), (String) p.get("in"), Boolean.TRUE.equals(p.get("required")),
          resolve((Map<String, Object>) p.getOrDefault("schema", Map.of()))));
    }
    return out;
  }

  /** The application/json request body schema, resolved, or null when the operation takes none. */
  @SuppressWarnings("unchecked")
  Map<String, Object> body(Operation op) {
    var rb = (Map<String, Object>) op.spec().get("requestBody");
    if (rb == null) return null;
    var json = (Map<String, Object>) ((Map<String, Object>) rb.get("content")).get("application/json");
    return json == null ? null : resolve((Map<String, Object>) json.get("schema"));
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> resolve(Map<String, Object> schema) {
    Object ref = schema.get("$ref");
    if (ref == null) return schema;
    Object node = doc;
    for (String part : ((String) ref).substring(2).split("/")) node = ((Map<String, Object>) node).get(part);
    return resolve((Map<String, Object>) node);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> properties(Map<String, Object> schema) {
    return (Map<String, Map<String, Object>>) schema.getOrDefault("properties", Map.of());
  }

  @SuppressWarnings("unchecked")
  static List<String> required(Map<String, Object> schema) {
    return (List<String>) schema.getOrDefault("required", List.of());
  }
}
