package ai.elevare.analytics;

import ai.elevare.core.Jdbc;
import ai.elevare.student.StudentEvent;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import ai.elevare.student.StudentEvent.AssignmentCreated;
import ai.elevare.student.StudentEvent.HintTaken;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The practice events of a group (answers, assignments, hints: nearly all of them under load)
 * folded per row and written in JDBC batches: a statement per table and group instead of about
 * eight per practice pair, each a round trip that woke a projection thread and a PostgreSQL backend.
 * The rows end as the events one at a time would leave them: counters add up, the last event's
 * rating, streak and times win, a day row inserted for a student opens a new active day. The
 * handler flushes before any other event, so events of other kinds see these rows as they were.
 */
final class PracticeFold {
  private record DayKey(String student, LocalDate day) {}

  private record StatKey(String student, String subject) {}

  private record DailyKey(String student, String subject, LocalDate day) {}

  private static final class Activity {
    int events, answers, correct;
  }

  private static final class Summary {
    Instant lastAt, maxAt;
    int newDays, answers, correct, xp;
    Integer streak;
    LocalDate practiceDay;
  }

  private static final class Stat {
    double rating;
    int answers, correct, givenUp;
    Instant at;
  }

  private static final class Daily {
    int answers, correct, givenUp;
    long timeMs;
  }

  private final Map<DayKey, Activity> days = new LinkedHashMap<>();
  private final Map<String, Summary> summaries = new LinkedHashMap<>();
  private final Map<StatKey, Stat> stats = new LinkedHashMap<>();
  private final Map<DailyKey, Daily> daily = new LinkedHashMap<>();
  private final List<Object[]> history = new ArrayList<>();
  private final Set<StatKey> trims = new LinkedHashSet<>();

  /** Takes the event into the fold and says true, or says false for an event it does not fold. */
  boolean offer(long seqNr, StudentEvent event) {
    if (event instanceof AnswerSubmitted e && e.streakDays() != null) {
      answer(seqNr, e, e.streakDays());
    } else if (event instanceof AssignmentCreated || event instanceof HintTaken) {
      activity(event.studentId(), event.at(), 0, 0);
    } else {
      // answers from before the entity recorded the streak read it from the summary row
      return false;
    }
    return true;
  }

  private Summary activity(String student, Instant at, int answers, int correct) {
    Activity day = days.computeIfAbsent(new DayKey(student, DashboardHandler.utcDay(at)), k -> new Activity());
    day.events++;
    day.answers += answers;
    day.correct += correct;
    Summary s = summaries.computeIfAbsent(student, k -> new Summary());
    s.lastAt = at;
    if (s.maxAt == null || s.maxAt.isBefore(at)) s.maxAt = at;
    return s;
  }

  /** Folds an answer whose streak after it is {@code streak}. */
  void answer(long seqNr, AnswerSubmitted e, int streak) {
    int correct = e.correct() ? 1 : 0;
    int givenUp = e.givenUp() ? 1 : 0;
    Summary s = activity(e.studentId(), e.at(), 1, correct);
    s.answers++;
    s.correct += correct;
    s.xp += e.xpAwarded();
    s.streak = streak;
    if (s.practiceDay == null || s.practiceDay.isBefore(e.practiceDay())) s.practiceDay = e.practiceDay();

    StatKey key = new StatKey(e.studentId(), e.subject());
    Stat stat = stats.computeIfAbsent(key, k -> new Stat());
    stat.rating = e.ratingAfter();
    stat.answers++;
    stat.correct += correct;
    stat.givenUp += givenUp;
    stat.at = e.at();

    history.add(
        new Object[] {e.studentId(), seqNr, e.subject(), e.correct(), e.ratingBefore(), e.ratingAfter(), e.at()});
    trims.add(key);

    Daily d = daily.computeIfAbsent(
        new DailyKey(e.studentId(), e.subject(), DashboardHandler.utcDay(e.at())), k -> new Daily());
    d.answers++;
    d.correct += correct;
    d.givenUp += givenUp;
    d.timeMs += e.timeMs();
  }

