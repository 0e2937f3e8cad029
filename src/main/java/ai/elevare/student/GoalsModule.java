package ai.elevare.student;

import ai.elevare.core.CborSerializable;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import ai.elevare.student.StudentEvent.GoalCompleted;
import ai.elevare.student.StudentEvent.GoalCreated;
import ai.elevare.student.StudentEvent.GoalProgress;
import ai.elevare.student.StudentEvent.GoalProgressOverridden;
import ai.elevare.student.StudentEvent.GoalUpdated;
import ai.elevare.student.StudentReply.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Goals, pure: "reach N correct answers in a subject". The one goal rule lives here: a correct
 * answer advances the subject's active goals by one, and a goal whose progress reaches its target
 * is completed, whether practice, a tutor's override or a lowered target got it there.
 */
public final class GoalsModule {
  static final int MAX_ACTIVE_GOALS = 20;

  private GoalsModule() {}

  public record State(Map<String, Goal> goals) implements CborSerializable {
    public State {
      goals = goals == null ? Map.of() : Map.copyOf(goals);
    }

    static final State EMPTY = new State(null);

    public List<Goal> list() {
      return goals.values().stream().sorted(Comparator.comparing(Goal::createdAt)).toList();
    }

    public Goal get(String goalId) {
      return goals.get(goalId);
    }

    State with(Goal g) {
      Map<String, Goal> m = new HashMap<>(goals);
      m.put(g.goalId(), g);
      return new State(m);
    }
  }

  public record Goal(
      String goalId,
      String subject,
      String title,
      int target,
      int progress,
      String status,
      String createdBy,
      Instant createdAt,
      Instant completedAt)
      implements CborSerializable {
    public boolean active() {
      return status.equals("active");
    }

    Goal with(String newTitle, int newTarget, int newProgress, String newStatus, Instant completed) {
      return new Goal(goalId, subject, newTitle, newTarget, newProgress, newStatus, createdBy, createdAt, completed);
    }
  }

  /** Completion rule: an active goal whose progress reaches its target. */
  static boolean reaches(Goal g, int progress, int target) {
    return g.active() && progress >= target;
  }

  public static Decision create(
      State s, String studentId, String goalId, String subject, String title, int target,
      String createdBy, Instant now) {
    if (s.goals().containsKey(goalId)) return Decision.accept(); // a retried request
    long active = s.goals().values().stream().filter(Goal::active).count();
    if (active >= MAX_ACTIVE_GOALS) {
      return Decision.refuse(Reason.CONFLICT, "At most " + MAX_ACTIVE_GOALS + " active goals.");
    }
    return Decision.accept(new GoalCreated(studentId, goalId, subject, title, target, createdBy, now));
  }

  /** Null fields stay as they are. */
  public static Decision update(
      State s, String studentId, String goalId, String title, Integer target, String status, String by,
      Instant now) {
    Goal g = s.get(goalId);
    if (g == null) return Decision.refuse(Reason.NOT_FOUND, "No such goal.");
    // Who set a goal decides over it: a student may change their own goals, not their tutor's.
    if (by.equals(studentId) && !studentId.equals(g.createdBy())) {
      return Decision.refuse(Reason.FORBIDDEN, "Your tutor set this goal; ask them to change it.");
    }
    if (g.status().equals("completed") && "active".equals(status)) {
      return Decision.refuse(Reason.CONFLICT, "A completed goal cannot be reopened.");
    }
    String newTitle = title != null ? title : g.title();
    int newTarget = target != null ? target : g.target();
    String newStatus = status != null ? status : g.status();
    List<StudentEvent> events = new ArrayList<>();
    events.add(new GoalUpdated(studentId, goalId, newTitle, newTarget, newStatus, by, now));
    if (newStatus.equals("active") && g.progress() >= newTarget) {
      events.add(new GoalCompleted(studentId, goalId, g.subject(), now));
    }
    return Decision.accept(events);
  }

  public static Decision overrideProgress(
      State s, String studentId, String overrideId, String goalId, int value, String tutorId,
      String reason, Instant now) {
    Goal g = s.get(goalId);
    if (g == null) return Decision.refuse(Reason.NOT_FOUND, "No such goal.");
    List<StudentEvent> events = new ArrayList<>();
    events.add(
        new GoalProgressOverridden(
            studentId, overrideId, goalId, g.subject(), g.progress(), value, tutorId, reason, now));
    if (reaches(g, value, g.target())) events.add(new GoalCompleted(studentId, goalId, g.subject(), now));
    return Decision.accept(events);
  }

  /** What a correct answer in {@code subject} does to the goals. */
  public record Advance(List<GoalProgress> progress, List<GoalCompleted> completed) {}

  public static Advance afterCorrectAnswer(State s, String studentId, String subject, Instant now) {
    List<GoalProgress> progress = new ArrayList<>();
    List<GoalCompleted> completed = new ArrayList<>();
    for (Goal g : s.list()) {
      if (!g.active() || !g.subject().equals(subject)) continue;
      progress.add(new GoalProgress(g.goalId(), g.progress() + 1));
      if (reaches(g, g.progress() + 1, g.target())) {
        completed.add(new GoalCompleted(studentId, g.goalId(), g.subject(), now));
      }
    }
    return new Advance(progress, completed);
  }

  public static State evolve(State s, StudentEvent event) {
    if (event instanceof AnswerSubmitted e) {
      if (!e.correct()) return s;
      // Events from before progress was recorded: the rule decides now what it decided then.
      List<GoalProgress> progress =
          e.goalProgress() != null
              ? e.goalProgress()
              : afterCorrectAnswer(s, e.studentId(), e.subject(), e.at()).progress();
      State next = s;
      for (GoalProgress p : progress) {
        Goal g = next.get(p.goalId());
        if (g != null) next = next.with(g.with(g.title(), g.target(), p.progress(), g.status(), g.completedAt()));
      }
      return next;
    }
    if (event instanceof GoalCreated e) {
      return s.with(
          new Goal(e.goalId(), e.subject(), e.title(), e.target(), 0, "active", e.createdBy(), e.at(), null));
    }
    if (event instanceof GoalUpdated e) {
      Goal g = s.get(e.goalId());
      return s.with(g.with(e.title(), e.target(), g.progress(), e.status(), g.completedAt()));
    }
    if (event instanceof GoalCompleted e) {
      Goal g = s.get(e.goalId());
      return s.with(g.with(g.title(), g.target(), g.progress(), "completed", e.at()));
    }
    if (event instanceof GoalProgressOverridden e) {
      Goal g = s.get(e.goalId());
      return s.with(g.with(g.title(), g.target(), e.after(), g.status(), g.completedAt()));
    }
    return s;
  }
}
