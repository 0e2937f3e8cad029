package ai.elevare.analytics;

import ai.elevare.analytics.AnalyticsViews.ActiveDay;
import ai.elevare.analytics.AnalyticsViews.ActiveStudents;
import ai.elevare.analytics.AnalyticsViews.ActiveWeek;
import ai.elevare.analytics.AnalyticsViews.AdminAnalytics;
import ai.elevare.analytics.AnalyticsViews.DailyPractice;
import ai.elevare.analytics.AnalyticsViews.DayCount;
import ai.elevare.analytics.AnalyticsViews.DifficultyCount;
import ai.elevare.analytics.AnalyticsViews.Flag;
import ai.elevare.analytics.AnalyticsViews.KeyCount;
import ai.elevare.analytics.AnalyticsViews.OverrideAnalytics;
import ai.elevare.analytics.AnalyticsViews.OverrideRow;
import ai.elevare.analytics.AnalyticsViews.ParentView;
import ai.elevare.analytics.AnalyticsViews.PersonCount;
import ai.elevare.analytics.AnalyticsViews.Practice;
import ai.elevare.analytics.AnalyticsViews.QaFigures;
import ai.elevare.analytics.AnalyticsViews.StudentCard;
import ai.elevare.analytics.AnalyticsViews.SubjectPractice;
import ai.elevare.analytics.AnalyticsViews.SubjectRating;
import ai.elevare.analytics.AnalyticsViews.TutorDashboard;
import ai.elevare.core.Jdbc;
import ai.elevare.rating.Elo;
import ai.elevare.student.Streak;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side of the dashboards and analytics: plain SQL over the projection's tables and the
 * users/user_links tables, aggregated in the database (GROUP BY, SUM(CASE ...), ROW_NUMBER()
 * OVER), written to run on PostgreSQL and H2 alike. Each view reads in one transaction. Blocking:
 * callers run it off the HTTP dispatcher.
 */
public final class AnalyticsQueries {
  public static final int DEFAULT_DAYS = 28;
  public static final int MAX_DAYS = 365;
  static final int FLAGS_SHOWN = 5;
  static final int RECENT_OVERRIDES = 20;

  /** A Q&A answer a tutor should look at. */
  private static final String FLAGGED =
      "(q.label = 'low' OR q.escalation_required = TRUE OR q.escalated = TRUE)";

  private final Jdbc jdbc;
  private final AtRiskRule rule;
  private final Clock clock;

  public AnalyticsQueries(Jdbc jdbc, AtRiskRule rule, Clock clock) {
    this.jdbc = jdbc;
    this.rule = rule;
    this.clock = clock;
  }

  // ---- tutor dashboard and parent view ----------------------------------------------------

  /** Every student linked to the tutor, with flags in detail. */
  public TutorDashboard tutorDashboard(String tutorId) {
    Instant now = clock.instant();
    return new TutorDashboard(
        tutorId, now, DEFAULT_DAYS, jdbc.tx(c -> cards(c, "tutor", tutorId, true, now)));
  }

  /** The parent's linked children, read-only: flags only as a count. */
  public ParentView parentView(String parentId) {
    Instant now = clock.instant();
    return new ParentView(
        parentId, now, DEFAULT_DAYS, jdbc.tx(c -> cards(c, "parent", parentId, false, now)));
  }

  private record Base(
      String id, String name, String zone, Instant lastActivity, long xp, int answers, int correct,
      int streak, LocalDate lastPracticeDay, int goalsCompleted) {}

  private List<StudentCard> cards(Connection c, String kind, String userId, boolean withFlags, Instant now)
      throws SQLException {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate since = today.minusDays(DEFAULT_DAYS - 1);
    String linked =
        " JOIN user_links l ON l.student_id = x.student_id AND l.kind = ? AND l.from_user_id = ?";

    List<Base> students =
        Jdbc.query(
            c,
            "SELECT u.id, u.name, u.time_zone, s.last_activity_at, s.xp, s.answers, s.correct,"
                + " s.streak_days, s.last_practice_day, s.goals_completed"
                + " FROM user_links l JOIN users u ON u.id = l.student_id"
                + " LEFT JOIN student_summary s ON s.student_id = u.id"
                + " WHERE l.kind = ? AND l.from_user_id = ? ORDER BY u.name, u.id",
            rs ->
                new Base(
                    rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4), rs.getLong(5),
                    rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getObject(9, LocalDate.class),
                    rs.getInt(10)),
            kind, userId);

