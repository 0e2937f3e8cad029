package ai.elevare.practice;

import ai.elevare.core.Jdbc;
import ai.elevare.practice.math.MathAnswerChecker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Tutor- and admin-authored bank items: answers that the checker cannot read are refused. */
public final class ItemAuthoring {
  private final Jdbc jdbc;
  private final ItemCatalog catalog;
  private final MathAnswerChecker math;

  public ItemAuthoring(Jdbc jdbc, ItemCatalog catalog, MathAnswerChecker math) {
    this.jdbc = jdbc;
    this.catalog = catalog;
    this.math = math;
  }

  /** A problem with one field of a new item. */
  public record Problem(String field, String message) {}

  /** Problems with the answers of a well-formed item; empty when it can be stored. */
  public List<Problem> check(BankItem item) {
    List<Problem> problems = new ArrayList<>();
    switch (item.answerFormat()) {
      case "choice" -> {
        if (item.choices().size() < 2) problems.add(new Problem("choices", "needs at least 2 choices"));
        for (String a : item.answers()) {
          if (item.choices().stream().noneMatch(c -> c.trim().equalsIgnoreCase(a.trim()))) {
            problems.add(new Problem("answers", "\"" + a + "\" is not one of the choices"));
          }
        }
      }
      case "number", "expression", "roots" -> {
        for (String a : item.answers()) {
          Optional<String> err = math.validateAnswer(item.answerFormat(), a);
          err.ifPresent(e -> problems.add(new Problem("answers", "\"" + a + "\": " + e)));
        }
      }
      default -> {}
    }
    if (!item.answerFormat().equals("choice") && !item.choices().isEmpty()) {
      problems.add(new Problem("choices", "only choice items have choices"));
    }
    return problems;
  }

  public BankItem add(BankItem draft, String createdBy) {
    BankItem item =
        new BankItem(
            UUID.randomUUID().toString(), draft.subject(), draft.topic().toLowerCase(Locale.ROOT).trim(),
            draft.prompt(), draft.answerFormat(), draft.choices(), draft.answers(), draft.hint(),
            draft.explanation(), draft.expectedTimeMs(), draft.difficulty());
    jdbc.update(
        "INSERT INTO items (id, subject, topic, prompt, answer_format, choices, answers, hint,"
            + " explanation, expected_time_ms, difficulty, created_by, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        item.id(), item.subject(), item.topic(), item.prompt(), item.answerFormat(),
        ItemCatalog.toJson(item.choices()), ItemCatalog.toJson(item.answers()), item.hint(),
        item.explanation(), item.expectedTimeMs(), item.difficulty(), createdBy, Instant.now());
    catalog.added(item);
    return item;
  }
}
