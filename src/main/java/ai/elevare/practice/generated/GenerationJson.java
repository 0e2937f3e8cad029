package ai.elevare.practice.generated;

import ai.elevare.practice.BankItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The structured output asked of a model for one practice item, its JSON schema, a strict reader,
 * and the batch format a generation call answers with (items that passed their checks, and the
 * reasons others were discarded).
 */
public final class GenerationJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Set<String> FORMATS = Set.of("number", "expression", "choice", "text");

  private GenerationJson() {}

  /** A candidate from a writer, before it is stored. */
  public record Candidate(BankItem item, String origin, String sourceItemId, boolean verified) {}

  /** What one generation call produced. */
  public record Batch(List<Candidate> items, List<String> discarded) {}

  /** Strict structured output: every key required, no others. */
  public static ObjectNode itemSchema() {
    ObjectNode s = JSON.createObjectNode();
    s.put("type", "object");
    ObjectNode p = s.putObject("properties");
    p.putObject("topic").put("type", "string");
    p.putObject("prompt").put("type", "string");
    ObjectNode format = p.putObject("answer_format");
    format.put("type", "string");
    format.putArray("enum").add("number").add("expression").add("choice").add("text");
    p.putObject("choices").put("type", "array").putObject("items").put("type", "string");
    p.putObject("answer").put("type", "string");
    p.putObject("accepted_forms").put("type", "array").putObject("items").put("type", "string");
    p.putObject("hint").put("type", "string");
    p.putObject("explanation").put("type", "string");
    p.putObject("difficulty").put("type", "integer");
    ArrayNode req = s.putArray("required");
    p.fieldNames().forEachRemaining(req::add);
    s.put("additionalProperties", false);
    return s;
  }

  public static ObjectNode blindSchema() {
    ObjectNode s = JSON.createObjectNode();
    s.put("type", "object");
    s.putObject("properties").putObject("answer").put("type", "string");
    s.putArray("required").add("answer");
    s.put("additionalProperties", false);
    return s;
  }

  /**
   * Reads a model's item; anything missing, of the wrong type or out of range is refused with the
   * reason, so a malformed answer never reaches the pool.
   */
  public static BankItem parseItem(String text, String subject, int expectedTimeMs) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (n == null || !n.isObject()) throw new IllegalArgumentException("not a JSON object");
    String prompt = text(n, "prompt", 4000);
    String format = text(n, "answer_format", 16);
    if (!FORMATS.contains(format)) throw new IllegalArgumentException("unknown answer_format " + format);
    String answer = text(n, "answer", 500);
    Set<String> answers = new LinkedHashSet<>();
    answers.add(answer);
    for (JsonNode a : n.path("accepted_forms")) if (a.isTextual() && !a.asText().isBlank()) answers.add(a.asText().trim());
    List<String> choices = new ArrayList<>();
    for (JsonNode c : n.path("choices")) if (c.isTextual() && !c.asText().isBlank()) choices.add(c.asText().trim());
    if (format.equals("choice")) {
      if (choices.size() < 2) throw new IllegalArgumentException("a choice item needs choices");
      if (choices.stream().noneMatch(c -> c.equalsIgnoreCase(answer))) throw new IllegalArgumentException("the answer is not a choice");
      answers.removeIf(a -> choices.stream().noneMatch(c -> c.equalsIgnoreCase(a)));
    } else {
      choices.clear();
    }
    int difficulty = n.path("difficulty").asInt(0);
    if (difficulty < 1 || difficulty > 10) throw new IllegalArgumentException("difficulty out of 1..10");
    return new BankItem(
        null, subject, text(n, "topic", 100).toLowerCase(java.util.Locale.ROOT), prompt, format, choices,
        List.copyOf(answers), text(n, "hint", 2000), text(n, "explanation", 4000), expectedTimeMs, difficulty);
  }

  public static String parseBlind(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      return text(n, "answer", 500);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException("not JSON");
    }
  }

  private static String text(JsonNode n, String field, int max) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) throw new IllegalArgumentException("missing " + field);
    String s = v.asText().trim();
    if (s.length() > max) throw new IllegalArgumentException(field + " is too long");
    return s;
  }

  public static String write(Batch batch) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode items = root.putArray("items");
    for (Candidate c : batch.items()) {
      BankItem i = c.item();
      ObjectNode o = items.addObject();
      o.put("subject", i.subject()).put("topic", i.topic()).put("prompt", i.prompt()).put("answer_format", i.answerFormat());
      i.choices().forEach(o.putArray("choices")::add);
      i.answers().forEach(o.putArray("answers")::add);
      o.put("hint", i.hint()).put("explanation", i.explanation()).put("expected_time_ms", i.expectedTimeMs())
          .put("difficulty", i.difficulty()).put("origin", c.origin()).put("source_item_id", c.sourceItemId())
          .put("verified", c.verified());
    }
    batch.discarded().forEach(root.putArray("discarded")::add);
    return root.toString();
  }

  public static Batch read(String text) {
    try {
      JsonNode root = JSON.readTree(text);
      List<Candidate> out = new ArrayList<>();
      for (JsonNode o : root.path("items")) {
        List<String> choices = new ArrayList<>();
        o.path("choices").forEach(c -> choices.add(c.asText()));
        List<String> answers = new ArrayList<>();
        o.path("answers").forEach(a -> answers.add(a.asText()));
        BankItem i =
            new BankItem(
                null, o.path("subject").asText(), o.path("topic").asText(), o.path("prompt").asText(),
                o.path("answer_format").asText(), choices, answers, o.path("hint").asText(),
                o.path("explanation").asText(), o.path("expected_time_ms").asInt(), o.path("difficulty").asInt());
        out.add(new Candidate(i, o.path("origin").asText(), o.path("source_item_id").isNull() ? null : o.path("source_item_id").asText(null), o.path("verified").asBoolean()));
      }
      List<String> discarded = new ArrayList<>();
      root.path("discarded").forEach(d -> discarded.add(d.asText()));
      return new Batch(out, discarded);
    } catch (Exception e) {
      throw new IllegalArgumentException("unreadable batch", e);
    }
  }
}