    Map<String, Integer> activeDays = new HashMap<>();
    for (Object[] r :
        Jdbc.query(
            c,
            "SELECT x.student_id, COUNT(*) FROM student_activity_days x" + linked
                + " WHERE x.on_day >= ? GROUP BY x.student_id",
            rs -> new Object[] {rs.getString(1), rs.getInt(2)},
            kind, userId, since)) {
      activeDays.put((String) r[0], (Integer) r[1]);
    }

    // The rating trend: the last `window` answers per student and subject, numbered newest first.
    Map<String, List<SubjectRating>> ratings = new HashMap<>();
    Map<String, List<AtRiskRule.Trend>> trends = new HashMap<>();
    Jdbc.query(
        c,
        "SELECT x.student_id, x.subject, x.rating, x.answers, x.correct, t.net_change, t.n"
            + " FROM student_subject_stats x" + linked
            + " LEFT JOIN (SELECT h.student_id, h.subject,"
            + "   SUM(h.rating_after - h.rating_before) AS net_change, COUNT(*) AS n"
            + "   FROM (SELECT a.student_id, a.subject, a.rating_before, a.rating_after,"
            + "     ROW_NUMBER() OVER (PARTITION BY a.student_id, a.subject ORDER BY a.seq_nr DESC) AS rn"
            + "     FROM student_answer_history a"
            + "     JOIN user_links l2"
            + "       ON l2.student_id = a.student_id AND l2.kind = ? AND l2.from_user_id = ?) h"
            + "   WHERE h.rn <= ? GROUP BY h.student_id, h.subject) t"
            + " ON t.student_id = x.student_id AND t.subject = x.subject"
            + " ORDER BY x.student_id, x.subject",
        rs -> {
          String student = rs.getString(1);
          String subject = rs.getString(2);
          double rating = rs.getDouble(3);
          int answers = rs.getInt(4);
          int correct = rs.getInt(5);
          double change = rs.getDouble(6);
          int n = rs.getInt(7);
          ratings
              .computeIfAbsent(student, k -> new ArrayList<>())
              .add(
                  new SubjectRating(
                      subject, round1(rating), Elo.difficulty(rating), answers, correct,
                      ratio(correct, answers), round1(change), n));
          trends
              .computeIfAbsent(student, k -> new ArrayList<>())
              .add(new AtRiskRule.Trend(subject, change, n));
          return null;
        },
        kind, userId, kind, userId, rule.window());

    Map<String, Integer> flagCounts = new HashMap<>();
    for (Object[] r :
        Jdbc.query(
            c,
            "SELECT q.student_id, COUNT(*) FROM qa_interaction_log q"
                + " JOIN user_links l ON l.student_id = q.student_id AND l.kind = ? AND l.from_user_id = ?"
                + " WHERE q.on_day >= ? AND " + FLAGGED + " GROUP BY q.student_id",
            rs -> new Object[] {rs.getString(1), rs.getInt(2)},
            kind, userId, since)) {
      flagCounts.put((String) r[0], (Integer) r[1]);
    }

