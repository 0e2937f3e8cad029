package ai.elevare.http;

import ai.elevare.core.Jdbc;
import ai.elevare.http.auth.Access;
import ai.elevare.account.User;
import ai.elevare.practice.Subjects;
import ai.elevare.student.StudentEntity;
import ai.elevare.student.StudentEntity.GoalReply;
import ai.elevare.student.StudentState;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Goals: "reach N correct answers in a subject". Students set their own, linked tutors and admins
 * set them for a student; parents read. Progress moves with practice inside the student's actor.
 */
public final class GoalRoutes extends ApiSupport {
  private final StudentGateway students;
  private final Access access;
  private final Jdbc jdbc;

  public GoalRoutes(ApiContext ctx, StudentGateway students, Access access, Jdbc jdbc) {
    super(ctx);
    this.students = students;
    this.access = access;
    this.jdbc = jdbc;
  }

  public record GoalJson(
      String id, String studentId, String subject, String title, int target, int progress,
      String status, Instant createdAt, Instant completedAt) {
    static GoalJson of(String studentId, StudentState.Goal g) {
      return new GoalJson(g.goalId(), studentId, g.subject(), g.title(), g.target(), g.progress(),
          g.status(), g.createdAt(), g.completedAt());
    }
  }

  public Route route(User user) {
    return pathPrefix(
        "goals",
        () ->
            concat(
                pathEnd(
                    () ->
                        concat(
                            post(() -> jsonBody(f -> create(user, f))),
                            get(() -> parameterOptional("student_id", id -> list(user, id.orElse(null)))))),
                path(PathMatchers.segment(), goalId -> patch(() -> jsonBody(f -> update(user, goalId, f))))));
  }

  private Route create(User user, Fields f) {
    String studentId = f.uuid("student_id", true);
    String subject = f.oneOf("subject", true, Set.copyOf(Subjects.ALL));
    String title = f.string("title", true, 200);
    Long target = f.nonNegativeLong("target", true, 10_000);
    if (target != null && target < 1) f.error("target", "must be at least 1");
    f.validate();
    String goalId = UUID.randomUUID().toString();
    return onSuccess(
        offload(
            () -> {
              access.requireStudent(user, studentId, Access.Mode.WRITE);
              jdbc.update(
                  "INSERT INTO goal_index (goal_id, student_id, created_at) VALUES (?, ?, ?)",
                  goalId, studentId, Instant.now());
              return studentId;
            }),
        sid ->
            goalReply(
                sid, StatusCodes.CREATED,
                students.<GoalReply>ask(
                    sid,
                    r -> new StudentEntity.CreateGoal(goalId, subject, title.trim(), target.intValue(), user.id(), r))));
  }

  private Route list(User user, String studentIdParam) {
    if (studentIdParam == null) throw ApiException.badRequest("student_id", "is required");
    String studentId = Ids.uuid("student_id", studentIdParam);
    return onSuccess(
        offload(() -> access.requireStudent(user, studentId, Access.Mode.READ)),
        s ->
            onSuccess(
                students.<StudentEntity.GoalList>ask(studentId, StudentEntity.GetGoals::new),
                goals -> json(goals.goals().stream().map(g -> GoalJson.of(studentId, g)).toList())));
  }

  private Route update(User user, String goalIdParam, Fields f) {
    String goalId = Ids.uuid("goal_id", goalIdParam);
    String title = f.string("title", false, 200);
    Long target = f.nonNegativeLong("target", false, 10_000);
    String status = f.oneOf("status", false, Set.of("active", "archived"));
    if (target != null && target < 1) f.error("target", "must be at least 1");
    if (title != null && title.isBlank()) f.error("title", "must not be blank");
    f.validate();
    return onSuccess(
        offload(
            () -> {
              String studentId =
                  studentOfGoal(goalId).orElseThrow(() -> ApiException.notFound("No such goal."));
              access.requireStudent(user, studentId, Access.Mode.WRITE);
              return studentId;
            }),
        sid ->
            goalReply(
                sid, StatusCodes.OK,
                students.<GoalReply>ask(
                    sid,
                    r -> new StudentEntity.UpdateGoal(
                        goalId, title == null ? null : title.trim(), target == null ? null : target.intValue(),
                        status, user.id(), r))));
  }

  /** The student a goal belongs to, for routes that name only the goal. */
  public java.util.Optional<String> studentOfGoal(String goalId) {
    List<String> rows =
        jdbc.query("SELECT student_id FROM goal_index WHERE goal_id = ?", rs -> rs.getString(1), goalId);
    return rows.stream().findFirst();
  }

  private Route goalReply(
      String studentId, org.apache.pekko.http.javadsl.model.StatusCode status,
      java.util.concurrent.CompletionStage<GoalReply> future) {
    return onSuccess(
        future,
        reply -> {
          if (reply instanceof StudentEntity.Rejected rej) throw StudentGateway.problem(rej);
          return json(status, GoalJson.of(studentId, ((StudentEntity.GoalView) reply).goal()));
        });
  }
}
