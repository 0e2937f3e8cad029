package ai.elevare.http;

import ai.elevare.http.auth.Access;
import ai.elevare.practice.Subjects;
import ai.elevare.qa.Confidence;
import ai.elevare.qa.QaResult;
import ai.elevare.student.StudentCommand.AskQuestion;
import ai.elevare.student.StudentCommand.Escalate;
import ai.elevare.student.StudentReply.Answered;
import ai.elevare.student.StudentReply.EscalateReply;
import ai.elevare.student.StudentReply.Escalated;
import ai.elevare.student.StudentReply.QaReply;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * POST /qa/query: a student's question answered by the AI gateway with an honest confidence, within
 * the student's daily AI quota;
 * POST /qa/{interaction_id}/escalate: the exchange goes to the student's tutor as a thread (the
 * student's actor opens it and remembers it, so escalating twice gives the same thread).
 */
public final class QaRoutes extends ApiSupport {
  private static final Set<String> SUBJECTS = Set.copyOf(Subjects.ALL);
  private final StudentGateway students;
  private final AccountLimits limits;

  public QaRoutes(ApiContext ctx, StudentGateway students, AccountLimits limits) {
    super(ctx);
    this.students = students;
    this.limits = limits;
  }

  public record EscalationJson(boolean suggested, boolean required) {}

  public record AnswerJson(
      String interactionId, String answer, String overview, Confidence confidence,
      EscalationJson escalation, boolean followUp, String provider, boolean fallback, String subject) {}

  public Route route() {
    // Built once: the Java DSL would rebuild whatever its supplier builds on every request.
    Route inner =
            concat(
                path("query", () -> post(() -> jsonBody(this::query))),
                path(PathMatchers.segment().slash("escalate"), id -> post(() -> escalate(id))));
    return pathPrefix("qa", () -> inner);
  }

  private Route query(Fields f) {
    return requestId(rid -> user(
        user -> {
          Access.requireRole(user, "student");
          String question = f.string("question", true, 2000);
          String subject = f.oneOf("subject", false, SUBJECTS);
          f.validate();
          // The day's quota is charged before the question reaches the model, never for a refusal.
          return onSuccess(
              offload(() -> {
                limits.chargeAiQuestion(user.id());
                return user.id();
              }).thenCompose(id -> students.askFor(
                  id, Answered.class, (ActorRef<QaReply> r) -> new AskQuestion(question, subject, rid, r))),
              a -> {
                QaResult r = a.result();
                // Low confidence: only the overview is shown, never a full answer we don't stand behind.
                boolean low = r.confidence().label() == Confidence.Label.LOW;
                return json(
                    new AnswerJson(
                        a.interactionId(), r.answer(),
                        low || !r.overview().equals(r.answer()) ? r.overview() : null, r.confidence(),
                        new EscalationJson(r.escalationSuggested(), r.escalationRequired()), r.followUp(),
                        r.provider(), r.fallback(), r.subject()));
              });
        }));
  }

  private Route escalate(String rawId) {
    return user(
        user -> {
          Access.requireRole(user, "student");
          String interactionId = Ids.uuid("interaction_id", rawId);
          return onSuccess(
              students.askFor(
                  user.id(), Escalated.class, (ActorRef<EscalateReply> r) -> new Escalate(interactionId, r)),
              e -> json(StatusCodes.CREATED, Map.of("thread_id", e.threadId())));
        });
  }
}
