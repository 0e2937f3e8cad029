package ai.elevare.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the dashboard and analytics queries answer. Plain records, written to JSON as they are
 * (snake_case by the HTTP layer's mapper). Definitions of every figure: docs/analytics.md.
 */
public final class AnalyticsViews {
  private AnalyticsViews() {}

  // ---- tutor dashboard and parent view ----------------------------------------------------

  /**
   * A student's rating in a subject with its trend: the net change over the last answers
   * ({@code trendAnswers} of them, at most the at-risk window).
   */
  public record SubjectRating(
      String subject, double rating, int difficulty, int answers, int correct, double accuracy,
      double trend, int trendAnswers) {}

  /** A Q&A answer a tutor should look at: low confidence, escalation required, or escalated. */
  public record Flag(
      String interactionId, String subject, String question, double confidence, String label,
      boolean escalationRequired, boolean escalated, Instant at) {}

  /** One student on a tutor's dashboard or a parent's view; parents get no flag detail. */
  public record StudentCard(
      String studentId,
      String name,
      Instant lastActivityAt,
      long xp,
      int streakDays,
      int activeDays,
      int answers,
      int correct,
      double accuracy,
      int goalsCompleted,
      List<SubjectRating> ratings,
      int flagsCount,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<Flag> flags,
      boolean atRisk,
      List<AtRiskRule.Reason> atRiskReasons) {}

  public record TutorDashboard(
      String tutorId, Instant generatedAt, int windowDays, List<StudentCard> students) {}

  public record ParentView(
      String parentId, Instant generatedAt, int windowDays, List<StudentCard> children) {}

  // ---- counts -----------------------------------------------------------------------------

  public record KeyCount(String key, long count) {}

  public record DifficultyCount(int difficulty, long count) {}

  /** A tutor (or admin) or a student with a count; {@code name} is null once the user is gone. */
  public record PersonCount(String id, String name, long count) {}

  public record DayCount(LocalDate day, long count) {}

  // ---- override analytics -----------------------------------------------------------------

  public record OverrideRow(
      String overrideId, String studentId, String studentName, String tutorId, String tutorName,
      String subject, String kind, String before, String after, String reason, int difficulty,
      Instant at) {}

  /** {@code scope} is "tutor" for one tutor's overrides ({@code tutorId}), "all" for everyone's. */
  public record OverrideAnalytics(
      String scope,
      String tutorId,
      LocalDate from,
      LocalDate to,
      long total,
      List<KeyCount> bySubject,
      List<KeyCount> byKind,
      List<DifficultyCount> byDifficulty,
      List<PersonCount> byTutor,
      List<PersonCount> byStudent,
      List<DayCount> byDay,
      List<OverrideRow> recent) {}

  // ---- admin analytics --------------------------------------------------------------------

  public record ActiveDay(LocalDate day, long students) {}

  /** Weeks are 7-day blocks ending on the window's last day; the oldest may be shorter. */
  public record ActiveWeek(LocalDate weekStart, LocalDate weekEnd, long students) {}

  public record ActiveStudents(long total, List<ActiveDay> byDay, List<ActiveWeek> byWeek) {}

  public record SubjectPractice(
      String subject, long answers, long correct, long givenUp, double accuracy, long students) {}

  public record DailyPractice(LocalDate day, String subject, long answers, long correct, double accuracy) {}

  public record Practice(
      long answers, long correct, double accuracy, List<SubjectPractice> bySubject,
      List<DailyPractice> byDay) {}

  public record QaFigures(
      long interactions, long high, long medium, long low, long escalationSuggested,
      long escalationRequired, long escalated, double escalationRate) {}

  public record AdminAnalytics(
      LocalDate from,
      LocalDate to,
      Instant generatedAt,
      ActiveStudents activeStudents,
      Practice practice,
      QaFigures qa,
      OverrideAnalytics overrides,
      long goalsCompleted) {}
}
