package ai.elevare.http;

import ai.elevare.http.auth.Access;
import ai.elevare.account.User;
import ai.elevare.account.UserDirectory;
import ai.elevare.tutor.ThreadStore;
import ai.elevare.practice.BankItem;
import ai.elevare.practice.ItemCatalog;
import ai.elevare.practice.Subjects;
import ai.elevare.rating.Elo;
import ai.elevare.student.StudentEntity;
import ai.elevare.student.StudentEntity.OverrideReply;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * POST /overrides: a linked tutor or an admin overrules the AI. The override is a command to the
 * student's entity, persisted before the reply, so the very next read shows it.
 */
public final class OverrideRoutes extends ApiSupport {
  private static final Set<String> KINDS = Set.of("rating", "difficulty", "assignment", "goal_progress");
  private final StudentGateway students;
  private final Access access;
  private final ItemCatalog catalog;
  private final GoalRoutes goals;
  private final ThreadStore threads;
  private final UserDirectory users;

  public OverrideRoutes(
      ApiContext ctx, StudentGateway students, Access access, ItemCatalog catalog, GoalRoutes goals,
      ThreadStore threads, UserDirectory users) {
    super(ctx);
    this.goals = goals;
    this.threads = threads;
    this.users = users;
    this.students = students;
    this.access = access;
    this.catalog = catalog;
  }

  public record OverrideJson(
      String overrideId, boolean applied, String kind, String before, String after, String threadId) {}

  public Route route(User user) {
    return path("overrides", () -> post(() -> jsonBody(f -> override(user, f))));
  }

  private Route override(User user, Fields f) {
    Access.requireRole(user, "tutor", "admin");
    String studentId = f.uuid("student_id", true);
    String kind = f.oneOf("kind", true, KINDS);
    String subject = f.oneOf("subject", false, Set.copyOf(Subjects.ALL));
    String reason = f.string("reason", true, 1000);
    JsonNode value = f.raw("value");
    if (value == null || value.isNull()) f.error("value", "is required");
    Boolean openThread = f.bool("open_thread", false);
    if (kind != null && value != null && !value.isNull()) {
      switch (kind) {
        case "rating" -> {
          if (!value.isNumber() || value.asDouble() < Elo.MIN_RATING || value.asDouble() > Elo.MAX_RATING) {
            f.error("value", "must be a rating between 400 and 2000");
          }
          if (subject == null) f.error("subject", "is required for this kind");
        }
        case "difficulty" -> {
          if (!value.isIntegralNumber() || value.asInt() < 1 || value.asInt() > 10) {
            f.error("value", "must be a difficulty between 1 and 10");
          }
          if (subject == null) f.error("subject", "is required for this kind");
        }
        case "assignment" -> {
          if (!value.isTextual()) f.error("value", "must be the id of a bank item");
        }
        default -> {
          if (!value.isIntegralNumber() || value.asInt() < 0 || value.asInt() > 10_000) {
            f.error("value", "must be the goal's progress, 0..10000");
          }
        }
      }
    }
    String goalId = "goal_progress".equals(kind) ? f.uuid("goal_id", true) : null;
    f.validate();
    String overrideId = UUID.randomUUID().toString();
    return onSuccess(
        offload(
            () -> {
              User student = access.requireStudent(user, studentId, Access.Mode.WRITE);
              if (goalId != null && !studentId.equals(goals.studentOfGoal(goalId).orElse(null))) {
                throw ApiException.badRequest("goal_id", "no such goal for this student");
              }
              return student;
            }),
        student -> {
          if (kind.equals("goal_progress")) {
            return reply(
                new Done(kind, user, studentId, subject, reason, Boolean.TRUE.equals(openThread)),
                students.ask(
                    studentId,
                    r -> new StudentEntity.OverrideGoalProgress(overrideId, goalId, value.asInt(), user.id(), reason, r)));
          }
          if (kind.equals("assignment")) {
            BankItem item =
                catalog
                    .get(value.asText())
                    .orElseThrow(() -> ApiException.badRequest("value", "no bank item with this id"));
            if (subject != null && !subject.equals(item.subject())) {
              throw ApiException.badRequest("subject", "the item belongs to " + item.subject());
            }
            return reply(
                new Done(kind, user, studentId, subject, reason, Boolean.TRUE.equals(openThread)),
                students.ask(
                    studentId,
                    r ->
                        new StudentEntity.QueueAssignment(
                            overrideId, item.subject(), item.toQuestion(), catalog.rating(item.id()),
                            user.id(), reason, r)));
          }
          return reply(
              new Done(kind, user, studentId, subject, reason, Boolean.TRUE.equals(openThread)),
              students.ask(
                  studentId,
                  r ->
                      new StudentEntity.OverrideRating(
                          overrideId, kind, subject, value.asDouble(), user.id(), reason, r)));
        });
  }

  /** What the reply needs besides the entity's answer. */
  private record Done(String kind, User tutor, String studentId, String subject, String reason, boolean openThread) {}

  private Route reply(Done d, java.util.concurrent.CompletionStage<OverrideReply> future) {
    return onSuccess(
        future.thenCompose(
            reply -> {
              if (reply instanceof StudentEntity.Rejected rej) throw StudentGateway.problem(rej);
              StudentEntity.OverrideApplied a = (StudentEntity.OverrideApplied) reply;
              if (!d.openThread()) {
                return java.util.concurrent.CompletableFuture.completedFuture(
                    new OverrideJson(a.overrideId(), true, d.kind(), a.before(), a.after(), null));
              }
              // The override is stored; the thread tells the student why.
              return offload(
                  () -> {
                    String tutorId =
                        d.tutor().is("tutor")
                            ? d.tutor().id()
                            : users.tutorsOf(d.studentId()).stream().findFirst().orElse(null);
                    ThreadStore.Thread t =
                        threads.open(
                            d.studentId(), tutorId, d.subject(), "Your tutor changed your " + d.kind().replace('_', ' '),
                            "override", null, d.tutor().id(), d.reason());
                    return new OverrideJson(a.overrideId(), true, d.kind(), a.before(), a.after(), t.id());
                  });
            }),
        this::json);
  }
}
