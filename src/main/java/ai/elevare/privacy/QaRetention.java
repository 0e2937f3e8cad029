package ai.elevare.privacy;

import ai.elevare.core.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Q&A history is kept for a configured time (elevare.privacy.qa-retention): older question logs go,
 * and so do escalation threads (with their messages) whose last message is older. Idempotent, so
 * every node may run it on its own schedule.
 */
public final class QaRetention {
  public record Pruned(int interactions, int threads) {}

  private final Jdbc jdbc;
  private final Clock clock;
  private final Duration keep;

  public QaRetention(Jdbc jdbc, Clock clock, Duration keep) {
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException("elevare.privacy.qa-retention must be positive");
    }
    this.jdbc = jdbc;
    this.clock = clock;
    this.keep = keep;
  }

  public Pruned prune() {
    Instant cutoff = clock.instant().minus(keep);
    return jdbc.tx(
        c -> {
          int threads =
              Jdbc.update(
                  c,
                  "DELETE FROM threads WHERE interaction_id IS NOT NULL AND created_at < ? AND NOT EXISTS"
                      + " (SELECT 1 FROM thread_messages m WHERE m.thread_id = threads.id AND m.created_at >= ?)",
                  cutoff, cutoff);
          int interactions = Jdbc.update(c, "DELETE FROM qa_interaction_log WHERE asked_at < ?", cutoff);
          return new Pruned(interactions, threads);
        });
  }

  /** Runs {@link #prune} every {@code every} on the blocking pool; a failed run is retried next time. */
  public org.apache.pekko.actor.Cancellable start(
      org.apache.pekko.actor.typed.ActorSystem<?> system, Duration every, scala.concurrent.ExecutionContext blocking) {
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(QaRetention.class);
    return system
        .scheduler()
        .scheduleAtFixedRate(
            every, every,
            () -> {
              try {
                Pruned p = prune();
                if (p.interactions() + p.threads() > 0) {
                  log.info("Q&A retention: {} interactions, {} escalation threads removed", p.interactions(), p.threads());
                }
              } catch (RuntimeException e) {
                log.warn("Q&A retention run failed; next run retries: {}", e.toString());
              }
            },
            blocking);
  }
}
