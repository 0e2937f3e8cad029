package ai.elevare.nudge;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * What the rules know about one student, taken from the student's own state by the student actor.
 *
 * @param zone the student's time zone (quiet hours are in it)
 * @param lastActivityAt the student's last practice answer or question; null when there was none
 * @param history the nudges already sent
 * @param subjects per subject the rating and attempts so far (subjects never tried may be absent)
 * @param goals the student's goals, active and completed
 * @param nextSteps the next steps of the student's last tutoring-session summary, or empty
 */
public record NudgeFacts(
    ZoneId zone,
    Instant lastActivityAt,
    NudgeHistory history,
    Map<String, SubjectFact> subjects,
    List<GoalFact> goals,
    List<String> nextSteps) {

  public NudgeFacts {
    zone = zone == null ? ZoneId.of("UTC") : zone;
    history = history == null ? NudgeHistory.empty() : history;
    subjects = subjects == null ? Map.of() : Map.copyOf(subjects);
    goals = goals == null ? List.of() : List.copyOf(goals);
    nextSteps = nextSteps == null ? List.of() : List.copyOf(nextSteps);
  }

  /** A subject's Elo rating and how many answers it rests on. */
  public record SubjectFact(double rating, int attempts) {}

  /**
   * A goal as the rules see it.
   *
   * @param status "active", "completed" or "archived"
   * @param completedAt when it was reached; null while it is not
   */
  public record GoalFact(
      String goalId, String subject, String title, int target, int progress, String status, Instant completedAt) {

    public boolean active() {
      return "active".equals(status);
    }

    public boolean completed() {
      return completedAt != null;
    }
  }

  public int attempts(String subject) {
    SubjectFact f = subjects.get(subject);
    return f == null ? 0 : f.attempts();
  }
}
