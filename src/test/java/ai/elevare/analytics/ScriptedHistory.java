package ai.elevare.analytics;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.analytics.AnalyticsViews.ActiveDay;
import ai.elevare.analytics.AnalyticsViews.ActiveWeek;
import ai.elevare.analytics.AnalyticsViews.AdminAnalytics;
import ai.elevare.analytics.AnalyticsViews.DayCount;
import ai.elevare.analytics.AnalyticsViews.DifficultyCount;
import ai.elevare.analytics.AnalyticsViews.KeyCount;
import ai.elevare.analytics.AnalyticsViews.OverrideAnalytics;
import ai.elevare.analytics.AnalyticsViews.PersonCount;
import ai.elevare.analytics.AnalyticsViews.StudentCard;
import ai.elevare.analytics.AnalyticsViews.SubjectPractice;
import ai.elevare.analytics.AnalyticsViews.SubjectRating;
import ai.elevare.core.Jdbc;
import ai.elevare.account.UserDirectory;
import ai.elevare.practice.Question;
import ai.elevare.rating.Elo;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import ai.elevare.student.StudentEvent.AssignmentCreated;
import ai.elevare.student.StudentEvent.AssignmentQueued;
import ai.elevare.student.Streak;
import ai.elevare.student.StudentEvent;
import ai.elevare.student.StudentEvent.GoalCompleted;
import ai.elevare.student.StudentEvent.GoalCreated;
import ai.elevare.student.StudentEvent.GoalProgressOverridden;
import ai.elevare.student.StudentEvent.HintTaken;
import ai.elevare.student.StudentEvent.InteractionEscalated;
import ai.elevare.student.StudentEvent.QuestionAnswered;
import ai.elevare.student.StudentEvent.RatingOverridden;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;

/**
 * A known history of three students, two tutors, a parent and an admin, as envelopes on one tag,
 * and every figure the read side must show for it at {@link #NOW}. Each expected figure is
 * worked out by hand from the events below (see the comments), never read back from the code.
 *
 * <ul>
 *   <li>Alice (tutor Tom, parent Pat): math and chemistry in the last three days, two Q&A
 *       questions (one low-confidence and escalated), a goal reached, two overrides by Tom.
 *   <li>Bob (tutor Tom): one old answer, then five wrong english answers in a row at the end of
 *       February and nothing since: at risk twice over. An override by Tom in January (outside
 *       the 28-day window) and a goal completed by Tom's progress override.
 *   <li>Cara (tutor Uma): 22 correct biology answers today (history pruned to 20), Uma's
 *       difficulty override and an admin's assignment override, a low-confidence question.
 * </ul>
 */
final class ScriptedHistory {
  static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  final String alice, bob, cara, tom, uma, pat, ada;
  final List<EventEnvelope<StudentEvent>> envelopes = new ArrayList<>();
  private final Map<String, Long> seqNrs = new HashMap<>();
  final String ia1 = uuid(), ia2 = uuid(), ib1 = uuid(), ic1 = uuid();

  /** Creates the users and links in the database, then scripts the events. */
  ScriptedHistory(Jdbc jdbc) {
    UserDirectory users = new UserDirectory(jdbc);
    alice = users.create("alice-" + uuid() + "@t.test", "Alice", "student", null, null).id();
    bob = users.create("bob-" + uuid() + "@t.test", "Bob", "student", null, null).id();
    cara = users.create("cara-" + uuid() + "@t.test", "Cara", "student", null, null).id();
    tom = users.create("tom-" + uuid() + "@t.test", "Tom", "tutor", null, null).id();
    uma = users.create("uma-" + uuid() + "@t.test", "Uma", "tutor", null, null).id();
    pat = users.create("pat-" + uuid() + "@t.test", "Pat", "parent", null, null).id();
    ada = users.create("ada-" + uuid() + "@t.test", "Ada", "admin", null, null).id();
    users.link("tutor", tom, alice);
    users.link("tutor", tom, bob);
    users.link("tutor", uma, cara);
    users.link("parent", pat, alice);
    script();
  }

