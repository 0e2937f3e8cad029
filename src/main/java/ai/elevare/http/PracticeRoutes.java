package ai.elevare.http;

import ai.elevare.http.auth.Access;
import ai.elevare.practice.Question;
import ai.elevare.practice.Subjects;
import ai.elevare.student.StudentReply.AssignReply;
import ai.elevare.student.StudentReply.AssignmentView;
import ai.elevare.student.StudentReply.CompleteReply;
import ai.elevare.student.StudentReply.CompleteResult;
import ai.elevare.student.StudentReply.HintReply;
import ai.elevare.student.StudentReply.HintResult;
import ai.elevare.student.StudentCommand.Complete;
import ai.elevare.student.StudentCommand.RequestAssignment;
import ai.elevare.student.StudentCommand.TakeHint;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.server.Route;

/** GET /practice/assign, POST /practice/complete, POST /practice/hint: students, for themselves. */
public final class PracticeRoutes extends ApiSupport {
  private final StudentGateway students;

  public PracticeRoutes(ApiContext ctx, StudentGateway students) {
    super(ctx);
    this.students = students;
  }

  public record QuestionJson(
      String id, String topic, String prompt, String answerFormat, List<String> choices) {}

  public record AssignmentJson(
      String assignmentId, String subject, QuestionJson question, int difficulty,
      double studentRating, String source) {}

  public record CompleteJson(
      boolean correct, double score, double ratingBefore, double ratingAfter, int difficultyNext,
      int xpAwarded, int streakDays, boolean completed, boolean retryAllowed, String feedback,
      String solution) {}

  public record HintJson(String hint, int hintsUsed) {}

  public Route route() {
    // Built once: the Java DSL would rebuild whatever its supplier builds on every request.
    Route inner =
            concat(
                path("assign", () -> get(() -> parameterOptional("subject", this::assign))),
                path("complete", () -> post(() -> jsonBody(this::complete))),
                path("hint", () -> post(() -> jsonBody(this::hint))));
    return pathPrefix("practice", () -> inner);
  }

  private Route assign(Optional<String> subject) {
    return user(
        user -> {
          Access.requireRole(user, "student");
          String s = subject.orElse(null);
          if (s == null || s.isBlank()) throw ApiException.badRequest("subject", "is required");
          if (!Subjects.isKnown(s)) {
            throw ApiException.badRequest("subject", "unknown subject; one of " + Subjects.ALL);
          }
          return onSuccess(
              students.askIdempotent(user.id(), AssignmentView.class, (ActorRef<AssignReply> r) -> new RequestAssignment(s, r)),
              v -> json(toJson(v)));
        });
  }

  static AssignmentJson toJson(AssignmentView v) {
    Question q = v.question();
    return new AssignmentJson(
        v.assignmentId(), v.subject(),
        new QuestionJson(
            q.id(), q.topic(), q.prompt(), q.answerFormat(), q.choices().isEmpty() ? null : q.choices()),
        v.difficulty(), round1(v.studentRating()), v.source());
  }

  private Route complete(Fields f) {
    return requestId(rid -> user(
        user -> {
          Access.requireRole(user, "student");
          String id = f.uuid("assignment_id", true);
          boolean giveUp = Optional.ofNullable(f.bool("give_up", false)).orElse(false);
          String answer = f.string("answer", !giveUp, 1000);
          Long timeMs = f.nonNegativeLong("time_ms", !giveUp, 86_400_000L);
          Long hints = f.nonNegativeLong("hints_used", false, 100);
          f.validate();
          return onSuccess(
              students.askFor(
                  user.id(), CompleteResult.class,
                  (ActorRef<CompleteReply> r) ->
                      new Complete(
                          id, answer == null ? "" : answer, timeMs == null ? 0 : timeMs,
                          hints == null ? 0 : hints.intValue(), giveUp, user.timeZone(), rid, r)),
              c ->
                  json(
                      new CompleteJson(
                          c.correct(), round3(c.score()), round1(c.ratingBefore()), round1(c.ratingAfter()),
                          c.difficultyNext(), c.xpAwarded(), c.streakDays(), c.completed(), c.retryAllowed(),
                          c.feedback(), c.solution())));
        }));
  }

  private Route hint(Fields f) {
    return user(
        user -> {
          Access.requireRole(user, "student");
          String id = f.uuid("assignment_id", true);
          f.validate();
          return onSuccess(
              students.askFor(user.id(), HintResult.class, (ActorRef<HintReply> r) -> new TakeHint(id, r)),
              h -> json(new HintJson(h.hint(), h.hintsUsed())));
        });
  }

  static double round1(double d) {
    return Math.round(d * 10) / 10.0;
  }

  static double round3(double d) {
    return Math.round(d * 1000) / 1000.0;
  }
}
