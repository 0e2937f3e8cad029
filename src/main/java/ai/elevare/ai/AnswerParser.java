package ai.elevare.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads the model's structured answer ({@code answer, overview, self_assessment, completeness})
 * defensively. Anything we cannot trust is a {@link AiFailure.Kind#MALFORMED} failure, which sends
 * the call to the fallback instead of showing the student half an answer.
 */
public final class AnswerParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AnswerParser() {}

  /** The JSON Schema we ask for; also spelled out in the system prompt for json_object servers. */
  public static ObjectNode schema() {
    ObjectNode s = JSON.createObjectNode();
    s.put("type", "object");
    ObjectNode props = s.putObject("properties");
    props.putObject("answer").put("type", "string");
    props.putObject("overview").put("type", "string");
    props.putObject("self_assessment").put("type", "number");
    props.putObject("completeness").put("type", "number");
    s.putArray("required").add("answer").add("overview").add("self_assessment").add("completeness");
    s.put("additionalProperties", false);
    return s;
  }

  /**
   * Parses {@code content} into an answer of {@code provider}.
   *
   * @throws AiFailure MALFORMED when the content is not a JSON object with a non-blank answer and a
   *     numeric self-assessment
   */
  public static AiAnswer parse(String content, String provider) {
    if (content == null || content.isBlank()) {
      throw malformed("empty content", null);
    }
    JsonNode root;
    try {
      root = JSON.readTree(stripFences(content));
    } catch (IOException e) {
      throw malformed("content is not JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw malformed("content is not a JSON object", null);
    }
    JsonNode answer = root.get("answer");
    if (answer == null || !answer.isTextual() || answer.asText().isBlank()) {
      throw malformed("no answer text", null);
    }
    double self = fraction(root.get("self_assessment"));
    if (Double.isNaN(self)) {
      throw malformed("no usable self_assessment", null);
    }
    double completeness = fraction(root.get("completeness"));
    JsonNode ov = root.get("overview");
    String overview =
        ov != null && ov.isTextual() && !ov.asText().isBlank()
            ? ov.asText().trim()
            : firstSentence(answer.asText());
    return new AiAnswer(
        answer.asText().trim(),
        overview,
        self,
        // a missing completeness is not worth discarding a good answer: assume half
        Double.isNaN(completeness) ? 0.5 : completeness,
        provider,
        false);
  }

  /** A number in 0..1; percentages (0..100) and numeric strings are accepted; NaN otherwise. */
  static double fraction(JsonNode n) {
    if (n == null || n.isNull()) {
      return Double.NaN;
    }
    double v;
    if (n.isNumber()) {
      v = n.asDouble();
    } else if (n.isTextual()) {
      String t = n.asText().trim().replace("%", "");
      try {
        v = Double.parseDouble(t);
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    } else {
      return Double.NaN;
    }
    if (Double.isNaN(v) || Double.isInfinite(v) || v < 0 || v > 100) {
      return Double.NaN;
    }
    return v > 1 ? v / 100.0 : v;
  }

  /** Some models wrap JSON in a Markdown code fence even when told not to. */
  static String stripFences(String s) {
    String t = s.trim();
    if (t.startsWith("```")) {
      int nl = t.indexOf('\n');
      int end = t.lastIndexOf("```");
      if (nl > 0 && end > nl) {
        return t.substring(nl + 1, end).trim();
      }
    }
    return t;
  }

  static String firstSentence(String text) {
    String t = text.trim();
    int cut = -1;
    for (int i = 0; i < t.length() - 1; i++) {
      char c = t.charAt(i);
      if ((c == '.' || c == '!' || c == '?') && Character.isWhitespace(t.charAt(i + 1))) {
        cut = i + 1;
        break;
      }
    }
    String first = cut > 0 ? t.substring(0, cut) : t;
    return first.length() > 300 ? first.substring(0, 297) + "..." : first;
  }

  private static AiFailure malformed(String why, Throwable cause) {
    return new AiFailure(
        AiFailure.Kind.MALFORMED, 0, null, "malformed model output: " + why, cause);
  }
}
