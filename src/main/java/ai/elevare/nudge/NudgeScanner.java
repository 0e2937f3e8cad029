package ai.elevare.nudge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;

/**
 * The cluster-wide half of the nudge timers: every scan interval it reads which students' nudges
 * are due in the activity index and wakes each one ({@code wake}, which sends the student actor
 * EvaluateNudges through sharding, so a passivated actor or one whose node died is started). One
 * instance in the cluster, kept alive by a sharded daemon process. A wake-up is only a prompt: the
 * student actor decides, so a second wake-up (a rescan, two nodes) never sends a second nudge.
 *
 * <p>A student stays due until the projection has written the actor's new due time; to not wake it
 * every scan meanwhile, a student is woken again for the same due time only after {@link
 * #REWAKE_AFTER_SCANS} scans.
 */
public final class NudgeScanner {
  public static final String NAME = "nudge-scanner";
  static final int BATCH = 500;
  static final int REWAKE_AFTER_SCANS = 10;

  private NudgeScanner() {}

  public interface Command {}

  /** Scan now (the timer sends it; tests may too). */
  public enum Tick implements Command {
    INSTANCE
  }

  private record Found(List<Due> due, Throwable error) implements Command {}

  /** A student and the due time the index holds for it. */
  public record Due(String studentId, Instant dueAt) {}

  /** Starts the one scanner instance of the cluster. */
  public static void init(
      ActorSystem<?> system,
      NudgeIndex index,
      Clock clock,
      Duration interval,
      Executor blocking,
      Consumer<String> wake) {
    ShardedDaemonProcess.get(system)
        .init(
            Command.class,
            NAME,
            1,
            i -> create(now -> index.dueWithTimes(now, BATCH), clock, interval, blocking, wake),
            ShardedDaemonProcessSettings.create(system),
            Optional.empty());
  }

  /**
   * The scanner's behavior.
   *
   * @param dueAt the students due at a time (the index query; blocking, run on {@code blocking})
   * @param wake what to do with each due student
   */
  public static Behavior<Command> create(
      Function<Instant, List<Due>> dueAt,
      Clock clock,
      Duration interval,
      Executor blocking,
      Consumer<String> wake) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new Scanner(ctx, timers, dueAt, clock, interval, blocking, wake).idle()));
  }

  private static final class Scanner {
    private final ActorContext<Command> ctx;
    private final Function<Instant, List<Due>> dueAt;
    private final Clock clock;
    private final Executor blocking;
    private final Consumer<String> wake;
    /** Who was woken for which due time, and at which scan. */
    private final Map<String, Woken> woken = new HashMap<>();
    private long scans;

    private record Woken(Instant dueAt, long scan) {}

    Scanner(
        ActorContext<Command> ctx,
        TimerScheduler<Command> timers,
        Function<Instant, List<Due>> dueAt,
        Clock clock,
        Duration interval,
        Executor blocking,
        Consumer<String> wake) {
      this.ctx = ctx;
      this.dueAt = dueAt;
      this.clock = clock;
      this.blocking = blocking;
      this.wake = wake;
      timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
    }

    Behavior<Command> idle() {
      return Behaviors.receive(Command.class)
          .onMessageEquals(Tick.INSTANCE, this::scan)
          .onMessage(Found.class, m -> Behaviors.same())
          .build();
    }

    private Behavior<Command> scan() {
      Instant now = clock.instant();
      ctx.pipeToSelf(
          CompletableFuture.supplyAsync(() -> dueAt.apply(now), blocking), (due, error) -> new Found(due, error));
      return scanning();
    }

    /** A scan is in flight: ticks meanwhile are dropped, so slow queries never pile up. */
    private Behavior<Command> scanning() {
      return Behaviors.receive(Command.class)
          .onMessageEquals(Tick.INSTANCE, Behaviors::same)
          .onMessage(Found.class, this::onFound)
          .build();
    }

    private Behavior<Command> onFound(Found m) {
      scans++;
      if (m.error() != null) {
        ctx.getLog().warn("Nudge scan failed; trying again next interval", m.error());
        return idle();
      }
      Map<String, Woken> stillDue = new HashMap<>();
      for (Due d : m.due()) {
        Woken before = woken.get(d.studentId());
        boolean fresh =
            before == null || !before.dueAt().equals(d.dueAt()) || scans - before.scan() >= REWAKE_AFTER_SCANS;
        if (fresh) {
          try {
            wake.accept(d.studentId());
          } catch (RuntimeException e) {
            ctx.getLog().warn("Waking student {} for a nudge failed", d.studentId(), e);
            continue;
          }
          stillDue.put(d.studentId(), new Woken(d.dueAt(), scans));
        } else {
          stillDue.put(d.studentId(), before);
        }
      }
      // forget students no longer due, so memory follows the due set
      woken.clear();
      woken.putAll(stillDue);
      return idle();
    }
  }
}
