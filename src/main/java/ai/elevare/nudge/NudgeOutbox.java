package ai.elevare.nudge;

import ai.elevare.nudge.NudgeDeliveries.Nudge;
import ai.elevare.nudge.NudgeDeliveries.Recipient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the nudge e-mails the nudges table holds as pending, and retries failed ones with
 * exponential backoff until {@link #MAX_ATTEMPTS}; each failure is visible in the row's
 * {@code email_status} and {@code email_last_error}. Runs on every node: rows are claimed with a
 * lease, so no two nodes send the same e-mail. Blocking: runs on the executor it is started with.
 */
public final class NudgeOutbox {
  private static final Logger log = LoggerFactory.getLogger(NudgeOutbox.class);

  public static final int MAX_ATTEMPTS = 8;
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
  static final Duration MAX_BACKOFF = Duration.ofHours(6);
  /** Longer than one SMTP exchange may take (three 10 s timeouts). */
  static final Duration LEASE = Duration.ofMinutes(2);
  private static final int BATCH = 20;

  private final NudgeDeliveries deliveries;
  private final NudgeMailer mailer;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();

  private final MeterRegistry metrics;

  public NudgeOutbox(NudgeDeliveries deliveries, NudgeMailer mailer, Clock clock) {
    this(deliveries, mailer, clock, new CompositeMeterRegistry());
  }

  /** @param metrics where e-mails sent, failed and skipped are counted */
  public NudgeOutbox(NudgeDeliveries deliveries, NudgeMailer mailer, Clock clock, MeterRegistry metrics) {
    this.deliveries = deliveries;
    this.mailer = mailer;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** The wait before attempt {@code failures + 1}: 30 s, 2 min, 8 min, ... at most 6 h. */
  public static Duration backoff(int failures) {
    Duration d = FIRST_BACKOFF;
    for (int i = 1; i < failures && d.compareTo(MAX_BACKOFF) < 0; i++) {
      d = d.multipliedBy(4);
    }
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  /** One pass: every e-mail due now. Returns how many were sent. Never overlaps itself. */
  public int runOnce() {
    if (!running.compareAndSet(false, true)) return 0;
    try {
      int sent = 0;
      List<Nudge> batch;
      do {
        batch = deliveries.claimDue(LEASE, BATCH);
        for (Nudge n : batch) {
          if (deliver(n)) sent++;
        }
      } while (batch.size() == BATCH);
      return sent;
    } finally {
      running.set(false);
    }
  }

  private boolean deliver(Nudge n) {
    try {
      if (deliveries.emailOptedOut(n.studentId())) {
        deliveries.emailSkipped(n.id(), NudgeDeliveries.OPTED_OUT);
        count("elevare_nudges_skipped", "reason", "opted_out");
        return false;
      }
      Optional<Recipient> to = deliveries.recipient(n.studentId());
      if (to.isEmpty() || to.get().email() == null || to.get().email().isBlank()) {
        deliveries.emailSkipped(n.id(), NudgeDeliveries.NO_ADDRESS);
        count("elevare_nudges_skipped", "reason", "no_address");
        return false;
      }
      mailer.send(n, to.get());
      deliveries.emailSent(n.id());
      count("elevare_nudges_sent", "kind", n.kind());
      return true;
    } catch (Exception e) {
      count("elevare_nudges_failed", "gave_up", String.valueOf(n.emailAttempts() + 1 >= MAX_ATTEMPTS));
      int failures = n.emailAttempts() + 1;
      Instant next = failures >= MAX_ATTEMPTS ? null : clock.instant().plus(backoff(failures));
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      log.warn("Nudge e-mail {} failed (attempt {}), {}: {}", n.id(), failures,
          next == null ? "giving up" : "retry at " + next, error);
      try {
        deliveries.emailFailed(n.id(), error, next);
      } catch (RuntimeException dbDown) {
        // the lease runs out and the row is tried again
        log.warn("Could not record the failure of nudge e-mail {}", n.id(), dbDown);
      }
      return false;
    }
  }

  private void count(String name, String... tags) {
    String[] all = new String[tags.length + 2];
    all[0] = "channel";
    all[1] = "email";
    System.arraycopy(tags, 0, all, 2, tags.length);
    metrics.counter(name, all).increment();
  }

  /** Runs a pass every {@code interval} on {@code blocking}; cancel it before the pool closes. */
  public Cancellable start(ActorSystem<?> system, Duration interval, Executor blocking) {
    scala.concurrent.ExecutionContext ec = scala.concurrent.ExecutionContext.fromExecutor(blocking);
    return system
        .scheduler()
        .scheduleWithFixedDelay(
            interval,
            interval,
            () -> {
              try {
                runOnce();
              } catch (RuntimeException e) {
                log.warn("Nudge outbox pass failed", e);
              }
            },
            ec);
  }
}
