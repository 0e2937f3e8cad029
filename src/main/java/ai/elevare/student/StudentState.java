package ai.elevare.student;

import ai.elevare.core.CborSerializable;

/**
 * Everything that changes per student in real time, one slice per feature module. Immutable: an
 * event replaces only the slices it touches, so a state handed to a reply or a snapshot never
 * changes underneath. Snapshots written before the slices existed are reshaped on load by {@link
 * StudentStateMigration}.
 */
public record StudentState(
    PracticeModule.State practice,
    GoalsModule.State goals,
    QaModule.State qa,
    OverridesModule.State overrides,
    SummariesModule.State summaries,
    NudgesModule.State nudges)
    implements CborSerializable {

  public StudentState {
    practice = practice == null ? PracticeModule.State.EMPTY : practice;
    goals = goals == null ? GoalsModule.State.EMPTY : goals;
    qa = qa == null ? QaModule.State.EMPTY : qa;
    overrides = overrides == null ? OverridesModule.State.EMPTY : overrides;
    summaries = summaries == null ? SummariesModule.State.EMPTY : summaries;
    // absent from snapshots written before nudges: their students start with none sent
    nudges = nudges == null ? NudgesModule.State.EMPTY : nudges;
  }

  public static StudentState empty() {
    return new StudentState(null, null, null, null, null, null);
  }

  /** Each module evolves its own slice; most events touch one or two of them. */
  public StudentState evolve(StudentEvent e) {
    return new StudentState(
        PracticeModule.evolve(practice, e),
        GoalsModule.evolve(goals, e),
        QaModule.evolve(qa, e),
        OverridesModule.evolve(overrides, e),
        SummariesModule.evolve(summaries, e),
        NudgesModule.evolve(nudges, e));
  }
}
