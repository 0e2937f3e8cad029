package ai.elevare.http;

import ai.elevare.account.User;
import ai.elevare.account.UserDirectory;
import ai.elevare.http.auth.Access;
import ai.elevare.practice.Subjects;
import ai.elevare.summary.Deliveries;
import ai.elevare.summary.SessionSummaryEntity;
import ai.elevare.summary.SummaryIds;
import ai.elevare.summary.SummaryQueries;
import ai.elevare.summary.WebhookVerifier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /summaries}, the Rails webhook (public: it authenticates by its HMAC signature, over
 * the raw body bytes, before any of the body is read), and {@code GET /summaries/{student_id}}
 * for the student, their tutors and parents, and admins.
 */
public final class SummaryRoutes extends ApiSupport {
  private static final Logger log = LoggerFactory.getLogger(SummaryRoutes.class);
  /** API.md: the webhook accepts bodies up to 5 MiB. */
  public static final long MAX_BODY = 5L * 1024 * 1024;
  private static final int MAX_LISTED = 100;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  private final WebhookVerifier verifier;
  private final UserDirectory users;
  private final Access access;
  private final Deliveries deliveries;
  private final SummaryQueries queries;
  private final Function<String, EntityRef<SessionSummaryEntity.Command>> sessions;
  private final Duration askTimeout;
  private final Clock clock;

  /** @param sessions a session's entity: through sharding in production, test refs in tests */
  public SummaryRoutes(
      ApiContext ctx, WebhookVerifier verifier, UserDirectory users, Access access,
      Deliveries deliveries, SummaryQueries queries,
      Function<String, EntityRef<SessionSummaryEntity.Command>> sessions, Duration askTimeout, Clock clock) {
    super(ctx);
    this.verifier = verifier;
    this.users = users;
    this.access = access;
    this.deliveries = deliveries;
    this.queries = queries;
    this.sessions = sessions;
    this.askTimeout = askTimeout;
    this.clock = clock;
  }

  public record AcceptedJson(String summaryId, String status) {}

  public record SummaryJson(
      String summaryId, String sessionId, String studentId, String tutorId, String subject,
      String narrative, List<String> keyTopics, List<String> nextSteps, String status,
      String failureReason, Instant startedAt, Instant endedAt, Instant createdAt, Instant updatedAt) {

    static SummaryJson of(SummaryQueries.SummaryRow r) {
      return new SummaryJson(
          r.summaryId(), r.sessionId(), r.studentId(), r.tutorId(), r.subject(), r.narrative(),
          r.keyTopics(), r.nextSteps(), r.status(), r.failureReason(), r.startedAt(), r.endedAt(),
          r.createdAt(), r.updatedAt());
    }
  }

  /** The webhook: open to anyone who can sign, charged to the client address. */
  public Route publicRoute() {
    return path(
        "summaries",
        () -> post(() -> limitedByAddress(() -> extractMaterializer(mat -> extractRequest(req -> rawBody(req, mat))))));
  }

  /**
   * Past {@link #MAX_BODY} a body is still read, up to this much, and dropped: a 413 sent while the
   * client is still uploading would be lost in the reset of a connection closed with unread data.
   * Beyond it the connection is closed at once.
   */
  static final long DRAIN_MAX = 4 * MAX_BODY;

  /** What was read of a body: the bytes while within the limit, and the count. */
  private record Read(ByteString bytes, long size) {
    Read add(ByteString chunk) {
      long n = size + chunk.size();
      return new Read(n <= MAX_BODY ? bytes.concat(chunk) : bytes, n);
    }
  }

  /**
   * The raw bytes, for the signature; at most 5 MiB. Read here rather than by the entity
   * directive, whose rejection would fall through to the bearer-token routes.
   */
  private Route rawBody(HttpRequest req, Materializer mat) {
    java.util.OptionalLong declared = req.entity().getContentLengthOption();
    if (declared.isPresent() && declared.getAsLong() > DRAIN_MAX) return complete(tooLarge());
    CompletionStage<Read> read =
        req.entity()
            .withSizeLimit(DRAIN_MAX)
            .getDataBytes()
            .completionTimeout(READ_TIMEOUT)
            .runWith(org.apache.pekko.stream.javadsl.Sink.fold(new Read(ByteString.emptyByteString(), 0), Read::add), mat);
    return onComplete(
        read,
        r -> {
          if (r.isSuccess()) {
            return r.get().size() > MAX_BODY ? complete(tooLarge()) : webhook(req, r.get().bytes().compact());
          }
          if (ApiSupport.unwrap(r.failed().get()) instanceof EntityStreamSizeException) return complete(tooLarge());
          throw new IllegalStateException("reading the webhook body failed", r.failed().get());
        });
  }

  private static org.apache.pekko.http.javadsl.model.HttpResponse tooLarge() {
    return Problems.of(413, "Payload too large", "The webhook accepts bodies up to 5 MiB.", null);
  }

  /** GET /summaries/{student_id}, under the bearer-token check. */
  public Route route() {
    return pathPrefix(
        "summaries",
        () -> path(PathMatchers.segment(), id -> get(() -> user(u -> list(u, id)))));
  }