  /** Writes what was folded, in the caller's transaction, and starts empty again. */
  void flush(Connection c) throws SQLException {
    if (summaries.isEmpty()) return;
    writeDays(c);
    writeSummaries(c);
    writeStats(c);
    Jdbc.batch(
        c,
        "INSERT INTO student_answer_history"
            + " (student_id, seq_nr, subject, correct, rating_before, rating_after, answered_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        history);
    // keep the newest HISTORY_KEPT per subject: the index finds the cut
    Jdbc.batch(
        c,
        "DELETE FROM student_answer_history WHERE student_id = ? AND subject = ? AND seq_nr <"
            + " (SELECT seq_nr FROM student_answer_history WHERE student_id = ? AND subject = ?"
            + " ORDER BY seq_nr DESC OFFSET " + (DashboardHandler.HISTORY_KEPT - 1)
            + " ROWS FETCH NEXT 1 ROWS ONLY)",
        trims.stream().map(k -> new Object[] {k.student(), k.subject(), k.student(), k.subject()}).toList());
    writeDaily(c);
    days.clear();
    summaries.clear();
    stats.clear();
    daily.clear();
    history.clear();
    trims.clear();
  }

  /**
   * Update-else-insert for every folded row in two batches: the UPDATE for all of them, then the
   * INSERT for those it matched none of (each row has a single writer, so nothing races in
   * between). Returns the keys that were inserted.
   */
  private static <K, V> List<K> updateElseInsert(
      Connection c, Map<K, V> rows, String update, BiFunction<K, V, Object[]> updateParams, String insert,
      BiFunction<K, V, Object[]> insertParams)
      throws SQLException {
    List<K> keys = new ArrayList<>(rows.keySet());
    List<Object[]> updates = new ArrayList<>(keys.size());
    for (K k : keys) updates.add(updateParams.apply(k, rows.get(k)));
    int[] counts = Jdbc.batchUpdate(c, update, updates);
    List<K> inserted = new ArrayList<>();
    List<Object[]> inserts = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) continue;
      K k = keys.get(i);
      inserted.add(k);
      inserts.add(insertParams.apply(k, rows.get(k)));
    }
    Jdbc.batch(c, insert, inserts);
    return inserted;
  }

  private void writeDays(Connection c) throws SQLException {
    List<DayKey> opened =
        updateElseInsert(
            c, days,
            DashboardHandler.ACTIVITY_DAY_UPDATE,
            (k, a) -> new Object[] {a.events, a.answers, a.correct, 0, k.student(), k.day()},
            DashboardHandler.ACTIVITY_DAY_INSERT,
            (k, a) -> new Object[] {k.student(), k.day(), a.events, a.answers, a.correct, 0});
    // a day row inserted is a new active day for the summary
    for (DayKey k : opened) summaries.get(k.student()).newDays++;
  }

  private static final String WITH_ANSWERS =
      ", xp = xp + ?, answers = answers + ?, correct = correct + ?, streak_days = ?,"
          + " last_practice_day = CASE WHEN last_practice_day IS NULL OR last_practice_day < ? THEN ?"
          + " ELSE last_practice_day END";

  private void writeSummaries(Connection c) throws SQLException {
    // one statement shape per batch: students who answered, and students who only took assignments or hints
    Map<String, Summary> answered = new LinkedHashMap<>();
    Map<String, Summary> active = new LinkedHashMap<>();
    summaries.forEach((student, s) -> (s.answers > 0 ? answered : active).put(student, s));
    writeSummaries(c, answered, DashboardHandler.summarySql(WITH_ANSWERS));
    writeSummaries(c, active, DashboardHandler.summarySql(""));
  }

  private static void writeSummaries(Connection c, Map<String, Summary> rows, String sql) throws SQLException {
    BiFunction<String, Summary, Object[]> params =
        (student, s) ->
            DashboardHandler.summaryParams(
                student, s.lastAt, s.maxAt, s.newDays,
                s.answers > 0
                    ? new Object[] {s.xp, s.answers, s.correct, s.streak, s.practiceDay, s.practiceDay}
                    : new Object[0]);
    // a student's first event: the row is created empty, then updated as the others are
    List<String> created =
        updateElseInsert(
            c, rows, sql, params, DashboardHandler.SUMMARY_INSERT, (student, s) -> new Object[] {student, s.lastAt});
    List<Object[]> again = new ArrayList<>(created.size());
    for (String student : created) again.add(params.apply(student, rows.get(student)));
    Jdbc.batch(c, sql, again);
  }

  private void writeStats(Connection c) throws SQLException {
    updateElseInsert(
        c, stats,
        "UPDATE student_subject_stats SET rating = ?, answers = answers + ?, correct = correct + ?,"
            + " given_up = given_up + ?, last_answer_at = ?, updated_at = ?"
            + " WHERE student_id = ? AND subject = ?",
        (k, s) -> new Object[] {s.rating, s.answers, s.correct, s.givenUp, s.at, s.at, k.student(), k.subject()},
        DashboardHandler.STATS_INSERT,
        (k, s) -> new Object[] {k.student(), k.subject(), s.rating, s.answers, s.correct, s.givenUp, s.at, s.at});
  }

  private void writeDaily(Connection c) throws SQLException {
    updateElseInsert(
        c, daily,
        "UPDATE practice_daily SET answers = answers + ?, correct = correct + ?,"
            + " given_up = given_up + ?, time_ms = time_ms + ?"
            + " WHERE student_id = ? AND subject = ? AND on_day = ?",
        (k, d) -> new Object[] {d.answers, d.correct, d.givenUp, d.timeMs, k.student(), k.subject(), k.day()},
        "INSERT INTO practice_daily (student_id, subject, on_day, answers, correct, given_up, time_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (k, d) -> new Object[] {k.student(), k.subject(), k.day(), d.answers, d.correct, d.givenUp, d.timeMs});
  }
}
