package ai.elevare.http;

import ai.elevare.account.User;
import ai.elevare.http.auth.Access;
import ai.elevare.practice.BankItem;
import ai.elevare.practice.ItemCatalog;
import ai.elevare.practice.Subjects;
import ai.elevare.rating.Elo;
import ai.elevare.student.StudentCommand;
import ai.elevare.student.StudentReply;
import ai.elevare.student.StudentReply.OverrideApplied;
import ai.elevare.student.StudentReply.OverrideReply;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * POST /overrides: a linked tutor or an admin overrules the AI. The override is one command to the
 * student's entity, persisted before the reply (and, with open_thread, the thread telling the
 * student why is open before it), so the very next read shows it.
 */
public final class OverrideRoutes extends ApiSupport {
  private static final Set<String> KINDS = Set.of("rating", "difficulty", "assignment", "goal_progress");
  private static final Set<String> SUBJECTS = Set.copyOf(Subjects.ALL);
  private final StudentGateway students;
  private final Access access;
  private final ItemCatalog catalog;

  public OverrideRoutes(ApiContext ctx, StudentGateway students, Access access, ItemCatalog catalog) {
    super(ctx);
    this.students = students;
    this.access = access;
    this.catalog = catalog;
  }

  public record OverrideJson(
      String overrideId, boolean applied, String kind, String before, String after, String threadId) {}

  public Route route() {
    return path("overrides", () -> post(() -> jsonBody(f -> user(u -> override(u, f)))));
  }

  private Route override(User user, Fields f) {
    Access.requireRole(user, "tutor", "admin");
    String studentId = f.uuid("student_id", true);
    String kind = f.oneOf("kind", true, KINDS);
    String subject = f.oneOf("subject", false, SUBJECTS);
    String reason = f.string("reason", true, 1000);
    JsonNode value = f.raw("value");
    if (value == null || value.isNull()) f.error("value", "is required");
    boolean thread = Boolean.TRUE.equals(f.bool("open_thread", false));
    if (kind != null && value != null && !value.isNull()) {
      switch (kind) {
        case "rating" -> {
          f.numberIn("value", value, Elo.MIN_RATING, Elo.MAX_RATING, "must be a rating between 400 and 2000");
          if (subject == null) f.error("subject", "is required for this kind");
        }
        case "difficulty" -> {
          f.intIn("value", value, 1, 10, "must be a difficulty between 1 and 10");
          if (subject == null) f.error("subject", "is required for this kind");
        }
        case "assignment" -> {
          if (!value.isTextual() || value.asText().length() > 64) f.error("value", "must be the id of a bank item");
        }
        default -> f.intIn("value", value, 0, 10_000, "must be the goal's progress, 0..10000");
      }
    }
    String goalId = "goal_progress".equals(kind) ? f.uuid("goal_id", true) : null;
    f.validate();
    String overrideId = UUID.randomUUID().toString();
    Function<ActorRef<OverrideReply>, StudentCommand> command =
        switch (kind) {
          case "goal_progress" ->
              r -> new StudentCommand.OverrideGoalProgress(overrideId, goalId, value.asInt(), user.id(), reason, thread, r);
          case "assignment" -> {
            BankItem item =
                catalog.get(value.asText()).orElseThrow(() -> ApiException.badRequest("value", "no bank item with this id"));
            if (!catalog.inService(item.id())) {
              throw ApiException.badRequest("value", "the item is out of service (flagged by a student, or retired)");
            }
            if (subject != null && !subject.equals(item.subject())) {
              throw ApiException.badRequest("subject", "the item belongs to " + item.subject());
            }
            yield r ->
                new StudentCommand.QueueAssignment(
                    overrideId, item.subject(), item.toQuestion(), catalog.rating(item.id()), user.id(), reason, thread, r);
          }
          default ->
              r -> new StudentCommand.OverrideRating(overrideId, kind, subject, value.asDouble(), user.id(), reason, thread, r);
        };
    return onSuccess(
        requireStudent(access, user, studentId, Access.Mode.WRITE),
        student ->
            onSuccess(
                students.<OverrideReply>ask(studentId, command),
                reply -> {
                  if (reply instanceof StudentReply.Rejected rej) {
                    // The entity knows the student's goals: an unknown one is a bad field, as before.
                    if (goalId != null && rej.reason() == StudentReply.Reason.NOT_FOUND) {
                      throw ApiException.badRequest("goal_id", "no such goal for this student");
                    }
                    throw StudentGateway.problem(rej);
                  }
                  OverrideApplied a = (OverrideApplied) reply;
                  return json(new OverrideJson(a.overrideId(), true, kind, a.before(), a.after(), a.threadId()));
                }));
  }
}
