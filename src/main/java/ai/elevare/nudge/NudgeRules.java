package ai.elevare.nudge;

import ai.elevare.nudge.NudgeFacts.GoalFact;
import ai.elevare.nudge.NudgeFacts.SubjectFact;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The nudge rules, pure: from a student's facts and the time, either the nudge to send now or the
 * time to look again. No Pekko, no clock of its own, no I/O: the student actor calls it with its
 * state and its clock's {@code now}, and persists what it decides.
 *
 * <p>Candidates, most important first:
 *
 * <ol>
 *   <li><b>goal_completed</b>: a goal reached in the last {@link #GOAL_WINDOW} and not yet
 *       celebrated; due at once; suggests the related subject the student has tried least.
 *   <li><b>inactivity</b>: no practice or question for {@code inactivityAfter}; one per spell of
 *       inactivity (the next needs new activity first); points at the last summary's next step,
 *       else the active goal closest to done, else the student's most practised subject.
 *   <li><b>cross_subject</b>: rated at least {@link #STRONG_RATING} over at least {@link
 *       #STRONG_ATTEMPTS} answers in one subject, and a related subject never tried; due at once;
 *       each subject is suggested at most once.
 * </ol>
 *
 * Every candidate then waits for the cap (one nudge per {@code minGap}, whatever the kind) and,
 * when that lands in the student's quiet hours, for their end: quiet hours delay, never drop.
 */
public final class NudgeRules {

  /** Goals reached longer ago than this are no longer news. */
  public static final Duration GOAL_WINDOW = Duration.ofDays(7);

  /** "Strong" in a subject: 1200 is difficulty 6 of 10, clearly past the 1000 every student starts at. */
  public static final double STRONG_RATING = 1200;

  /** ... and resting on enough answers to mean it. */
  public static final int STRONG_ATTEMPTS = 10;

  private final NudgeSettings settings;
  private final SubjectRelations relations;

  public NudgeRules(NudgeSettings settings, SubjectRelations relations) {
    this.settings = settings;
    this.relations = relations;
  }

  public NudgeSettings settings() {
    return settings;
  }

  private record Candidate(int priority, Instant due, NudgeDecision.Send send) {}

  public NudgeDecision decide(NudgeFacts facts, Instant now) {
    List<Candidate> candidates = new ArrayList<>();
    goalCompleted(facts, now).ifPresent(candidates::add);
    inactivity(facts).ifPresent(candidates::add);
    crossSubject(facts, now).ifPresent(candidates::add);
    if (candidates.isEmpty()) {
      return new NudgeDecision.Idle();
    }
    Instant notBefore =
        facts.history().lastSentAt().map(t -> t.plus(settings.minGap())).orElse(Instant.MIN);
    Candidate best = null;
    Instant bestAt = null;
    for (Candidate c : candidates) {
      Instant at = allowedAt(max(c.due(), notBefore), facts);
      boolean better =
          best == null
              || (!at.isAfter(now) && (bestAt.isAfter(now) || c.priority() < best.priority()))
              || (at.isAfter(now) && bestAt.isAfter(now) && at.isBefore(bestAt));
      if (better) {
        best = c;
        bestAt = at;
      }
    }
    return bestAt.isAfter(now) ? new NudgeDecision.Wait(bestAt) : best.send();
  }

  private Instant allowedAt(Instant t, NudgeFacts facts) {
    return settings.quietHours().map(q -> q.nextAllowed(t, facts.zone())).orElse(t);
  }

  private java.util.Optional<Candidate> goalCompleted(NudgeFacts facts, Instant now) {
    Instant since = now.minus(GOAL_WINDOW);
    return facts.goals().stream()
        .filter(GoalFact::completed)
        .filter(g -> g.completedAt().isAfter(since))
        .filter(g -> !facts.history().sentFor(NudgeKind.GOAL_COMPLETED, g.goalId()))
        .sorted(Comparator.comparing(GoalFact::completedAt))
        .flatMap(
            g ->
                leastTriedRelated(facts, g.subject()).stream()
                    .map(
                        rel ->
                            new Candidate(
                                0,
                                g.completedAt(),
                                new NudgeDecision.Send(
                                    NudgeKind.GOAL_COMPLETED,
                                    new NudgeTarget(rel, g.subject(), g.goalId(), g.title(), null),
                                    g.goalId()))))
        .findFirst();
  }

  private java.util.Optional<Candidate> inactivity(NudgeFacts facts) {
    Instant last = facts.lastActivityAt();
    if (last == null) {
      return java.util.Optional.empty(); // nothing to come back to yet
    }
    boolean alreadyThisSpell =
        facts.history().lastSentAt(NudgeKind.INACTIVITY).filter(t -> !t.isBefore(last)).isPresent();
    if (alreadyThisSpell) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new Candidate(
            1,
            last.plus(settings.inactivityAfter()),
            new NudgeDecision.Send(NudgeKind.INACTIVITY, inactivityTarget(facts), "")));
  }

  private static NudgeTarget inactivityTarget(NudgeFacts facts) {
    String step = facts.nextSteps().stream().filter(s -> !s.isBlank()).findFirst().orElse(null);
    GoalFact goal =
        facts.goals().stream()
            .filter(GoalFact::active)
            .max(
                Comparator.comparingDouble((GoalFact g) -> g.target() == 0 ? 0 : (double) g.progress() / g.target())
                    .thenComparing(GoalFact::goalId, Comparator.reverseOrder()))
            .orElse(null);
    String subject =
        goal != null
            ? goal.subject()
            : facts.subjects().entrySet().stream()
                .max(
                    Comparator.comparingInt((Map.Entry<String, SubjectFact> e) -> e.getValue().attempts())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey)
                .orElse(null);
    if (step != null) {
      // the tutor's next step leads; the subject (if any) gives the link
      return new NudgeTarget(subject, null, goal == null ? null : goal.goalId(), goal == null ? null : goal.title(), step);
    }
    if (goal != null) {
      return new NudgeTarget(goal.subject(), null, goal.goalId(), goal.title(), null);
    }
    return new NudgeTarget(subject, null, null, null, null);
  }

  private java.util.Optional<Candidate> crossSubject(NudgeFacts facts, Instant now) {
    return facts.subjects().entrySet().stream()
        .filter(e -> e.getValue().rating() >= STRONG_RATING && e.getValue().attempts() >= STRONG_ATTEMPTS)
        .sorted(
            Comparator.comparingDouble((Map.Entry<String, SubjectFact> e) -> -e.getValue().rating())
                .thenComparing(Map.Entry::getKey))
        .flatMap(
            strong ->
                relations.relatedTo(strong.getKey()).stream()
                    .filter(rel -> facts.attempts(rel) == 0)
                    .filter(rel -> !facts.history().sentFor(NudgeKind.CROSS_SUBJECT, rel))
                    .map(
                        rel ->
                            new Candidate(
                                2,
                                now,
                                new NudgeDecision.Send(
                                    NudgeKind.CROSS_SUBJECT,
                                    new NudgeTarget(rel, strong.getKey(), null, null, null),
                                    rel))))
        .findFirst();
  }

  /** The related subject tried least (never tried first), in the relation table's order on ties. */
  private List<String> leastTriedRelated(NudgeFacts facts, String subject) {
    return relations.relatedTo(subject).stream()
        .min(Comparator.comparingInt(facts::attempts))
        .map(List::of)
        .orElse(List.of());
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