    Map<String, List<Flag>> flags = new HashMap<>();
    if (withFlags) {
      Jdbc.query(
          c,
          "SELECT f.student_id, f.interaction_id, f.subject, f.question, f.confidence, f.label,"
              + " f.escalation_required, f.escalated, f.asked_at FROM"
              + " (SELECT q.*, ROW_NUMBER() OVER (PARTITION BY q.student_id ORDER BY q.asked_at DESC) AS rn"
              + "  FROM qa_interaction_log q"
              + "  JOIN user_links l ON l.student_id = q.student_id AND l.kind = ? AND l.from_user_id = ?"
              + "  WHERE q.on_day >= ? AND " + FLAGGED + ") f"
              + " WHERE f.rn <= " + FLAGS_SHOWN + " ORDER BY f.student_id, f.asked_at DESC",
          rs -> {
            flags
                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(
                    new Flag(
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5),
                        rs.getString(6), rs.getBoolean(7), rs.getBoolean(8), instant(rs, 9)));
            return null;
          },
          kind, userId, since);
    }

    List<StudentCard> cards = new ArrayList<>();
    for (Base b : students) {
      List<AtRiskRule.Reason> reasons =
          rule.evaluate(b.lastActivity(), trends.getOrDefault(b.id(), List.of()), now);
      cards.add(
          new StudentCard(
              b.id(), b.name(), b.lastActivity(), b.xp(), streakOn(b, now),
              activeDays.getOrDefault(b.id(), 0), b.answers(), b.correct(),
              ratio(b.correct(), b.answers()), b.goalsCompleted(),
              ratings.getOrDefault(b.id(), List.of()), flagCounts.getOrDefault(b.id(), 0),
              withFlags ? flags.getOrDefault(b.id(), List.of()) : null, !reasons.isEmpty(), reasons));
    }
    return cards;
  }

  /** As the student's entity shows it, in the student's own time zone. */
  private static int streakOn(Base b, Instant now) {
    return new Streak(b.streak(), b.lastPracticeDay()).asOf(LocalDate.ofInstant(now, zone(b.zone())));
  }

  // ---- override analytics -----------------------------------------------------------------

  /** Overrides in the last {@code days} days: one tutor's ({@code tutorId}), or all when null. */
  public OverrideAnalytics overrideAnalytics(String tutorId, int days) {
    Window w = window(days);
    return jdbc.tx(c -> overrides(c, tutorId, w));
  }

  private OverrideAnalytics overrides(Connection c, String tutorId, Window w) throws SQLException {
    String where =
        " WHERE o.on_day >= ? AND o.on_day <= ?" + (tutorId == null ? "" : " AND o.tutor_id = ?");
    Object[] params =
        tutorId == null
            ? new Object[] {w.from(), w.to()}
            : new Object[] {w.from(), w.to(), tutorId};

    List<KeyCount> bySubject = keyCounts(c, "o.subject", where, params);
    List<KeyCount> byKind = keyCounts(c, "o.kind", where, params);
    List<DifficultyCount> byDifficulty =
        Jdbc.query(
            c,
            "SELECT o.difficulty, COUNT(*) FROM override_log o" + where
                + " GROUP BY o.difficulty ORDER BY o.difficulty",
            rs -> new DifficultyCount(rs.getInt(1), rs.getLong(2)),
            params);
    List<PersonCount> byTutor = personCounts(c, "o.tutor_id", where, params);
    List<PersonCount> byStudent = personCounts(c, "o.student_id", where, params);
    Map<LocalDate, Long> perDay = new HashMap<>();
    for (DayCount d :
        Jdbc.query(
            c,
            "SELECT o.on_day, COUNT(*) FROM override_log o" + where + " GROUP BY o.on_day",
            rs -> new DayCount(rs.getObject(1, LocalDate.class), rs.getLong(2)),
            params)) {
      perDay.put(d.day(), d.count());
    }
    List<DayCount> byDay = new ArrayList<>();
    for (LocalDate d = w.from(); !d.isAfter(w.to()); d = d.plusDays(1)) {
      byDay.add(new DayCount(d, perDay.getOrDefault(d, 0L)));
    }
    List<OverrideRow> recent =
        Jdbc.query(
            c,
            "SELECT o.override_id, o.student_id, s.name, o.tutor_id, t.name, o.subject, o.kind,"
                + " o.before_value, o.after_value, o.reason, o.difficulty, o.overridden_at"
                + " FROM override_log o LEFT JOIN users s ON s.id = o.student_id"
                + " LEFT JOIN users t ON t.id = o.tutor_id" + where
                + " ORDER BY o.overridden_at DESC, o.override_id"
                + " FETCH FIRST " + RECENT_OVERRIDES + " ROWS ONLY",
            rs ->
                new OverrideRow(
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                    rs.getInt(11), instant(rs, 12)),
            params);
    long total = byKind.stream().mapToLong(KeyCount::count).sum();
    return new OverrideAnalytics(
        tutorId == null ? "all" : "tutor", tutorId, w.from(), w.to(), total, bySubject, byKind,
        byDifficulty, byTutor, byStudent, byDay, recent);
  }

  private static List<KeyCount> keyCounts(Connection c, String column, String where, Object[] params)
      throws SQLException {
    return Jdbc.query(
        c,
        "SELECT " + column + ", COUNT(*) FROM override_log o" + where
            + " GROUP BY " + column + " ORDER BY COUNT(*) DESC, " + column,
        rs -> new KeyCount(rs.getString(1), rs.getLong(2)),
        params);
  }

  private static List<PersonCount> personCounts(Connection c, String column, String where, Object[] params)
      throws SQLException {
    return Jdbc.query(
        c,
        "SELECT " + column + ", u.name, COUNT(*) FROM override_log o LEFT JOIN users u ON u.id = " + column
            + where + " GROUP BY " + column + ", u.name ORDER BY COUNT(*) DESC, " + column,
        rs -> new PersonCount(rs.getString(1), rs.getString(2), rs.getLong(3)),
        params);
  }

  // ---- admin analytics --------------------------------------------------------------------

  /** Platform figures over the last {@code days} days (UTC), today included. */
  public AdminAnalytics adminAnalytics(int days) {
    Window w = window(days);
    return jdbc.tx(
        c ->
            new AdminAnalytics(
                w.from(), w.to(), clock.instant(), active(c, w), practice(c, w), qa(c, w),
                overrides(c, null, w),
                Jdbc.query(
                        c,
                        "SELECT COUNT(*) FROM goal_completions WHERE on_day >= ? AND on_day <= ?",
                        rs -> rs.getLong(1),
                        w.from(), w.to())
                    .get(0)));
  }

  private static ActiveStudents active(Connection c, Window w) throws SQLException {
    long total =
        Jdbc.query(
                c,
                "SELECT COUNT(DISTINCT student_id) FROM student_activity_days"
                    + " WHERE on_day >= ? AND on_day <= ?",
                rs -> rs.getLong(1),
                w.from(), w.to())
            .get(0);
    // One row per student and active day, so a day's rows are its active students.
    Map<LocalDate, Long> perDay = new HashMap<>();
    for (ActiveDay d :
        Jdbc.query(
            c,
            "SELECT on_day, COUNT(*) FROM student_activity_days"
                + " WHERE on_day >= ? AND on_day <= ? GROUP BY on_day",
            rs -> new ActiveDay(rs.getObject(1, LocalDate.class), rs.getLong(2)),
            w.from(), w.to())) {
      perDay.put(d.day(), d.students());
    }
    List<ActiveDay> byDay = new ArrayList<>();
    for (LocalDate d = w.from(); !d.isAfter(w.to()); d = d.plusDays(1)) {
      byDay.add(new ActiveDay(d, perDay.getOrDefault(d, 0L)));
    }

    // Weeks: 7-day blocks ending on the last day, joined as a derived table so the database
    // counts distinct students per block (a student active on 3 days of a week counts once).
    List<LocalDate[]> weeks = new ArrayList<>();
    for (LocalDate end = w.to(); !end.isBefore(w.from()); end = end.minusDays(7)) {
      LocalDate start = end.minusDays(6).isBefore(w.from()) ? w.from() : end.minusDays(6);
      weeks.add(0, new LocalDate[] {start, end});
    }
    StringBuilder values = new StringBuilder();
    List<Object> params = new ArrayList<>();
    for (LocalDate[] wk : weeks) {
      if (values.length() > 0) values.append(", ");
      values.append("(CAST(? AS DATE), CAST(? AS DATE))");
      params.add(wk[0]);
      params.add(wk[1]);
    }
    Map<LocalDate, Long> perWeek = new HashMap<>();
    for (ActiveDay d :
        Jdbc.query(
            c,
            "SELECT wk.week_start, COUNT(DISTINCT a.student_id)"
                + " FROM (VALUES " + values + ") AS wk(week_start, week_end)"
                + " JOIN student_activity_days a ON a.on_day >= wk.week_start AND a.on_day <= wk.week_end"
                + " GROUP BY wk.week_start",
            rs -> new ActiveDay(rs.getObject(1, LocalDate.class), rs.getLong(2)),
            params.toArray())) {
      perWeek.put(d.day(), d.students());
    }
    List<ActiveWeek> byWeek = new ArrayList<>();
    for (LocalDate[] wk : weeks) byWeek.add(new ActiveWeek(wk[0], wk[1], perWeek.getOrDefault(wk[0], 0L)));
    return new ActiveStudents(total, byDay, byWeek);
  }

  private static Practice practice(Connection c, Window w) throws SQLException {
    List<SubjectPractice> bySubject =
        Jdbc.query(
            c,
            "SELECT subject, SUM(answers), SUM(correct), SUM(given_up), COUNT(DISTINCT student_id)"
                + " FROM practice_daily WHERE on_day >= ? AND on_day <= ?"
                + " GROUP BY subject ORDER BY subject",
            rs ->
                new SubjectPractice(
                    rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                    ratio(rs.getLong(3), rs.getLong(2)), rs.getLong(5)),
            w.from(), w.to());
    List<DailyPractice> byDay =
        Jdbc.query(
            c,
            "SELECT on_day, subject, SUM(answers), SUM(correct) FROM practice_daily"
                + " WHERE on_day >= ? AND on_day <= ? GROUP BY on_day, subject ORDER BY on_day, subject",
            rs ->
                new DailyPractice(
                    rs.getObject(1, LocalDate.class), rs.getString(2), rs.getLong(3), rs.getLong(4),
                    ratio(rs.getLong(4), rs.getLong(3))),
            w.from(), w.to());
    long answers = bySubject.stream().mapToLong(SubjectPractice::answers).sum();
    long correct = bySubject.stream().mapToLong(SubjectPractice::correct).sum();
    return new Practice(answers, correct, ratio(correct, answers), bySubject, byDay);
  }

  private static QaFigures qa(Connection c, Window w) throws SQLException {
    return Jdbc.query(
            c,
            "SELECT COUNT(*),"
                + " SUM(CASE WHEN label = 'high' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN label = 'medium' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN label = 'low' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN escalation_suggested THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN escalation_required THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN escalated THEN 1 ELSE 0 END)"
                + " FROM qa_interaction_log WHERE on_day >= ? AND on_day <= ?",
            rs ->
                new QaFigures(
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getLong(7), ratio(rs.getLong(7), rs.getLong(1))),
            w.from(), w.to())
        .get(0);
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** The last {@code days} UTC days, today included. */
  private record Window(LocalDate from, LocalDate to) {}

  private Window window(int days) {
    if (days < 1 || days > MAX_DAYS) throw new IllegalArgumentException("days must be 1.." + MAX_DAYS);
    LocalDate to = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    return new Window(to.minusDays(days - 1), to);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static ZoneId zone(String zone) {
    try {
      return zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
    } catch (RuntimeException e) {
      return ZoneOffset.UTC;
    }
  }

  /** Share of {@code part} in {@code whole}, 3 decimals; 0 when there is nothing to divide. */
  static double ratio(long part, long whole) {
    return whole == 0 ? 0.0 : Math.round(1000.0 * part / whole) / 1000.0;
  }

  private static double round1(double d) {
    return Math.round(d * 10) / 10.0;
  }
}