  private void script() {
    // Bob, January: one right answer, then Tom's rating check (outside the window).
    add(answer(bob, "english", true, false, 1000, 1030, 8, "2025-01-20T10:00:00Z"));
    add(new RatingOverridden(bob, uuid(), "rating", "english", 1030, 1030, tom, "check", t("2025-01-21T10:00:00Z")));
    // Bob, end of February: one right, five given up; a flagged question; Tom's goal completed by override.
    add(answer(bob, "english", true, false, 1030, 1050, 9, "2025-02-26T15:00:00Z"));
    add(answer(bob, "english", false, true, 1050, 1010, 0, "2025-02-27T15:00:00Z"));
    add(answer(bob, "english", false, true, 1010, 975, 0, "2025-02-27T15:05:00Z"));
    add(answer(bob, "english", false, true, 975, 945, 0, "2025-02-28T15:00:00Z"));
    add(answer(bob, "english", false, true, 945, 920, 0, "2025-02-28T15:05:00Z"));
    add(answer(bob, "english", false, true, 920, 900, 0, "2025-02-28T15:10:00Z"));
    add(question(bob, ib1, "english", 0.55, "medium", true, true, "2025-02-28T16:00:00Z"));
    String g2 = uuid();
    add(new GoalCreated(bob, g2, "english", "Five right", 5, tom, t("2025-02-28T17:00:00Z")));
    add(new GoalProgressOverridden(bob, uuid(), g2, "english", 0, 5, tom, "worked offline", t("2025-03-01T09:00:00Z")));
    add(new GoalCompleted(bob, g2, "english", t("2025-03-01T09:00:00Z")));

    // Alice: math over two days (a wrong first try, then right), Tom's rating override.
    String a1 = uuid(), a2 = uuid();
    add(new AssignmentCreated(alice, a1, "math", item("m-1", "math"), 1000, "bank", null, t("2025-03-08T09:00:00Z")));
    add(answer(alice, "math", true, false, 1000, 1040, 10, "2025-03-08T09:01:00Z"));
    add(new AssignmentCreated(alice, a2, "math", item("m-2", "math"), 1000, "bank", null, t("2025-03-09T09:00:00Z")));
    add(new HintTaken(alice, a2, 1, t("2025-03-09T09:00:30Z")));
    add(answer(alice, "math", false, false, 1040, 1010, 0, "2025-03-09T09:01:00Z"));
    add(answer(alice, "math", true, false, 1010, 1025, 5, "2025-03-09T09:02:00Z"));
    add(new RatingOverridden(alice, uuid(), "rating", "math", 1025, 1200, tom, "placement test", t("2025-03-09T10:00:00Z")));
    add(question(alice, ia1, "physics", 0.35, "low", true, false, "2025-03-09T11:00:00Z"));
    add(question(alice, ia2, "math", 0.9, "high", false, false, "2025-03-10T08:00:00Z"));
    add(new InteractionEscalated(alice, ia1, uuid(), t("2025-03-10T08:30:00Z")));
    // Alice sets her own goal; Tom queues a chemistry item; she answers it and reaches the goal.
    String g1 = uuid(), queued = uuid();
    add(new GoalCreated(alice, g1, "chemistry", "One right", 1, alice, t("2025-03-10T09:00:00Z")));
    add(new AssignmentQueued(alice, queued, "chemistry", item("c-1", "chemistry"), 1100, tom, "review", t("2025-03-10T09:30:00Z")));
    add(new AssignmentCreated(alice, uuid(), "chemistry", item("c-1", "chemistry"), 1100, "tutor", queued, t("2025-03-10T10:00:00Z")));
    add(answer(alice, "chemistry", true, false, 1000, 1050, 12, "2025-03-10T10:01:00Z"));
    add(new GoalCompleted(alice, g1, "chemistry", t("2025-03-10T10:01:00Z")));

    // Cara: 22 right biology answers this morning, +2 each; Uma's difficulty override; Ada's item.
    for (int i = 0; i < 22; i++) {
      add(answer(cara, "biology", true, false, 1000 + 2 * i, 1002 + 2 * i, 1,
          Instant.parse("2025-03-10T08:00:00Z").plusSeconds(60L * i).toString()));
    }
    add(new RatingOverridden(cara, uuid(), "difficulty", "biology", 1044, Elo.ratingForDifficulty(8), uma, "too easy", t("2025-03-10T09:00:00Z")));
    add(new AssignmentQueued(cara, uuid(), "biology", item("b-9", "biology"), 1500, ada, "exam prep", t("2025-03-10T09:10:00Z")));
    add(question(cara, ic1, "biology", 0.2, "low", true, false, "2025-03-10T09:20:00Z"));
  }

