package ai.elevare.nudge;

import ai.elevare.core.Jdbc;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The nudges table: every nudge sent (the in-app channel), its engagement (opened, clicked,
 * unsubscribed) and its e-mail's delivery state (the outbox {@link NudgeOutbox} works through).
 * Plain JDBC, blocking: callers run it on the blocking dispatcher. The in-app row is written before
 * any e-mail is tried, so a failed e-mail never loses the nudge.
 */
public final class NudgeDeliveries {

  /** E-mail states; pending and retrying are the outbox's work. */
  public static final String PENDING = "pending";
  public static final String RETRYING = "retrying";
  public static final String SENT = "sent";
  public static final String FAILED = "failed";
  public static final String OFF = "off";
  public static final String OPTED_OUT = "opted_out";
  public static final String NO_ADDRESS = "no_address";

  /** 16 random bytes as base64url without padding. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int ERROR_CHARS = 1000;

  /**
   * A nudge the student actor decided and persisted (NudgeSent), as the in-app channel stores it.
   *
   * @param link a relative path of the web app ({@link NudgeTarget#link()}); anything else is refused
   */
  public record NewNudge(
      String id, String studentId, NudgeKind kind, String message, String link, boolean fallback, Instant createdAt) {

    /** The row for a decided nudge and its written text. */
    public static NewNudge of(
        String id, String studentId, NudgeDecision.Send send, NudgeWriter.Written text, Instant at) {
      return new NewNudge(id, studentId, send.kind(), text.message(), send.target().link(), text.fallback(), at);
    }
  }

  /** A stored nudge. */
  public record Nudge(
      String id,
      String studentId,
      String kind,
      String message,
      String link,
      boolean fallback,
      Instant createdAt,
      Instant openedAt,
      Instant clickedAt,
      String clickedVia,
      Instant unsubscribedAt,
      String token,
      String emailStatus,
      int emailAttempts,
      String emailLastError,
      Instant emailNextAttemptAt,
      Instant emailSentAt) {}

  /** Who an e-mail goes to. */
  public record Recipient(String userId, String email, String name) {}

  private static final String COLUMNS =
      "id, student_id, kind, message, link, fallback, created_at, opened_at, clicked_at, clicked_via,"
          + " unsubscribed_at, token, email_status, email_attempts, email_last_error,"
          + " email_next_attempt_at, email_sent_at";

  private final Jdbc jdbc;
  private final Clock clock;
  private final boolean emailOn;

