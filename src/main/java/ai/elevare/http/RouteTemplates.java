package ai.elevare.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a request path to the route template it was served by ({@code /progress/{student_id}}), the
 * label of the access log and the HTTP metrics: never the raw path, whose ids would make every
 * student a series of its own. The list mirrors docs/openapi.yaml (a test keeps them in step) plus
 * the web app's paths; anything else is {@link #UNMATCHED}. Matching walks the path in place and
 * allocates nothing.
 */
final class RouteTemplates {
  static final String UNMATCHED = "unmatched";

  /** A trailing {@code /**} matches the rest of the path, the web app's client-side routes and files. */
  static final List<String> ALL =
      List.of(
          "/health", "/ready", "/metrics",
          "/auth/login", "/auth/logout", "/me", "/subjects",
          "/practice/assign", "/practice/complete", "/practice/hint",
          "/progress/{student_id}", "/progress/{student_id}/stream",
          "/goals", "/goals/{goal_id}",
          "/threads", "/threads/{thread_id}", "/threads/{thread_id}/messages",
          "/dashboard/tutor", "/dashboard/parent",
          "/overrides", "/overrides/analytics", "/admin/analytics", "/admin/users", "/admin/users/{user_id}",
          "/admin/links", "/admin/links/{kind}/{from_user_id}/{student_id}",
          "/nudges", "/nudges/{nudge_id}/opened", "/nudges/email", "/n/{token}", "/unsubscribe/{token}",
          "/qa/query", "/qa/{interaction_id}/escalate",
          "/items", "/items/review", "/items/review/{id}/approve", "/items/review/{id}/reject",
          "/items/review/{id}/clear", "/items/review/{id}/retire", "/items/{id}/flag",
          "/summaries", "/summaries/{student_id}",
          "/students/{student_id}", "/students/{student_id}/export",
          "/", "/app/**", "/assets/**");

  /** Operations endpoints: counted, but not written to the access log (probes poll them). */
  private static final List<String> QUIET = List.of("/health", "/ready", "/metrics");

  private final String[][] segments;
  private final boolean[] rest;
  private final boolean[] quiet;
  private final List<String> labels;

  RouteTemplates(List<String> templates) {
    int n = templates.size();
    segments = new String[n][];
    rest = new boolean[n];
    quiet = new boolean[n];
    List<String> l = new ArrayList<>(n + 1);
    for (int i = 0; i < n; i++) {
      String t = templates.get(i);
      rest[i] = t.endsWith("/**");
      String fixed = rest[i] ? t.substring(0, t.length() - 3) : t;
      segments[i] = fixed.equals("/") || fixed.isEmpty() ? new String[0] : fixed.substring(1).split("/");
      quiet[i] = QUIET.contains(t);
      l.add(t);
    }
    l.add(UNMATCHED);
    labels = List.copyOf(l);
  }

  static RouteTemplates standard() {
    return new RouteTemplates(ALL);
  }

  /** Every label {@link #match} can return, by index; the last is {@link #UNMATCHED}. */
  List<String> labels() {
    return labels;
  }

  String label(int index) {
    return labels.get(index);
  }

  boolean quiet(int index) {
    return index < quiet.length && quiet[index];
  }

  /** The index of the first template that matches {@code path}, or that of {@link #UNMATCHED}. */
  int match(String path) {
    for (int i = 0; i < segments.length; i++) {
      if (matches(segments[i], rest[i], path)) return i;
    }
    return segments.length;
  }

  private static boolean matches(String[] template, boolean rest, String path) {
    if (path.isEmpty() || path.charAt(0) != '/') return false;
    int pos = 1;
    int len = path.length();
    if (template.length == 0) return rest || len == 1;
    for (String seg : template) {
      if (pos > len) return false;
      int end = path.indexOf('/', pos);
      if (end < 0) end = len;
      int segLen = end - pos;
      if (seg.charAt(0) == '{') {
        if (segLen == 0) return false;
      } else if (segLen != seg.length() || !path.regionMatches(pos, seg, 0, segLen)) {
        return false;
      }
      pos = end + 1;
    }
    // pos == len + 1: the path ended with the last segment; a rest template takes anything after it.
    return pos == len + 1 || (rest && pos <= len + 1);
  }
}