  /** The dashboard tables the handler writes, each row as its column values, in a stable order. */
  static final List<String> TABLES =
      List.of(
          "student_summary", "student_subject_stats", "student_answer_history", "student_activity_days",
          "practice_daily", "qa_interaction_log", "override_log", "goal_completions");

  static Map<String, List<List<Object>>> rows(Jdbc jdbc) {
    Map<String, List<List<Object>>> tables = new java.util.LinkedHashMap<>();
    for (String table : TABLES) {
      List<List<Object>> rows =
          jdbc.query(
              "SELECT * FROM " + table,
              rs -> {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.add(rs.getObject(i));
                return row;
              });
      rows.sort(java.util.Comparator.comparing(Object::toString));
      tables.put(table, rows);
    }
    return tables;
  }

  /** Every event through the handler in a transaction of its own. */
  void applyOneAtATime(Jdbc jdbc, ai.elevare.nudge.NudgeDeliveries deliveries) {
    for (var envelope : envelopes) {
      jdbc.tx(
          c -> {
            DashboardHandler.apply(c, envelope.sequenceNr(), envelope.event(), deliveries);
            return null;
          });
    }
  }

  /** Cara answered more than the history keeps: the oldest were pruned. */
  void assertHistoryPruned(Jdbc jdbc) {
    org.junit.jupiter.api.Assertions.assertEquals(
        DashboardHandler.HISTORY_KEPT,
        jdbc.queryOne(
                "SELECT COUNT(*) FROM student_answer_history WHERE student_id = ?", rs -> rs.getInt(1), cara)
            .orElseThrow());
  }

  /** The first {@code n} envelopes. */
  List<EventEnvelope<StudentEvent>> first(int n) {
    return envelopes.subList(0, n);
  }

  private void add(StudentEvent e) {
    long seqNr = seqNrs.merge(e.studentId(), 1L, Long::sum);
    long offset = envelopes.size() + 1;
    envelopes.add(EventEnvelope.create(Offset.sequence(offset), "Student|" + e.studentId(), seqNr, e, offset));
  }

  // ---- the expected figures -------------------------------------------------------------

  /** Every figure of the four views, against the history above. */
  void assertFigures(AnalyticsQueries q) {
    assertTutorDashboard(q);
    assertParentView(q);
    assertOverrideAnalytics(q);
    assertAdminAnalytics(q);
  }

