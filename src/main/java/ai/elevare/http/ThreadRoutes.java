package ai.elevare.http;

import ai.elevare.account.User;
import ai.elevare.account.UserDirectory;
import ai.elevare.tutor.ThreadStore;
import java.util.List;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * GET /threads, GET /threads/{id}, POST /threads/{id}/messages: the student, the student's linked
 * tutors and admins take part; nobody else learns a thread exists.
 */
public final class ThreadRoutes extends ApiSupport {
  private final ThreadStore threads;
  private final UserDirectory users;

  public ThreadRoutes(ApiContext ctx, ThreadStore threads, UserDirectory users) {
    super(ctx);
    this.threads = threads;
    this.users = users;
  }

  public record ThreadJson(ThreadStore.Thread thread, List<ThreadStore.Message> messages) {}

  public Route route() {
    // Built once: the Java DSL would rebuild whatever its supplier builds on every request.
    Route inner =
            concat(
                pathEnd(() -> get(() -> user(u -> onSuccess(offload(() -> list(u)), this::json)))),
                pathPrefix(
                    PathMatchers.segment(),
                    id ->
                        concat(
                            pathEnd(() -> get(() -> user(u -> onSuccess(offload(() -> read(u, id)), this::json)))),
                            path(
                                "messages",
                                () -> post(() -> user(u -> jsonBody(f -> post(u, id, f))))))));
    return pathPrefix("threads", () -> inner);
  }

  private List<ThreadStore.Thread> list(User user) {
    return threads.forUser(
        user.id(), user.role(), user.is("tutor") ? users.linkedStudents(user.id()) : java.util.Set.of());
  }

  private ThreadJson read(User user, String id) {
    ThreadStore.Thread t = participantOf(user, id);
    return new ThreadJson(t, threads.messages(t.id()));
  }

  private Route post(User user, String id, Fields f) {
    String body = f.string("body", true, 8000);
    f.validate();
    return onSuccess(
        offload(() -> threads.post(participantOf(user, id).id(), user.id(), body.strip())),
        m -> json(StatusCodes.CREATED, m));
  }

  private ThreadStore.Thread participantOf(User user, String rawId) {
    String id = Ids.uuid("thread_id", rawId);
    ThreadStore.Thread t = threads.byId(id).orElseThrow(() -> ApiException.notFound("No such thread."));
    boolean allowed =
        user.is("admin")
            || (user.is("student") && t.studentId().equals(user.id()))
            || (user.is("tutor") && users.linkedStudents(user.id()).contains(t.studentId()));
    if (!allowed) throw ApiException.notFound("No such thread.");
    return t;
  }
}
