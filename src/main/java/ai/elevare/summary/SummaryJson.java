package ai.elevare.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The structured output a model is asked for, its JSON schema, and a forgiving reader of what
 * models actually send: code fences, text around the object, camelCase or synonym keys, topics as
 * objects, a narrative as a list of paragraphs or with bullet marks. What cannot be read as a
 * narrative with at least one topic is {@link IllegalArgumentException}, which the caller treats
 * as a malformed answer (retried, then the local summarizer answers).
 */
public final class SummaryJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_TOPICS = 8;
  private static final int MAX_STEPS = 6;

  private SummaryJson() {}

  /** The JSON schema of the answer (strict structured output: every key required, no others). */
  public static ObjectNode schema() {
    ObjectNode s = JSON.createObjectNode();
    s.put("type", "object");
    ObjectNode props = s.putObject("properties");
    props.putObject("narrative").put("type", "string");
    ObjectNode topics = props.putObject("key_topics");
    topics.put("type", "array");
    topics.putObject("items").put("type", "string");
    ObjectNode steps = props.putObject("next_steps");
    steps.put("type", "array");
    steps.putObject("items").put("type", "string");
    ArrayNode required = s.putArray("required");
    required.add("narrative").add("key_topics").add("next_steps");
    s.put("additionalProperties", false);
    return s;
  }

  public static String write(SummaryContent c) {
    ObjectNode o = JSON.createObjectNode();
    o.put("narrative", c.narrative());
    c.keyTopics().forEach(o.putArray("key_topics")::add);
    c.nextSteps().forEach(o.putArray("next_steps")::add);
    return o.toString();
  }

  public static SummaryContent parse(String text) {
    if (text == null) throw new IllegalArgumentException("no answer");
    String t = text.strip();
    int open = t.indexOf('{');
    int close = t.lastIndexOf('}');
    if (open < 0 || close <= open) throw new IllegalArgumentException("no JSON object in the answer");
    JsonNode node;
    try {
      node = JSON.readTree(t.substring(open, close + 1));
    } catch (Exception e) {
      throw new IllegalArgumentException("the answer is not valid JSON");
    }
    if (node.has("summary") && node.get("summary").isObject()) node = node.get("summary");
    String narrative = narrative(first(node, "narrative", "summary", "overview", "text"));
    List<String> topics = strings(first(node, "key_topics", "keyTopics", "topics", "key_points"), MAX_TOPICS);
    List<String> steps = strings(first(node, "next_steps", "nextSteps", "action_items", "homework"), MAX_STEPS);
    if (narrative.isBlank()) throw new IllegalArgumentException("the answer has no narrative");
    if (topics.isEmpty()) throw new IllegalArgumentException("the answer names no topics");
    return new SummaryContent(narrative, topics, steps);
  }

  private static JsonNode first(JsonNode node, String... keys) {
    for (String k : keys) {
      JsonNode v = node.get(k);
      if (v != null && !v.isNull()) return v;
    }
    return null;
  }

  /** Paragraphs as prose: list entries become paragraphs, bullet marks are dropped. */
  private static String narrative(JsonNode v) {
    if (v == null) return "";
    List<String> paragraphs = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode p : v) if (p.isTextual()) paragraphs.add(p.asText());
    } else if (v.isTextual()) {
      paragraphs.addAll(List.of(v.asText().split("\\n\\s*\\n")));
    }
    List<String> out = new ArrayList<>();
    for (String p : paragraphs) {
      StringBuilder b = new StringBuilder();
      for (String line : p.split("\\n")) {
        String l = line.strip().replaceFirst("^(?:[-*•·]|\\d+[.)])\\s+", "").replaceFirst("^#+\\s*", "");
        if (l.isEmpty()) continue;
        if (b.length() > 0) b.append(' ');
        b.append(l);
      }
      String s = b.toString().replace("**", "").strip();
      if (!s.isEmpty()) out.add(endSentence(s));
    }
    return String.join("\n\n", out);
  }

  private static List<String> strings(JsonNode v, int max) {
    Set<String> out = new LinkedHashSet<>();
    if (v == null) return List.of();
    List<JsonNode> items = new ArrayList<>();
    if (v.isArray()) v.forEach(items::add);
    else items.add(v);
    for (JsonNode i : items) {
      String s =
          i.isTextual() ? i.asText()
              : i.isObject() && first(i, "name", "topic", "title", "step", "text") != null
                  ? first(i, "name", "topic", "title", "step", "text").asText()
                  : null;
      if (s == null) continue;
      if (v.isTextual()) {
        for (String part : s.split("\\n|;")) add(out, part);
      } else {
        add(out, s);
      }
    }
    return out.stream().limit(max).toList();
  }

  private static void add(Set<String> out, String s) {
    String clean = s.strip().replaceFirst("^(?:[-*•·]|\\d+[.)])\\s+", "").strip();
    if (!clean.isEmpty() && out.stream().noneMatch(o -> o.toLowerCase(Locale.ROOT).equals(clean.toLowerCase(Locale.ROOT)))) {
      out.add(clean.length() > 300 ? clean.substring(0, 300) : clean);
    }
  }

  static String endSentence(String s) {
    char last = s.charAt(s.length() - 1);
    return last == '.' || last == '!' || last == '?' || last == '”' || last == '"' ? s : s + ".";
  }
}