  void assertTutorDashboard(AnalyticsQueries q) {
    var tomView = q.tutorDashboard(tom);
    assertEquals(List.of(alice, bob), tomView.students().stream().map(StudentCard::studentId).toList());

    StudentCard a = tomView.students().get(0);
    assertEquals("Alice", a.name());
    assertEquals(t("2025-03-10T10:01:00Z"), a.lastActivityAt());
    assertEquals(10 + 5 + 12, a.xp());
    assertEquals(3, a.streakDays(), "practised 8, 9 and 10 March");
    assertEquals(3, a.activeDays());
    assertEquals(4, a.answers());
    assertEquals(3, a.correct());
    assertEquals(0.75, a.accuracy());
    assertEquals(1, a.goalsCompleted());
    Map<String, SubjectRating> ar = bySubject(a);
    assertEquals(List.of("chemistry", "math"), a.ratings().stream().map(SubjectRating::subject).toList());
    assertEquals(1050.0, ar.get("chemistry").rating());
    assertEquals(50.0, ar.get("chemistry").trend());
    assertEquals(1, ar.get("chemistry").trendAnswers());
    assertEquals(1200.0, ar.get("math").rating(), "the override sets the rating");
    assertEquals(Elo.difficulty(1200), ar.get("math").difficulty());
    assertEquals(3, ar.get("math").answers());
    assertEquals(2, ar.get("math").correct());
    assertEquals(40 - 30 + 15, ar.get("math").trend(), 1e-9, "the override is not part of the trend");
    assertEquals(3, ar.get("math").trendAnswers());
    assertEquals(1, a.flagsCount(), "the low-confidence physics answer; the high one is no flag");
    assertEquals(ia1, a.flags().get(0).interactionId());
    assertTrue(a.flags().get(0).escalated());
    assertEquals("low", a.flags().get(0).label());
    assertFalse(a.atRisk());
    assertEquals(List.of(), a.atRiskReasons());

    StudentCard b = tomView.students().get(1);
    assertEquals("Bob", b.name());
    assertEquals(t("2025-02-28T16:00:00Z"), b.lastActivityAt(), "the goal Tom set is not Bob's activity");
    assertEquals(0, b.streakDays(), "lapsed: no practice since 28 February");
    assertEquals(3, b.activeDays(), "26, 27 and 28 February; 20 January is outside the window");
    assertEquals(7, b.answers());
    assertEquals(2, b.correct());
    assertEquals(1, b.goalsCompleted());
    SubjectRating english = bySubject(b).get("english");
    assertEquals(900.0, english.rating());
    assertEquals(-150.0, english.trend(), 1e-9, "-40 -35 -30 -25 -20");
    assertEquals(5, english.trendAnswers());
    assertEquals(1, b.flagsCount(), "escalation required");
    assertTrue(b.atRisk());
    assertEquals(List.of("rating_drop", "inactive"), b.atRiskReasons().stream().map(AtRiskRule.Reason::kind).toList());
    assertEquals("english", b.atRiskReasons().get(0).subject());
    assertEquals("English rating fell 150 points over the last 5 answers.", b.atRiskReasons().get(0).message());
    assertEquals("Inactive for 9 days (last active 2025-02-28).", b.atRiskReasons().get(1).message());

    var umaView = q.tutorDashboard(uma);
    assertEquals(1, umaView.students().size());
    StudentCard c = umaView.students().get(0);
    assertEquals(cara, c.studentId());
    SubjectRating bio = bySubject(c).get("biology");
    assertEquals(Elo.ratingForDifficulty(8), bio.rating());
    assertEquals(22, bio.answers());
    assertEquals(22, bio.correct());
    assertEquals(1.0, bio.accuracy());
    assertEquals(10.0, bio.trend(), 1e-9, "five answers of +2");
    assertEquals(5, bio.trendAnswers());
    assertEquals(1, c.flagsCount());
    assertFalse(c.atRisk());
    assertEquals(22, c.xp());
    assertEquals(1, c.streakDays());

    assertEquals(List.of(), q.tutorDashboard(pat).students(), "links of another kind do not count");
  }

  void assertParentView(AnalyticsQueries q) {
    var view = q.parentView(pat);
    assertEquals(1, view.children().size());
    StudentCard a = view.children().get(0);
    assertEquals(alice, a.studentId());
    assertNull(a.flags(), "parents see the count, not the questions");
    assertEquals(1, a.flagsCount());
    assertEquals(4, a.answers());
    assertEquals(List.of(), q.parentView(tom).children());
  }

