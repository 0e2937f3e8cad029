package ai.elevare.nudge;

import ai.elevare.core.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The nudges a student was sent, as the rules need them: the last one (for the cap), the last
 * inactivity nudge (one per spell of inactivity), the goals already celebrated and the subjects
 * already suggested. Immutable and serializable, so the student's nudge slice can hold it as is.
 *
 * @param sent oldest first
 */
public record NudgeHistory(List<Sent> sent) implements CborSerializable {

  /** Goal nudges older than this are forgotten: the rules ignore goals completed before it. */
  static final Duration KEEP_GOALS = NudgeRules.GOAL_WINDOW.multipliedBy(2);

  /**
   * One nudge sent.
   *
   * @param nudgeId the nudge's id (also the nudges table's key)
   * @param key what it was about: the goal id (goal_completed), the suggested subject
   *     (cross_subject), empty for inactivity
   */
  public record Sent(String nudgeId, NudgeKind kind, String key, Instant at) implements CborSerializable {
    public Sent {
      key = key == null ? "" : key;
    }
  }

  public NudgeHistory {
    sent = sent == null ? List.of() : List.copyOf(sent);
  }

  public static NudgeHistory empty() {
    return new NudgeHistory(List.of());
  }

  /**
   * This history with {@code s} added. Pruned so it stays small for ever: the newest nudge, the
   * newest inactivity nudge, goal nudges younger than {@link #KEEP_GOALS} and every cross-subject
   * nudge (at most one per subject) are all the rules read.
   */
  public NudgeHistory plus(Sent s) {
    List<Sent> all = new ArrayList<>(sent);
    all.add(s);
    all.sort(Comparator.comparing(Sent::at));
    Instant newest = all.get(all.size() - 1).at();
    Sent lastInactivity =
        all.stream().filter(x -> x.kind() == NudgeKind.INACTIVITY).reduce((a, b) -> b).orElse(null);
    List<Sent> kept = new ArrayList<>();
    for (Sent x : all) {
      boolean keep =
          switch (x.kind()) {
            case INACTIVITY -> x == lastInactivity;
            case GOAL_COMPLETED -> !x.at().isBefore(newest.minus(KEEP_GOALS));
            case CROSS_SUBJECT -> true;
          };
      if (keep || x == all.get(all.size() - 1)) {
        kept.add(x);
      }
    }
    return new NudgeHistory(kept);
  }

  public Optional<Instant> lastSentAt() {
    return sent.isEmpty() ? Optional.empty() : Optional.of(sent.get(sent.size() - 1).at());
  }

  public Optional<Instant> lastSentAt(NudgeKind kind) {
    return sent.stream().filter(x -> x.kind() == kind).map(Sent::at).reduce((a, b) -> b);
  }

  public boolean sentFor(NudgeKind kind, String key) {
    return sent.stream().anyMatch(x -> x.kind() == kind && x.key().equals(key));
  }
}
