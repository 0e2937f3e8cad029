package ai.elevare.http;

import ai.elevare.http.auth.Access;
import ai.elevare.http.auth.TokenService;
import ai.elevare.account.User;
import ai.elevare.practice.BankItem;
import ai.elevare.practice.ItemAuthoring;
import ai.elevare.practice.Subjects;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** POST /items: tutors and admins add questions to the bank. */
public final class ItemRoutes extends ApiSupport {
  private static final Set<String> FORMATS = Set.of("number", "expression", "choice", "text", "roots");

  /** Said in every 400 about answer_format or answers: what each format takes. */
  static final String FORMS =
      "number: one value such as 42, -0.5 or 3/4; expression (math): one expression in x such as 6*x-4;"
          + " choice: the text of one or more of the choices; text: a short word or phrase;"
          + " roots (math): each answer lists all solutions, such as \"x = 2, x = -3\", \"{2, -3}\" or \"x = ±sqrt(2)\"";
  private final ItemAuthoring authoring;

  public ItemRoutes(ApiContext ctx, ItemAuthoring authoring) {
    super(ctx);
    this.authoring = authoring;
  }

  public Route route() {
    return path("items", () -> post(() -> user(u -> jsonBody(f -> add(u, f)))));
  }

  /** The part of {@link #FORMS} about one format. */
  static String formOf(String format) {
    for (String part : FORMS.split("; ")) {
      if (part.startsWith(format + ":") || part.startsWith(format + " ")) return part.substring(part.indexOf(':') + 2);
    }
    return FORMS;
  }

  private Route add(User user, Fields f) {
    Access.requireRole(user, "tutor", "admin");
    String subject = f.oneOf("subject", true, Set.copyOf(Subjects.ALL));
    String topic = f.string("topic", true, 100);
    String prompt = f.string("prompt", true, 4000);
    String format = f.has("answer_format") && f.raw("answer_format").isTextual() && !FORMATS.contains(f.raw("answer_format").asText())
        ? f.error("answer_format", "must be one of number, expression, choice, text, roots (" + FORMS + ")")
        : f.oneOf("answer_format", true, FORMATS);
    List<String> choices = f.strings("choices", "choice".equals(format), 8, 500, 4000);
    List<String> answers = f.strings("answers", true, 10, 500, 4000);
    String hint = f.string("hint", true, 2000);
    String explanation = f.string("explanation", true, 4000);
    Long expected = f.nonNegativeLong("expected_time_ms", true, 3_600_000L);
    Long difficulty = f.nonNegativeLong("difficulty", true, 10);
    if (answers != null && answers.isEmpty()) f.error("answers", "needs at least one answer");
    if (expected != null && expected < 1000) f.error("expected_time_ms", "must be at least 1000");
    if (difficulty != null && difficulty < 1) f.error("difficulty", "must be between 1 and 10");
    if (("expression".equals(format) || "roots".equals(format)) && subject != null && !subject.equals("math")) {
      f.error("answer_format", format + " answers are for math items");
    }
    f.validate();
    BankItem draft =
        new BankItem(
            null, subject, topic, prompt, format, choices == null ? List.of() : choices, answers, hint,
            explanation, expected.intValue(), difficulty.intValue());
    return onSuccess(
        offload(
            () -> {
              // The CAS reads math answers; an answer it cannot read is refused with 400.
              List<ItemAuthoring.Problem> problems = authoring.check(draft);
              if (!problems.isEmpty()) {
                throw ApiException.invalid(
                    problems.stream()
                        .map(p -> new ApiException.FieldError(p.field(), p.message() + " (" + format + " takes " + formOf(format) + ")"))
                        .toList());
              }
              return authoring.add(draft, user.id());
            }),
        stored -> json(StatusCodes.CREATED, Map.of("id", stored.id())));
  }
}