  void assertOverrideAnalytics(AnalyticsQueries q) {
    OverrideAnalytics all = q.overrideAnalytics(null, 28);
    assertEquals("all", all.scope());
    assertEquals(day("2025-02-11"), all.from());
    assertEquals(day("2025-03-10"), all.to());
    assertEquals(5, all.total(), "Bob's January override is outside the window");
    assertEquals(Map.of("biology", 2L, "chemistry", 1L, "english", 1L, "math", 1L), counts(all.bySubject()));
    assertEquals("biology", all.bySubject().get(0).key(), "largest first");
    assertEquals(Map.of("assignment", 2L, "difficulty", 1L, "goal_progress", 1L, "rating", 1L), counts(all.byKind()));
    // The student's rating just before: Alice math 1025, Alice chemistry 1000 (none yet),
    // Bob english 900, Cara biology 1044, then 1600 after Uma's override.
    Map<Integer, Long> byDifficulty = new HashMap<>();
    for (double r : new double[] {1025, 1000, 900, 1044, Elo.ratingForDifficulty(8)}) {
      byDifficulty.merge(Elo.difficulty(r), 1L, Long::sum);
    }
    assertEquals(
        byDifficulty,
        all.byDifficulty().stream()
            .collect(Collectors.toMap(DifficultyCount::difficulty, DifficultyCount::count)));
    assertEquals(Map.of(tom, 3L, uma, 1L, ada, 1L), people(all.byTutor()));
    assertEquals("Tom", all.byTutor().get(0).name());
    assertEquals(Map.of(alice, 2L, bob, 1L, cara, 2L), people(all.byStudent()));
    assertEquals(28, all.byDay().size());
    assertEquals(
        Map.of(day("2025-03-01"), 1L, day("2025-03-09"), 1L, day("2025-03-10"), 3L),
        all.byDay().stream()
            .filter(d -> d.count() > 0)
            .collect(Collectors.toMap(DayCount::day, DayCount::count)));
    assertEquals(5, all.recent().size());
    // Newest first: Tom queued Alice's chemistry item at 09:30 today.
    assertEquals("Tom", all.recent().get(0).tutorName());
    assertEquals("Alice", all.recent().get(0).studentName());
    assertEquals("assignment", all.recent().get(0).kind());
    assertNull(all.recent().get(0).before());
    assertEquals("c-1", all.recent().get(0).after());
    assertEquals("review", all.recent().get(0).reason());
    assertEquals("Ada", all.recent().get(1).tutorName());

    OverrideAnalytics own = q.overrideAnalytics(tom, 28);
    assertEquals("tutor", own.scope());
    assertEquals(3, own.total());
    assertEquals(Map.of(tom, 3L), people(own.byTutor()));
    assertEquals(Map.of(alice, 2L, bob, 1L), people(own.byStudent()));
    assertEquals(Map.of("rating", 1L, "assignment", 1L, "goal_progress", 1L), counts(own.byKind()));
    assertEquals(4, q.overrideAnalytics(tom, 60).total(), "60 days reach back to January");
    assertEquals(0, q.overrideAnalytics(pat, 28).total());
  }

