package ai.elevare.student;

import ai.elevare.rating.Elo;
import ai.elevare.core.CborSerializable;
import ai.elevare.practice.Question;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that changes per student in real time. Immutable: every event handler returns a copy,
 * so a state handed to a reply or a snapshot never changes underneath.
 */
public record StudentState(
    Map<String, SubjectRating> ratings,
    Map<String, Assignment> open,
    List<PracticeRecord> recent,
    long xp,
    int streakDays,
    LocalDate lastPracticeDay,
    Map<String, List<String>> recentItems,
    Map<String, String> lastTopic,
    Map<String, List<QueuedItem>> queued,
    List<OverrideRecord> overrides,
    Map<String, Goal> goals,
    List<Interaction> interactions,
    List<Interaction> flags)
    implements CborSerializable {

  static final int RECENT_PRACTICE = 20;
  static final int RECENT_ITEMS = 5;
  static final int RECENT_OVERRIDES = 20;

  public StudentState {
    ratings = ratings == null ? Map.of() : Map.copyOf(ratings);
    open = open == null ? Map.of() : Map.copyOf(open);
    recent = recent == null ? List.of() : List.copyOf(recent);
    recentItems = recentItems == null ? Map.of() : Map.copyOf(recentItems);
    lastTopic = lastTopic == null ? Map.of() : Map.copyOf(lastTopic);
    queued = queued == null ? Map.of() : Map.copyOf(queued);
    overrides = overrides == null ? List.of() : List.copyOf(overrides);
    goals = goals == null ? Map.of() : Map.copyOf(goals);
    interactions = interactions == null ? List.of() : List.copyOf(interactions);
    flags = flags == null ? List.of() : List.copyOf(flags);
  }

  public static StudentState empty() {
    return new StudentState(null, null, null, 0, 0, null, null, null, null, null, null, null, null);
  }

  public record SubjectRating(double rating, int attempts, double lastChange, Instant updatedAt)
      implements CborSerializable {}

  public record Assignment(
      String assignmentId,
      String subject,
      Question question,
      double itemRating,
      String source,
      int attempts,
      int hintsUsed,
      Instant startedAt)
      implements CborSerializable {}

  public record PracticeRecord(
      String assignmentId,
      String subject,
      String itemId,
      String topic,
      boolean correct,
      boolean givenUp,
      double score,
      double ratingBefore,
      double ratingAfter,
      int attempt,
      Instant at)
      implements CborSerializable {}

  public record QueuedItem(String overrideId, Question question, double itemRating)
      implements CborSerializable {}

  public record OverrideRecord(
      String overrideId,
      String kind,
      String subject,
      String value,
      String before,
      String after,
      String tutorId,
      String reason,
      Instant at)
      implements CborSerializable {}

  /** A goal: reach {@code target} correct answers in a subject. */
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

  static final int RECENT_INTERACTIONS = 10;
  static final int RECENT_FLAGS = 20;

  /** One Q&A exchange; low-confidence ones are also kept as flags for the tutor. */
  public record Interaction(
      String interactionId,
      String question,
      String answer,
      String subject,
      double confidence,
      String label,
      boolean escalationRequired,
      String threadId,
      Instant at)
      implements CborSerializable {
    Interaction escalated(String thread) {
      return new Interaction(interactionId, question, answer, subject, confidence, label, escalationRequired, thread, at);
    }
  }

  public Interaction interaction(String id) {
    for (Interaction i : interactions) if (i.interactionId().equals(id)) return i;
    for (Interaction i : flags) if (i.interactionId().equals(id)) return i;
    return null;
  }

  StudentState withAnswered(StudentEntity.QuestionAnswered e) {
    Interaction i =
        new Interaction(e.interactionId(), e.question(), e.answer(), e.subject(), e.confidence(), e.label(),
            e.escalationRequired(), null, e.at());
    List<Interaction> list = new ArrayList<>(interactions);
    list.add(i);
    while (list.size() > RECENT_INTERACTIONS) list.remove(0);
    List<Interaction> f = flags;
    if (e.label().equals("low")) {
      f = new ArrayList<>(flags);
      f.add(i);
      while (f.size() > RECENT_FLAGS) f.remove(0);
    }
    return new StudentState(
        ratings, open, recent, xp, streakDays, lastPracticeDay, recentItems, lastTopic, queued, overrides, goals, list, f);
  }

  StudentState withEscalated(StudentEntity.InteractionEscalated e) {
    List<Interaction> list =
        interactions.stream().map(i -> i.interactionId().equals(e.interactionId()) ? i.escalated(e.threadId()) : i).toList();
    List<Interaction> f =
        flags.stream().map(i -> i.interactionId().equals(e.interactionId()) ? i.escalated(e.threadId()) : i).toList();
    return new StudentState(
        ratings, open, recent, xp, streakDays, lastPracticeDay, recentItems, lastTopic, queued, overrides, goals, list, f);
  }

  public List<Goal> goalList() {
    return goals.values().stream().sorted(java.util.Comparator.comparing(Goal::createdAt)).toList();
  }

  private StudentState withGoals(Map<String, Goal> g) {
    return new StudentState(
        ratings, open, recent, xp, streakDays, lastPracticeDay, recentItems, lastTopic, queued, overrides, g, interactions, flags);
  }

  private StudentState withGoal(Goal goal) {
    Map<String, Goal> g = new HashMap<>(goals);
    g.put(goal.goalId(), goal);
    return withGoals(g);
  }

  StudentState withGoalCreated(StudentEntity.GoalCreated e) {
    return withGoal(new Goal(e.goalId(), e.subject(), e.title(), e.target(), 0, "active", e.createdBy(), e.at(), null));
  }

  StudentState withGoalUpdated(StudentEntity.GoalUpdated e) {
    Goal g = goals.get(e.goalId());
    return withGoal(g.with(e.title(), e.target(), g.progress(), e.status(), g.completedAt()));
  }

  StudentState withGoalCompleted(StudentEntity.GoalCompleted e) {
    Goal g = goals.get(e.goalId());
    return withGoal(g.with(g.title(), g.target(), g.progress(), "completed", e.at()));
  }

  StudentState withGoalProgress(StudentEntity.GoalProgressOverridden e) {
    Goal g = goals.get(e.goalId());
    return withGoal(g.with(g.title(), g.target(), e.after(), g.status(), g.completedAt()))
        .withOverride(
            new OverrideRecord(
                e.overrideId(), "goal_progress", e.subject(), String.valueOf(e.after()),
                String.valueOf(e.before()), String.valueOf(e.after()), e.tutorId(), e.reason(), e.at()));
  }

  public SubjectRating rating(String subject) {
    SubjectRating r = ratings.get(subject);
    return r != null ? r : new SubjectRating(Elo.INITIAL_RATING, 0, 0, null);
  }

  public Assignment openIn(String subject) {
    for (Assignment a : open.values()) {
      if (a.subject().equals(subject)) return a;
    }
    return null;
  }

  /** The streak as of {@code today}: it lapses once a whole day passes without practice. */
  public int streakOn(LocalDate today) {
    if (lastPracticeDay == null) return 0;
    return lastPracticeDay.isBefore(today.minusDays(1)) ? 0 : streakDays;
  }

  StudentState withAssignment(Assignment a, String queuedOverrideToDrop) {
    Map<String, Assignment> o = new HashMap<>(open);
    o.put(a.assignmentId(), a);
    Map<String, List<QueuedItem>> q = queued;
    if (queuedOverrideToDrop != null) {
      q = new HashMap<>(queued);
      List<QueuedItem> rest = new ArrayList<>(q.getOrDefault(a.subject(), List.of()));
      rest.removeIf(i -> i.overrideId().equals(queuedOverrideToDrop));
      if (rest.isEmpty()) q.remove(a.subject());
      else q.put(a.subject(), rest);
    }
    return new StudentState(
        ratings, o, recent, xp, streakDays, lastPracticeDay, recentItems, lastTopic, q, overrides, goals, interactions, flags);
  }

  StudentState withHints(String assignmentId, int hintsUsed) {
    Map<String, Assignment> o = new HashMap<>(open);
    Assignment a = o.get(assignmentId);
    o.put(
        assignmentId,
        new Assignment(
            a.assignmentId(), a.subject(), a.question(), a.itemRating(), a.source(), a.attempts(),
            hintsUsed, a.startedAt()));
    return new StudentState(
        ratings, o, recent, xp, streakDays, lastPracticeDay, recentItems, lastTopic, queued, overrides, goals, interactions, flags);
  }

  StudentState withAnswer(StudentEntity.AnswerSubmitted e) {
    Map<String, Assignment> o = new HashMap<>(open);
    Assignment a = o.get(e.assignmentId());
    Map<String, List<String>> ri = recentItems;
    Map<String, String> lt = lastTopic;
    if (e.completed()) {
      o.remove(e.assignmentId());
      ri = new HashMap<>(recentItems);
      List<String> items = new ArrayList<>(ri.getOrDefault(e.subject(), List.of()));
      items.add(e.itemId());
      while (items.size() > RECENT_ITEMS) items.remove(0);
      ri.put(e.subject(), items);
      lt = new HashMap<>(lastTopic);
      lt.put(e.subject(), e.topic());
    } else {
      o.put(
          e.assignmentId(),
          new Assignment(
              a.assignmentId(), a.subject(), a.question(), a.itemRating(), a.source(),
              e.attempt(), Math.max(a.hintsUsed(), e.hintsUsed()), a.startedAt()));
    }
    Map<String, SubjectRating> r = new HashMap<>(ratings);
    SubjectRating old = rating(e.subject());
    r.put(
        e.subject(),
        new SubjectRating(e.ratingAfter(), old.attempts() + 1, e.ratingAfter() - e.ratingBefore(), e.at()));
    List<PracticeRecord> rec = new ArrayList<>(recent);
    rec.add(
        new PracticeRecord(
            e.assignmentId(), e.subject(), e.itemId(), e.topic(), e.correct(), e.givenUp(), e.score(),
            e.ratingBefore(), e.ratingAfter(), e.attempt(), e.at()));
    while (rec.size() > RECENT_PRACTICE) rec.remove(0);
    LocalDate day = e.practiceDay();
    int streak;
    if (lastPracticeDay == null || day.isAfter(lastPracticeDay.plusDays(1))) streak = 1;
    else if (day.equals(lastPracticeDay.plusDays(1))) streak = streakDays + 1;
    else streak = Math.max(streakDays, 1);
    LocalDate last = lastPracticeDay == null || day.isAfter(lastPracticeDay) ? day : lastPracticeDay;
    Map<String, Goal> g = goals;
    if (e.correct()) {
      g = new HashMap<>(goals);
      for (Goal goal : goals.values()) {
        if (goal.active() && goal.subject().equals(e.subject())) {
          g.put(goal.goalId(), goal.with(goal.title(), goal.target(), goal.progress() + 1, goal.status(), null));
        }
      }
    }
    return new StudentState(r, o, rec, xp + e.xpAwarded(), streak, last, ri, lt, queued, overrides, g, interactions, flags);
  }

  StudentState withRatingOverride(StudentEntity.RatingOverridden e) {
    Map<String, SubjectRating> r = new HashMap<>(ratings);
    SubjectRating old = rating(e.subject());
    r.put(e.subject(), new SubjectRating(e.after(), old.attempts(), e.after() - e.before(), e.at()));
    return new StudentState(
            r, open, recent, xp, streakDays, lastPracticeDay, recentItems, lastTopic, queued, overrides, goals, interactions, flags)
        .withOverride(
            new OverrideRecord(
                e.overrideId(), e.kind(), e.subject(), fmt(e.after()), fmt(e.before()), fmt(e.after()),
                e.tutorId(), e.reason(), e.at()));
  }

  StudentState withQueued(StudentEntity.AssignmentQueued e) {
    Map<String, List<QueuedItem>> q = new HashMap<>(queued);
    List<QueuedItem> list = new ArrayList<>(q.getOrDefault(e.subject(), List.of()));
    list.add(new QueuedItem(e.overrideId(), e.question(), e.itemRating()));
    q.put(e.subject(), list);
    return new StudentState(
            ratings, open, recent, xp, streakDays, lastPracticeDay, recentItems, lastTopic, q, overrides, goals, interactions, flags)
        .withOverride(
            new OverrideRecord(
                e.overrideId(), "assignment", e.subject(), e.question().id(), null,
                e.question().id(), e.tutorId(), e.reason(), e.at()));
  }

  private StudentState withOverride(OverrideRecord rec) {
    List<OverrideRecord> list = new ArrayList<>(overrides);
    list.add(rec);
    while (list.size() > RECENT_OVERRIDES) list.remove(0);
    return new StudentState(
        ratings, open, recent, xp, streakDays, lastPracticeDay, recentItems, lastTopic, queued, list, goals, interactions, flags);
  }

  private static String fmt(double d) {
    return String.valueOf(Math.round(d));
  }
}
