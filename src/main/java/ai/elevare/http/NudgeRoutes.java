package ai.elevare.http;

import ai.elevare.account.User;
import ai.elevare.http.auth.Access;
import ai.elevare.nudge.NudgeDeliveries;
import ai.elevare.nudge.NudgeDeliveries.Nudge;
import ai.elevare.nudge.NudgeLinks;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Nudges. Signed in: GET /nudges (a student's own, newest first), POST /nudges/{id}/opened, and
 * the e-mail preference GET/PUT /nudges/email (the student, a linked parent for their child, an
 * admin). Public, keyed by the nudge's unguessable token: GET /n/{token} (records the click, 302
 * to the nudge's page of our own web app) and the RFC 8058 one-click unsubscribe
 * (GET /unsubscribe/{token} shows a confirmation page; POST unsubscribes, no login needed).
 */
public final class NudgeRoutes extends ApiSupport {
  static final int LIST_LIMIT = 50;

  private final NudgeDeliveries deliveries;
  private final Access access;

  public NudgeRoutes(ApiContext ctx, NudgeDeliveries deliveries, Access access) {
    super(ctx);
    this.deliveries = deliveries;
    this.access = access;
  }

  /** A nudge as API.md shows it; {@code link} is the tracked link, so clicks in the app count too. */
  public record NudgeJson(
      String id, String kind, String message, String link, Instant createdAt, Instant openedAt, Instant clickedAt) {
    static NudgeJson of(Nudge n) {
      return new NudgeJson(
          n.id(), n.kind(), n.message(), NudgeLinks.tracked("", n.token(), "app"), n.createdAt(), n.openedAt(),
          n.clickedAt());
    }
  }

  public record EmailPreference(String studentId, boolean enabled) {}

  // ---- public ---------------------------------------------------------------------------------

  public Route publicRoute() {
    // mounted beside HttpApi's routes, so it turns its own refusals into problem+json
    Route routes = publicRoutes();
    return handleExceptions(HttpApi.exceptions(), () -> routes);
  }

  private Route publicRoutes() {
    return concat(
        path(
            PathMatchers.segment("n").slash(PathMatchers.segment()),
            token -> get(() -> limitedByAddress(() -> parameterOptional("via", via -> click(token, via))))),
        path(
            PathMatchers.segment("unsubscribe").slash(PathMatchers.segment()),
            token ->
                limitedByAddress(
                    () ->
                        concat(
                            get(() -> unsubscribePage(token)),
                            // RFC 8058: the body is "List-Unsubscribe=One-Click"; any body is accepted
                            post(() -> extractStrictEntity(java.time.Duration.ofSeconds(5), e -> unsubscribe(token)))))));
  }

  private Route click(String token, Optional<String> via) {
    String channel = via.filter("email"::equals).orElse("app");
    return onSuccess(
        offload(() -> deliveries.click(token, channel)),
        link -> {
          // checked again here: only a relative page of ours is ever a redirect target
          String target = link.filter(NudgeLinks::isOwnPage).orElseThrow(() -> ApiException.notFound("No such link."));
          return complete(
              HttpResponse.create()
                  .withStatus(StatusCodes.FOUND)
                  .addHeader(Location.create(target))
                  .addHeader(header("Cache-Control", "no-store"))
                  .addHeader(header("Referrer-Policy", "no-referrer")));
        });
  }

  private Route unsubscribePage(String token) {
    return onSuccess(
        offload(() -> deliveries.byToken(token)),
        n -> {
          if (n.isEmpty()) throw ApiException.notFound("No such link.");
          return html(
              "Unsubscribe from nudge e-mails",
              "<p>Stop the e-mails that remind you to practise? In-app nudges stay.</p>"
                  + "<form method=\"post\"><button type=\"submit\">Unsubscribe</button></form>");
        });
  }

  private Route unsubscribe(String token) {
    return onSuccess(
        offload(() -> deliveries.unsubscribe(token)),
        done -> {
          if (!done) throw ApiException.notFound("No such link.");
          return html("You are unsubscribed", "<p>You will get no more nudge e-mails.</p>");
        });
  }

  private Route html(String title, String body) {
    String page =
        "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
            + "<title>" + title + "</title></head><body style=\"font-family:sans-serif;max-width:36em;margin:3em auto\">"
            + "<h1>" + title + "</h1>" + body + "<p><a href=\"/\">ElevareAI</a></p></body></html>";
    return respondWithHeader(
        header("Cache-Control", "no-store"),
        () -> complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, page))));
  }

  // ---- signed in ------------------------------------------------------------------------------

  /** The signed-in routes, built once; the user comes from the request. */
  public Route route() {
    // Built once: the Java DSL would rebuild whatever its supplier builds on every request.
    Route inner =
            concat(
                pathEnd(() -> get(() -> user(this::list))),
                path(
                    "email",
                    () ->
                        concat(
                            get(
                                () ->
                                    user(
                                        user ->
                                            parameterOptional(
                                                "student_id", id -> emailPreference(user, id)))),
                            put(() -> user(user -> jsonBody(f -> setEmailPreference(user, f)))))),
                path(
                    PathMatchers.segment().slash("opened"),
                    id -> post(() -> user(user -> opened(user, id)))));
    return pathPrefix("nudges", () -> inner);
  }

  private Route list(User user) {
    requireStudent(user);
    return onSuccess(
        offload(() -> deliveries.forStudent(user.id(), LIST_LIMIT)),
        nudges -> json(nudges.stream().map(NudgeJson::of).toList()));
  }

  private Route opened(User user, String rawId) {
    requireStudent(user);
    String id = Ids.uuid("nudge_id", rawId);
    return onSuccess(
        offload(() -> deliveries.markOpened(user.id(), id)),
        ok -> {
          if (!ok) throw ApiException.notFound("No such nudge.");
          return complete(StatusCodes.NO_CONTENT);
        });
  }

  private Route emailPreference(User user, Optional<String> rawId) {
    String studentId = rawId.map(r -> Ids.uuid("student_id", r)).orElseGet(() -> self(user));
    return onSuccess(
        offload(
            () -> {
              mayManageEmail(user, studentId);
              return new EmailPreference(studentId, !deliveries.emailOptedOut(studentId));
            }),
        this::json);
  }

  private Route setEmailPreference(User user, Fields f) {
    String studentId = f.uuid("student_id", false);
    if (!f.has("enabled")) f.error("enabled", "is required");
    Boolean enabled = f.bool("enabled", true);
    f.validate();
    String id = studentId == null ? self(user) : studentId;
    return onSuccess(
        offload(
            () -> {
              mayManageEmail(user, id);
              deliveries.setEmailOptOut(id, !enabled, user.id());
              return new EmailPreference(id, enabled);
            }),
        this::json);
  }

  /** A student means themselves when naming nobody; everyone else must name the student. */
  private static String self(User user) {
    if (!user.is("student")) throw ApiException.badRequest("student_id", "is required");
    return user.id();
  }

  /** The student, a linked parent (for their child) or an admin; tutors may not. */
  private void mayManageEmail(User user, String studentId) {
    if (user.is("tutor")) throw ApiException.forbidden("Tutors may not change a student's e-mail settings.");
    // 403 for a student the caller may not see; 404 (admins only) for no such student
    access.requireStudent(user, studentId, Access.Mode.READ);
  }

  private static void requireStudent(User user) {
    if (!user.is("student")) throw ApiException.forbidden("Nudges are shown to students only.");
  }
}
