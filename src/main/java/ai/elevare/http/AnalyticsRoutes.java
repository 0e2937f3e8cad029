package ai.elevare.http;

import ai.elevare.analytics.AnalyticsQueries;
import ai.elevare.http.auth.Access;
import ai.elevare.account.User;
import ai.elevare.account.UserDirectory;
import ai.elevare.nudge.NudgeEngagement;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The views over many students, read from the projection's tables (never from the entities one
 * by one): GET /dashboard/tutor, GET /dashboard/parent, GET /overrides/analytics and
 * GET /admin/analytics. Tutors see their linked students and their own overrides, parents their
 * linked children, admins everything. Every query runs on the blocking dispatcher.
 */
public final class AnalyticsRoutes extends ApiSupport {
  private final AnalyticsQueries queries;
  private final UserDirectory users;
  private final NudgeEngagement nudges;

  public AnalyticsRoutes(
      ApiContext ctx, AnalyticsQueries queries, UserDirectory users, NudgeEngagement nudges) {
    super(ctx);
    this.queries = queries;
    this.users = users;
    this.nudges = nudges;
  }

  public Route route() {
    return concat(
        path(
            PathMatchers.segment("overrides").slash("analytics"),
            () -> get(() -> user(this::overrideAnalytics))),
        path(PathMatchers.segment("admin").slash("analytics"), () -> get(() -> user(this::adminAnalytics))),
        pathPrefix(
            "dashboard",
            () ->
                concat(
                    path("tutor", () -> get(() -> user(this::tutorDashboard))),
                    path("parent", () -> get(() -> user(this::parentView))))));
  }

  private Route overrideAnalytics(User user) {
    return parameterOptional(
        "days",
        days ->
            parameterOptional(
                "tutor_id",
                tutorId -> {
                  Access.requireRole(user, "tutor", "admin");
                  int d = days(days);
                  // A tutor sees only their own overrides; an admin all, or one tutor's.
                  String filter =
                      user.is("tutor")
                          ? self(user, "tutor_id", tutorId)
                          : tutorId.map(t -> Ids.uuid("tutor_id", t)).orElse(null);
                  return jsonAsync(offload(() -> queries.overrideAnalytics(filter, d)));
                }));
  }

  private Route adminAnalytics(User user) {
    return parameterOptional(
        "days",
        days -> {
          Access.requireRole(user, "admin");
          int d = days(days);
          return jsonAsync(
              offload(
                  () -> {
                    // the platform figures plus nudge engagement per kind and channel
                    ObjectNode body = Json.MAPPER.valueToTree(queries.adminAnalytics(d));
                    body.set("nudges", Json.MAPPER.valueToTree(nudges.engagement(d).rows()));
                    return body;
                  }));
        });
  }

  private Route tutorDashboard(User user) {
    return parameterOptional(
        "tutor_id",
        tutorId -> {
          Access.requireRole(user, "tutor", "admin");
          if (user.is("tutor")) {
            String id = self(user, "tutor_id", tutorId);
            return jsonAsync(offload(() -> queries.tutorDashboard(id)));
          }
          String id = required("tutor_id", tutorId);
          return jsonAsync(
              offload(
                  () -> {
                    requireUser(id, "tutor");
                    return queries.tutorDashboard(id);
                  }));
        });
  }

  private Route parentView(User user) {
    return parameterOptional(
        "parent_id",
        parentId -> {
          Access.requireRole(user, "parent", "admin");
          if (user.is("parent")) {
            String id = self(user, "parent_id", parentId);
            return jsonAsync(offload(() -> queries.parentView(id)));
          }
          String id = required("parent_id", parentId);
          return jsonAsync(
              offload(
                  () -> {
                    requireUser(id, "parent");
                    return queries.parentView(id);
                  }));
        });
  }

  /** The caller's own id; naming anyone else is refused. */
  private static String self(User user, String field, Optional<String> param) {
    if (param.isPresent() && !Ids.uuid(field, param.get()).equals(user.id())) {
      throw ApiException.forbidden("You may only view your own " + field.replace("_id", "") + " figures.");
    }
    return user.id();
  }

  private static String required(String field, Optional<String> param) {
    return Ids.uuid(
        field, param.orElseThrow(() -> ApiException.badRequest(field, "is required for admins")));
  }

  /** Admins only reach here, so a 404 tells them nothing they may not know. */
  private void requireUser(String id, String role) {
    if (users.byId(id).filter(u -> u.is(role)).isEmpty()) {
      throw ApiException.notFound("No such " + role + ".");
    }
  }

  private static int days(Optional<String> param) {
    if (param.isEmpty()) return AnalyticsQueries.DEFAULT_DAYS;
    try {
      int d = Integer.parseInt(param.get().trim());
      if (d >= 1 && d <= AnalyticsQueries.MAX_DAYS) return d;
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest("days", "must be a whole number from 1 to " + AnalyticsQueries.MAX_DAYS);
  }
}
