package ai.elevare.http;

import ai.elevare.http.auth.Access;
import ai.elevare.account.User;
import ai.elevare.account.UserDirectory;
import ai.elevare.practice.Subjects;
import ai.elevare.qa.Confidence;
import ai.elevare.qa.QaResult;
import ai.elevare.student.StudentEntity;
import ai.elevare.student.StudentEntity.InteractionReply;
import ai.elevare.student.StudentEntity.QaReply;
import ai.elevare.student.StudentState;
import ai.elevare.tutor.ThreadStore;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * POST /qa/query: a student's question answered by the AI gateway with an honest confidence;
 * POST /qa/{interaction_id}/escalate: the exchange goes to the student's tutor as a thread.
 */
public final class QaRoutes extends ApiSupport {
  private final StudentGateway students;
  private final ThreadStore threads;
  private final UserDirectory users;

  public QaRoutes(ApiContext ctx, StudentGateway students, ThreadStore threads, UserDirectory users) {
    super(ctx);
    this.students = students;
    this.threads = threads;
    this.users = users;
  }

  public record EscalationJson(boolean suggested, boolean required) {}

  public record AnswerJson(
      String interactionId, String answer, String overview, Confidence confidence,
      EscalationJson escalation, boolean followUp, String provider, boolean fallback, String subject) {}

  public Route route(User user) {
    return pathPrefix(
        "qa",
        () ->
            concat(
                path("query", () -> post(() -> jsonBody(f -> query(user, f)))),
                path(
                    PathMatchers.segment().slash("escalate"),
                    id -> post(() -> escalate(user, id)))));
  }

  private Route query(User user, Fields f) {
    Access.requireRole(user, "student");
    String question = f.string("question", true, 2000);
    String subject = f.oneOf("subject", false, Set.copyOf(Subjects.ALL));
    f.validate();
    return onSuccess(
        students.<QaReply>ask(user.id(), r -> new StudentEntity.AskQuestion(question, subject, r)),
        reply -> {
          if (reply instanceof StudentEntity.Rejected rej) throw StudentGateway.problem(rej);
          StudentEntity.Answered a = (StudentEntity.Answered) reply;
          QaResult r = a.result();
          // Low confidence: only the overview is shown, never a full answer we don't stand behind.
          boolean low = r.confidence().label() == Confidence.Label.LOW;
          return json(
              new AnswerJson(
                  a.interactionId(), r.answer(), low || !r.overview().equals(r.answer()) ? r.overview() : null,
                  r.confidence(), new EscalationJson(r.escalationSuggested(), r.escalationRequired()),
                  r.followUp(), r.provider(), r.fallback(), r.subject()));
        });
  }

  private Route escalate(User user, String rawId) {
    Access.requireRole(user, "student");
    String interactionId = Ids.uuid("interaction_id", rawId);
    return onSuccess(
        students.<InteractionReply>ask(user.id(), r -> new StudentEntity.GetInteraction(interactionId, r)),
        reply -> {
          if (reply instanceof StudentEntity.Rejected rej) throw StudentGateway.problem(rej);
          StudentState.Interaction i = ((StudentEntity.InteractionView) reply).interaction();
          return onSuccess(
              offload(() -> openThread(user, i)),
              thread ->
                  onSuccess(
                      students.<InteractionReply>ask(
                          user.id(), r -> new StudentEntity.MarkEscalated(interactionId, thread.id(), r)),
                      marked -> {
                        if (marked instanceof StudentEntity.Rejected rej) throw StudentGateway.problem(rej);
                        return json(StatusCodes.CREATED, Map.of("thread_id", thread.id()));
                      }));
        });
  }

  /** Idempotent per interaction: escalating twice gives the same thread. */
  private ThreadStore.Thread openThread(User student, StudentState.Interaction i) {
    String tutor =
        users.tutorsOf(student.id()).stream()
            .findFirst()
            .orElseThrow(() -> ApiException.conflict("No tutor is linked to you yet; ask your school to add one."));
    String title = "Question: " + (i.question().length() > 80 ? i.question().substring(0, 80) + "…" : i.question());
    String body =
        "Question: " + i.question() + "\n\nElevare's answer (" + i.label() + " confidence, "
            + Math.round(i.confidence() * 100) + "%):\n" + i.answer();
    return threads.open(student.id(), tutor, i.subject(), title, "escalation", i.interactionId(), student.id(), body);
  }
}
