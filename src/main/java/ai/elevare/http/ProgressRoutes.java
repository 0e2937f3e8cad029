package ai.elevare.http;

import ai.elevare.http.auth.Access;
import ai.elevare.account.User;
import ai.elevare.practice.SubjectCatalog;
import ai.elevare.practice.Subjects;
import ai.elevare.rating.Elo;
import ai.elevare.student.StudentCommand.GetProgress;
import ai.elevare.student.PracticeModule;
import ai.elevare.student.OverridesModule;
import ai.elevare.student.QaModule;
import ai.elevare.student.StudentReply.ProgressView;
import ai.elevare.student.StudentReply.RatingView;
import ai.elevare.student.StudentReply.OpenView;
import java.time.Instant;
import ai.elevare.student.StudentReply.ReviewView;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** GET /subjects and GET /progress/{student_id}, answered from the student's entity (in memory). */
public final class ProgressRoutes extends ApiSupport {
  private final StudentGateway students;
  private final Access access;
  private final SubjectCatalog subjects;
  private final ChangeHub changes;

  public ProgressRoutes(
      ApiContext ctx, StudentGateway students, Access access,
      SubjectCatalog subjects, ChangeHub changes) {
    super(ctx);
    this.changes = changes;
    this.students = students;
    this.access = access;
    this.subjects = subjects;
  }

  /** A session summary as the student's actor keeps it (the full list: GET /summaries/{id}). */
  public record SummaryJson(
      String summaryId, String sessionId, String subject, String narrative, List<String> keyTopics,
      List<String> nextSteps, String status, java.time.Instant createdAt) {}

  public record RatingJson(String subject, double rating, int difficulty, int attempts, double lastChange) {}

  public record ProgressJson(
      String studentId,
      List<RatingJson> ratings,
      List<GoalRoutes.GoalJson> goals,
      long xp,
      int streakDays,
      List<PracticeModule.PracticeRecord> recentPractice,
      List<SummaryJson> summaries,
      List<QaModule.Interaction> flags,
      List<OverridesModule.OverrideRecord> overrides,
      List<OpenView> openAssignments,
      List<ReviewView> reviews) {}

  public Route route() {
    return concat(
        path("subjects", () -> get(() -> json(subjects.all()))),
        pathPrefix(
            "progress",
            () ->
                pathPrefix(
                    PathMatchers.segment(),
                    id ->
                        concat(
                            pathEnd(() -> get(() -> user(u -> progress(u, id)))),
                            path("stream", () -> get(() -> user(u -> stream(u, id))))))));
  }

  /**
   * Server-sent events: one per change of the student, from whichever node stores it; a heartbeat
   * every 15 s keeps proxies from closing an idle stream.
   */
  private Route stream(User user, String studentId) {
    String id = Ids.uuid("student_id", studentId);
    return onSuccess(
        requireStudent(access, user, id, Access.Mode.READ),
        student -> headerValueByName("Authorization", auth -> openStream(user, id, auth)));
  }

  /** The stream ends when its token expires (the client reconnects with a fresh one), at the latest after an hour. */
  private Route openStream(User user, String id, String authorization) {
    Instant until = tokenExpiry(authorization).orElse(Instant.MAX);
    Instant cap = Instant.now().plus(MAX_STREAM_LIFETIME);
    var source = changes.open(user.id(), id, until.isBefore(cap) ? until : cap);
    if (source.isEmpty()) {
      throw ApiException.tooManyRequests(
          "You have " + ChangeHub.MAX_STREAMS_PER_USER + " live streams open; close one first.", 15);
    }
    return completeOK(
                source.get()
                    .map(
                        c ->
                            ServerSentEvent.create(
                                Json.write(Map.of("student_id", c.studentId(), "kind", c.kind(), "at", c.at().toString())),
                                c.kind()))
                    .keepAlive(ChangeHub.heartbeat(), ServerSentEvent::heartbeat),
                EventStreamMarshalling.toEventStream());
  }

  static final java.time.Duration MAX_STREAM_LIFETIME = java.time.Duration.ofHours(1);

  /** The exp of the (already verified) bearer token. */
  static Optional<Instant> tokenExpiry(String authorization) {
    try {
      String token = authorization.substring(authorization.indexOf(' ') + 1).trim();
      java.util.Date exp = com.nimbusds.jwt.JWTParser.parse(token).getJWTClaimsSet().getExpirationTime();
      return Optional.ofNullable(exp).map(java.util.Date::toInstant);
    } catch (java.text.ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private Route progress(User user, String studentId) {
    String id = Ids.uuid("student_id", studentId);
    return onSuccess(
        requireStudent(access, user, id, Access.Mode.READ),
        student ->
            onSuccess(
                students.askIdempotent(id, ProgressView.class, (org.apache.pekko.actor.typed.ActorRef<ProgressView> r) -> new GetProgress(student.timeZone(), r)),
                view -> json(toJson(view))));
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new java.util.ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }

  /** Every subject is listed; one never practised shows the starting rating. */
  static ProgressJson toJson(ProgressView v) {
    Map<String, RatingView> bySubject =
        v.ratings().stream().collect(Collectors.toMap(RatingView::subject, Function.identity()));
    List<RatingJson> ratings =
        Subjects.ALL.stream()
            .map(
                s -> {
                  RatingView r = bySubject.get(s);
                  return r == null
                      ? new RatingJson(s, Elo.INITIAL_RATING, Elo.difficulty(Elo.INITIAL_RATING), 0, 0)
                      : new RatingJson(
                          s, PracticeRoutes.round1(r.rating()), r.difficulty(), r.attempts(),
                          PracticeRoutes.round1(r.lastChange()));
                })
            .toList();
    return new ProgressJson(
        v.studentId(), ratings,
        v.goals().stream().map(g -> GoalRoutes.GoalJson.of(v.studentId(), g)).toList(), v.xp(), v.streakDays(), reversed(v.recentPractice()),
        reversed(v.summaries()).stream()
            .map(n -> new SummaryJson(n.summaryId(), n.sessionId(), n.subject(), n.narrative(), n.topics(),
                n.nextSteps(), "ready", n.at()))
            .toList(),
        reversed(v.flags()),
        reversed(v.overrides()), v.openAssignments(),
        v.reviews());
  }
}