  private Route webhook(HttpRequest req, ByteString raw) {
    byte[] body = raw.toArray();
    Optional<String> refusal =
        verifier.refusal(header(req, "X-Elevare-Timestamp"), header(req, "X-Elevare-Signature"), body);
    if (refusal.isPresent()) {
      log.info("Webhook delivery refused: {}", refusal.get());
      return complete(Problems.of(ApiException.unauthorized("Webhook refused: " + refusal.get() + ".")));
    }
    if (!req.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
      return complete(
          Problems.of(new ApiException(415, "Unsupported media type", "Send the body as application/json.", null)));
    }
    Fields f = Fields.parse(body);
    String sessionId = f.string("session_id", true, 200);
    String studentId = f.uuid("student_id", true);
    String tutorId = f.uuid("tutor_id", true);
    String subject = f.oneOf("subject", true, Set.copyOf(Subjects.ALL));
    String transcript = f.string("transcript", false, (int) MAX_BODY);
    String transcriptUrl = f.string("transcript_url", false, 2048);
    Instant startedAt = instant(f, "started_at");
    Instant endedAt = instant(f, "ended_at");
    boolean hasTranscript = transcript != null && !transcript.isBlank();
    if (hasTranscript && transcriptUrl != null) {
      f.error("transcript", "give transcript or transcript_url, not both");
    } else if (!hasTranscript && transcriptUrl == null) {
      f.error("transcript", "give transcript or transcript_url");
    }
    if (transcriptUrl != null && !absoluteUri(transcriptUrl)) {
      f.error("transcript_url", "must be an absolute URL");
    }
    if (startedAt != null && endedAt != null && endedAt.isBefore(startedAt)) {
      f.error("ended_at", "must not be before started_at");
    }
    f.validate();
    SessionSummaryEntity.Request request =
        new SessionSummaryEntity.Request(
            sessionId, SummaryIds.forSession(sessionId), studentId, tutorId, subject, transcriptUrl,
            startedAt, endedAt);
    return onSuccess(
        offload(
            () -> {
              requireKnown(studentId, tutorId);
              deliveries.recordFirst(
                  sessionId, request.summaryId(), studentId, tutorId, hasTranscript ? transcript : null,
                  transcriptUrl, clock.instant());
              return request;
            }),
        r -> onSuccess(receive(r), this::accepted));
  }

  private CompletionStage<SessionSummaryEntity.ReceiveReply> receive(SessionSummaryEntity.Request r) {
    return sessions
        .apply(r.sessionId())
        .<SessionSummaryEntity.ReceiveReply>ask(replyTo -> new SessionSummaryEntity.Receive(r, replyTo), askTimeout)
        .exceptionallyAsync(
            t -> {
              Throwable cause = ApiSupport.unwrap(t);
              if (cause instanceof java.util.concurrent.TimeoutException
                  || cause instanceof org.apache.pekko.pattern.AskTimeoutException) {
                // Rails retries a 503; the delivery is idempotent
                throw ApiException.unavailable("The summary service did not answer in time; retry.");
              }
              throw t instanceof RuntimeException e ? e : new java.util.concurrent.CompletionException(t);
            },
            Runnable::run);
  }

  private Route accepted(SessionSummaryEntity.ReceiveReply reply) {
    if (reply instanceof SessionSummaryEntity.Accepted a) {
      return json(StatusCodes.ACCEPTED, new AcceptedJson(a.summaryId(), a.status()));
    }
    SessionSummaryEntity.Conflict c = (SessionSummaryEntity.Conflict) reply;
    throw ApiException.conflict(c.detail());
  }

  /** An unknown student or tutor is a 422 before anything is stored. */
  private void requireKnown(String studentId, String tutorId) {
    List<ApiException.FieldError> errors = new ArrayList<>();
    if (users.byId(studentId).filter(u -> u.is("student")).isEmpty()) {
      errors.add(new ApiException.FieldError("student_id", "no such student"));
    }
    if (users.byId(tutorId).filter(u -> u.is("tutor") || u.is("admin")).isEmpty()) {
      errors.add(new ApiException.FieldError("tutor_id", "no such tutor"));
    }
    if (!errors.isEmpty()) {
      String detail =
          errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("");
      throw new ApiException(422, "Unprocessable content", detail, errors);
    }
  }

  private Route list(User user, String studentId) {
    String id = Ids.uuid("student_id", studentId);
    return onSuccess(
        offload(
            () -> {
              access.requireStudent(user, id, Access.Mode.READ);
              return queries.forStudent(id, MAX_LISTED).stream().map(SummaryJson::of).toList();
            }),
        this::json);
  }

  private static String header(HttpRequest req, String name) {
    return req.getHeader(name).map(HttpHeader::value).orElse(null);
  }

  private static Instant instant(Fields f, String name) {
    String s = f.string(name, true, 64);
    if (s == null) return null;
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return f.error(name, "must be an ISO-8601 time with an offset, e.g. 2026-12-03T14:00:00Z");
    }
  }

  private static boolean absoluteUri(String s) {
    try {
      return new URI(s.trim()).isAbsolute();
    } catch (Exception e) {
      return false;
    }
  }
}