  /**
   * @param emailOn false when no SMTP host is set: new nudges are stored with e-mail {@code off}
   */
  public NudgeDeliveries(Jdbc jdbc, Clock clock, boolean emailOn) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.emailOn = emailOn;
  }

  public boolean emailOn() {
    return emailOn;
  }

  // ---- writing a nudge ----------------------------------------------------------------------

  /** Stores {@code n} in its own transaction; false when a nudge with its id is already there. */
  public boolean record(NewNudge n) {
    return jdbc.tx(c -> record(c, n));
  }

  /**
   * Stores {@code n} in the caller's transaction (a projection handler's, exactly once with its
   * offset). Idempotent on the nudge's id, so a redelivered NudgeSent never adds a second row.
   */
  public boolean record(Connection c, NewNudge n) throws SQLException {
    if (!NudgeLinks.isOwnPage(n.link())) {
      throw new IllegalArgumentException("a nudge links only to our own pages, not " + n.link());
    }
    boolean exists =
        !Jdbc.query(c, "SELECT 1 FROM nudges WHERE id = ?", rs -> 1, n.id()).isEmpty();
    if (exists) {
      return false;
    }
    String status = !emailOn ? OFF : optedOut(c, n.studentId()) ? OPTED_OUT : PENDING;
    Jdbc.update(
        c,
        "INSERT INTO nudges (id, student_id, kind, message, link, fallback, created_at, created_day,"
            + " return_by_day, token, email_status, email_attempts, email_next_attempt_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
        n.id(),
        n.studentId(),
        n.kind().wire(),
        n.message(),
        n.link(),
        n.fallback(),
        n.createdAt(),
        utcDay(n.createdAt()),
        utcDay(n.createdAt().plus(NudgeEngagement.RETURN_WINDOW)),
        newToken(),
        status,
        status.equals(PENDING) ? n.createdAt() : null);
    return true;
  }

  private static java.time.LocalDate utcDay(Instant t) {
    return t.atOffset(java.time.ZoneOffset.UTC).toLocalDate();
  }

  /** An unguessable token: 128 bits from SecureRandom, base64url. */
  static String newToken() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Whether {@code s} could be a token at all; anything else is answered 404 without a query. */
  public static boolean wellFormedToken(String s) {
    return s != null && TOKEN.matcher(s).matches();
  }

  // ---- the in-app channel -------------------------------------------------------------------

  /** The student's nudges, newest first. */
  public List<Nudge> forStudent(String studentId, int limit) {
    return jdbc.query(
        "SELECT " + COLUMNS + " FROM nudges WHERE student_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
        NudgeDeliveries::map,
        studentId,
        limit);
  }

  public Optional<Nudge> byId(String id) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM nudges WHERE id = ?", NudgeDeliveries::map, id);
  }

  public Optional<Nudge> byToken(String token) {
    if (!wellFormedToken(token)) return Optional.empty();
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM nudges WHERE token = ?", NudgeDeliveries::map, token);
  }

  /**
   * Records that the student saw the nudge in the app (the first time counts). False when it is not
   * that student's nudge, so nobody learns whether another student's nudge exists.
   */
  public boolean markOpened(String studentId, String nudgeId) {
    return jdbc.tx(
        c -> {
          int n =
              Jdbc.update(
                  c,
                  "UPDATE nudges SET opened_at = COALESCE(opened_at, ?) WHERE id = ? AND student_id = ?",
                  clock.instant(),
                  nudgeId,
                  studentId);
          return n == 1;
        });
  }

  /**
   * Records a click on the tracked link (the first counts, with its channel) and answers the page
   * to redirect to; empty for an unknown token.
   *
   * @param via "email" or "app"
   */
  public Optional<String> click(String token, String via) {
    if (!wellFormedToken(token)) return Optional.empty();
    return jdbc.tx(
        c -> {
          List<String> links = Jdbc.query(c, "SELECT link FROM nudges WHERE token = ?", rs -> rs.getString(1), token);
          if (links.isEmpty()) return Optional.empty();
          Instant now = clock.instant();
          Jdbc.update(
              c,
              "UPDATE nudges SET clicked_at = COALESCE(clicked_at, ?),"
                  + " clicked_via = COALESCE(clicked_via, ?),"
                  // following the link in the app shows the nudge there too
                  + " opened_at = CASE WHEN ? = 'app' THEN COALESCE(opened_at, ?) ELSE opened_at END"
                  + " WHERE token = ?",
              now,
              via,
              via,
              now,
              token);
          return Optional.of(links.get(0));
        });
  }

  // ---- e-mail opt-out -----------------------------------------------------------------------

  /**
   * One-click unsubscribe: turns e-mail off for the nudge's student and marks the nudge. Idempotent;
   * false for an unknown token.
   */
  public boolean unsubscribe(String token) {
    if (!wellFormedToken(token)) return false;
    return jdbc.tx(
        c -> {
          List<String> students =
              Jdbc.query(c, "SELECT student_id FROM nudges WHERE token = ?", rs -> rs.getString(1), token);
          if (students.isEmpty()) return false;
          Instant now = clock.instant();
          Jdbc.update(c, "UPDATE nudges SET unsubscribed_at = COALESCE(unsubscribed_at, ?) WHERE token = ?", now, token);
          setOptOut(c, students.get(0), true, "link", now);
          return true;
        });
  }

  /**
   * Turns a student's nudge e-mail off or on again.
   *
   * @param by the user who did it (the student, a linked parent, an admin)
   */
  public void setEmailOptOut(String studentId, boolean optOut, String by) {
    jdbc.tx(
        c -> {
          setOptOut(c, studentId, optOut, by, clock.instant());
          return null;
        });
  }

  public boolean emailOptedOut(String studentId) {
    return jdbc.tx(c -> optedOut(c, studentId));
  }

  private static void setOptOut(Connection c, String userId, boolean optOut, String by, Instant now)
      throws SQLException {
    if (!optOut) {
      Jdbc.update(c, "DELETE FROM nudge_email_optout WHERE user_id = ?", userId);
      return;
    }
    if (!optedOut(c, userId)) {
      Jdbc.update(
          c,
          "INSERT INTO nudge_email_optout (user_id, unsubscribed_at, unsubscribed_by) VALUES (?, ?, ?)",
          userId,
          now,
          by);
    }
    // e-mails still waiting are not sent any more
    Jdbc.update(
        c,
        "UPDATE nudges SET email_status = ?, email_next_attempt_at = NULL"
            + " WHERE student_id = ? AND email_status IN (?, ?)",
        OPTED_OUT,
        userId,
        PENDING,
        RETRYING);
  }

  private static boolean optedOut(Connection c, String userId) throws SQLException {
    return !Jdbc.query(c, "SELECT 1 FROM nudge_email_optout WHERE user_id = ?", rs -> 1, userId).isEmpty();
  }

  // ---- the e-mail outbox --------------------------------------------------------------------

  /**
   * Claims up to {@code limit} e-mails that are due, each for {@code lease}: the conditional update
   * lets only one node (or one run) have each, and a node that dies mid-send gives it back when the
   * lease ends.
   */
  public List<Nudge> claimDue(Duration lease, int limit) {
    Instant now = clock.instant();
    return jdbc.tx(
        c -> {
          List<String> ids =
              Jdbc.query(
                  c,
                  "SELECT id FROM nudges WHERE email_status IN (?, ?) AND email_next_attempt_at <= ?"
                      + " ORDER BY email_next_attempt_at LIMIT ?",
                  rs -> rs.getString(1),
                  PENDING,
                  RETRYING,
                  now,
                  limit);
          List<Nudge> claimed = new ArrayList<>();
          for (String id : ids) {
            int n =
                Jdbc.update(
                    c,
                    "UPDATE nudges SET email_next_attempt_at = ? WHERE id = ? AND email_status IN (?, ?)"
                        + " AND email_next_attempt_at <= ?",
                    now.plus(lease),
                    id,
                    PENDING,
                    RETRYING,
                    now);
            if (n == 1) {
              claimed.addAll(Jdbc.query(c, "SELECT " + COLUMNS + " FROM nudges WHERE id = ?", NudgeDeliveries::map, id));
            }
          }
          return claimed;
        });
  }

  public void emailSent(String id) {
    jdbc.update(
        "UPDATE nudges SET email_status = ?, email_attempts = email_attempts + 1, email_sent_at = ?,"
            + " email_next_attempt_at = NULL WHERE id = ?",
        SENT,
        clock.instant(),
        id);
  }

  /**
   * Records a failed attempt.
   *
   * @param nextAttemptAt when to try again; null to give up (status failed)
   */
  public void emailFailed(String id, String error, Instant nextAttemptAt) {
    String e = error == null ? "unknown error" : error;
    jdbc.update(
        "UPDATE nudges SET email_status = ?, email_attempts = email_attempts + 1, email_last_error = ?,"
            + " email_next_attempt_at = ? WHERE id = ?",
        nextAttemptAt == null ? FAILED : RETRYING,
        e.length() > ERROR_CHARS ? e.substring(0, ERROR_CHARS) : e,
        nextAttemptAt,
        id);
  }

  /** Ends an e-mail without sending it (opted out meanwhile, no address). */
  public void emailSkipped(String id, String status) {
    jdbc.update(
        "UPDATE nudges SET email_status = ?, email_next_attempt_at = NULL WHERE id = ?", status, id);
  }

  /** The student's address and name, when the student has an account with an e-mail address. */
  public Optional<Recipient> recipient(String studentId) {
    return jdbc.queryOne(
        "SELECT id, email, name FROM users WHERE id = ?",
        rs -> new Recipient(rs.getString(1), rs.getString(2), rs.getString(3)),
        studentId);
  }

  private static Nudge map(ResultSet rs) throws SQLException {
    return new Nudge(
        rs.getString("id"),
        rs.getString("student_id"),
        rs.getString("kind"),
        rs.getString("message"),
        rs.getString("link"),
        rs.getBoolean("fallback"),
        instant(rs, "created_at"),
        instant(rs, "opened_at"),
        instant(rs, "clicked_at"),
        rs.getString("clicked_via"),
        instant(rs, "unsubscribed_at"),
        rs.getString("token"),
        rs.getString("email_status"),
        rs.getInt("email_attempts"),
        rs.getString("email_last_error"),
        instant(rs, "email_next_attempt_at"),
        instant(rs, "email_sent_at"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