  void assertAdminAnalytics(AnalyticsQueries q) {
    AdminAnalytics a = q.adminAnalytics(28);
    assertEquals(3, a.activeStudents().total());
    Map<LocalDate, Long> activeDays =
        a.activeStudents().byDay().stream()
            .filter(d -> d.students() > 0)
            .collect(Collectors.toMap(ActiveDay::day, ActiveDay::students));
    assertEquals(
        Map.of(
            day("2025-02-26"), 1L, day("2025-02-27"), 1L, day("2025-02-28"), 1L,
            day("2025-03-08"), 1L, day("2025-03-09"), 1L, day("2025-03-10"), 2L),
        activeDays);
    assertEquals(28, a.activeStudents().byDay().size());
    var weeks = a.activeStudents().byWeek();
    assertEquals(4, weeks.size());
    assertEquals(day("2025-02-11"), weeks.get(0).weekStart());
    assertEquals(day("2025-03-04"), weeks.get(3).weekStart());
    assertEquals(day("2025-03-10"), weeks.get(3).weekEnd());
    assertEquals(List.of(0L, 0L, 1L, 2L), weeks.stream().map(ActiveWeek::students).toList(),
        "Bob in the week of 25 February (counted once for three days), Alice and Cara in the last");

    var bySubject =
        a.practice().bySubject().stream()
            .collect(Collectors.toMap(SubjectPractice::subject, Function.identity()));
    assertEquals(
        List.of("biology", "chemistry", "english", "math"),
        a.practice().bySubject().stream().map(SubjectPractice::subject).toList());
    assertEquals(22, bySubject.get("biology").answers());
    assertEquals(1.0, bySubject.get("biology").accuracy());
    assertEquals(6, bySubject.get("english").answers(), "the January answer is outside the window");
    assertEquals(1, bySubject.get("english").correct());
    assertEquals(5, bySubject.get("english").givenUp());
    assertEquals(0.167, bySubject.get("english").accuracy());
    assertEquals(3, bySubject.get("math").answers());
    assertEquals(2, bySubject.get("math").correct());
    assertEquals(1, bySubject.get("chemistry").answers());
    assertEquals(1, bySubject.get("math").students());
    assertEquals(22 + 1 + 6 + 3, a.practice().answers());
    assertEquals(22 + 1 + 1 + 2, a.practice().correct());
    assertEquals(AnalyticsQueries.ratio(26, 32), a.practice().accuracy());
    var english27 =
        a.practice().byDay().stream()
            .filter(d -> d.day().equals(day("2025-02-27")) && d.subject().equals("english"))
            .findFirst()
            .orElseThrow();
    assertEquals(2, english27.answers());
    assertEquals(0, english27.correct());

    assertEquals(4, a.qa().interactions());
    assertEquals(1, a.qa().high());
    assertEquals(1, a.qa().medium());
    assertEquals(2, a.qa().low());
    assertEquals(3, a.qa().escalationSuggested());
    assertEquals(1, a.qa().escalationRequired());
    assertEquals(1, a.qa().escalated());
    assertEquals(0.25, a.qa().escalationRate());

    assertEquals(5, a.overrides().total());
    assertEquals(2, a.goalsCompleted(), "Bob's on 1 March, Alice's today");
    assertEquals(1, q.adminAnalytics(1).activeStudents().byWeek().size());
    assertEquals(2, q.adminAnalytics(1).activeStudents().total());
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static Map<String, SubjectRating> bySubject(StudentCard card) {
    return card.ratings().stream().collect(Collectors.toMap(SubjectRating::subject, Function.identity()));
  }

  private static Map<String, Long> counts(List<KeyCount> list) {
    return list.stream().collect(Collectors.toMap(KeyCount::key, KeyCount::count));
  }

  private static Map<String, Long> people(List<PersonCount> list) {
    return list.stream().collect(Collectors.toMap(PersonCount::id, PersonCount::count));
  }

  /** Streaks as the entity decides them; answers before this day carry none, as events written before that did. */
  private static final Instant STREAK_RECORDED = t("2025-02-27T00:00:00Z");

  private final Map<String, Streak> streaks = new HashMap<>();

  private AnswerSubmitted answer(
      String student, String subject, boolean correct, boolean givenUp, double before, double after,
      int xp, String at) {
    Instant when = t(at);
    Streak streak = streaks.getOrDefault(student, Streak.NONE).after(LocalDate.ofInstant(when, ZoneOffset.UTC));
    streaks.put(student, streak);
    return new AnswerSubmitted(
        student, uuid(), subject, subject + "-item", "topic", "bank", givenUp ? "" : "x", correct, givenUp,
        correct ? 1.0 : 0.0, before, after, 1000, 1, 0, 20_000, correct || givenUp, xp,
        LocalDate.ofInstant(when, ZoneOffset.UTC), when, when.isBefore(STREAK_RECORDED) ? null : streak.days(),
        null);
  }

  private static QuestionAnswered question(
      String student, String id, String subject, double confidence, String label, boolean suggested,
      boolean required, String at) {
    return new QuestionAnswered(
        student, id, subject, "Why is the sky blue?", "Rayleigh scattering.", confidence, label,
        suggested, required, false, "local", false, t(at));
  }

  private static Question item(String id, String subject) {
    return new Question(
        id, subject, "topic", "prompt", "text", "text", null, List.of("answer"), null, "because", null,
        30_000, 5);
  }

  private static LocalDate day(String iso) {
    return LocalDate.parse(iso);
  }

  static Instant t(String iso) {
    return Instant.parse(iso);
  }

  private static String uuid() {
    return UUID.randomUUID().toString();
  }
}
