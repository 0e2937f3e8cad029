package ai.elevare.http;

import ai.elevare.account.User;
import ai.elevare.account.UserDirectory;
import ai.elevare.http.auth.Access;
import ai.elevare.privacy.StudentPrivacy;
import ai.elevare.student.StudentCommand.GetProgress;
import ai.elevare.student.StudentReply.ProgressView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * GET /students/{id}/export (the student or an admin) and DELETE /students/{id} (admins): the
 * student's data in one JSON document, and its erasure (docs/security.md#privacy).
 */
public final class PrivacyRoutes extends ApiSupport {
  private final StudentGateway students;
  private final UserDirectory users;
  private final StudentPrivacy privacy;

  public PrivacyRoutes(ApiContext ctx, StudentGateway students, UserDirectory users, StudentPrivacy privacy) {
    super(ctx);
    this.students = students;
    this.users = users;
    this.privacy = privacy;
  }

  public Route route() {
    Route inner =
        pathPrefix(
            PathMatchers.segment(),
            id ->
                concat(
                    path("export", () -> get(() -> user(u -> export(u, id)))),
                    pathEnd(() -> delete(() -> user(u -> erase(u, id))))));
    return pathPrefix("students", () -> inner);
  }

  private Route export(User user, String rawId) {
    Access.requireRole(user, "student", "admin");
    String id = Ids.uuid("student_id", rawId);
    if (user.is("student") && !user.id().equals(id)) throw ApiException.forbidden("You may export only your own data.");
    CompletionStage<Map<String, Object>> doc =
        offload(() -> student(id))
            .thenCompose(
                s ->
                    students
                        .<ProgressView>ask(id, r -> new GetProgress(s.timeZone(), r))
                        .thenCombine(
                            offload(() -> privacy.export(id)).thenCompose(x -> x),
                            (progress, stored) -> {
                              Map<String, Object> out = new LinkedHashMap<>(stored);
                              out.put("account", AdminRoutes.UserJson.of(s));
                              out.put("state", ProgressRoutes.toJson(progress));
                              return out;
                            }));
    return jsonAsync(doc);
  }

  private Route erase(User user, String rawId) {
    Access.requireRole(user, "admin");
    String id = Ids.uuid("student_id", rawId);
    return jsonAsync(
        offload(
            () -> {
              try {
                return privacy.erase(id, user.id()).orElseThrow(() -> ApiException.notFound("No such student."));
              } catch (IllegalStateException e) {
                throw ApiException.unavailable("The erasure did not finish; send the same request again.");
              }
            }));
  }

  private User student(String id) {
    return users.byId(id).filter(u -> u.is("student")).orElseThrow(() -> ApiException.notFound("No such student."));
  }
}
