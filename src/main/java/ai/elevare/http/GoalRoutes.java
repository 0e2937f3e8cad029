package ai.elevare.http;

import ai.elevare.core.Jdbc;
import ai.elevare.http.auth.Access;
import ai.elevare.practice.Subjects;
import ai.elevare.student.GoalsModule;
import ai.elevare.student.StudentCommand.CreateGoal;
import ai.elevare.student.StudentCommand.GetGoals;
import ai.elevare.student.StudentCommand.UpdateGoal;
import ai.elevare.student.StudentReply.GoalList;
import ai.elevare.student.StudentReply.GoalReply;
import ai.elevare.student.StudentReply.GoalView;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Goals: "reach N correct answers in a subject". Students set their own, linked tutors and admins
 * set them for a student; parents read. Progress moves with practice inside the student's actor,
 * which also records the goal in {@code goal_index} so PATCH can find the student by goal id.
 */
public final class GoalRoutes extends ApiSupport {
  private static final Set<String> SUBJECTS = Set.copyOf(Subjects.ALL);
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
    static GoalJson of(String studentId, GoalsModule.Goal g) {
      return new GoalJson(g.goalId(), studentId, g.subject(), g.title(), g.target(), g.progress(),
          g.status(), g.createdAt(), g.completedAt());
    }
  }

  public Route route() {
    // Built once: the Java DSL would rebuild whatever its supplier builds on every request.
    Route inner =
            concat(
                pathEnd(
                    () ->
                        concat(
                            post(() -> jsonBody(this::create)),
                            get(() -> parameterOptional("student_id", this::list)))),
                path(PathMatchers.segment(), goalId -> patch(() -> jsonBody(f -> update(goalId, f)))));
    return pathPrefix("goals", () -> inner);
  }

  private Route create(Fields f) {
    return user(
        user -> {
          String studentId = f.uuid("student_id", true);
          String subject = f.oneOf("subject", true, SUBJECTS);
          String title = f.string("title", true, 200);
          Long target = f.nonNegativeLong("target", true, 10_000);
          if (target != null && target < 1) f.error("target", "must be at least 1");
          f.validate();
          String goalId = UUID.randomUUID().toString();
          return onSuccess(
              requireStudent(access, user, studentId, Access.Mode.WRITE),
              student ->
                  goalReply(
                      studentId, StatusCodes.CREATED,
                      r -> new CreateGoal(goalId, subject, title.trim(), target.intValue(), user.id(), r)));
        });
  }

  private Route list(Optional<String> studentIdParam) {
    return user(
        user -> {
          if (studentIdParam.isEmpty()) throw ApiException.badRequest("student_id", "is required");
          String studentId = Ids.uuid("student_id", studentIdParam.get());
          return onSuccess(
              requireStudent(access, user, studentId, Access.Mode.READ),
              s ->
                  onSuccess(
                      students.<GoalList>ask(studentId, GetGoals::new),
                      goals -> json(goals.goals().stream().map(g -> GoalJson.of(studentId, g)).toList())));
        });
  }

  private Route update(String goalIdParam, Fields f) {
    return user(
        user -> {
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
                      r -> new UpdateGoal(
                          goalId, title == null ? null : title.trim(), target == null ? null : target.intValue(),
                          status, user.id(), r)));
        });
  }

  /** The student a goal belongs to (the goal index read model). */
  private Optional<String> studentOfGoal(String goalId) {
    return jdbc.query("SELECT student_id FROM goal_index WHERE goal_id = ?", rs -> rs.getString(1), goalId)
        .stream()
        .findFirst();
  }

  private Route goalReply(
      String studentId, org.apache.pekko.http.javadsl.model.StatusCode status,
      java.util.function.Function<ActorRef<GoalReply>, ai.elevare.student.StudentCommand> command) {
    return onSuccess(
        students.askFor(studentId, GoalView.class, command),
        v -> json(status, GoalJson.of(studentId, v.goal())));
  }
}
