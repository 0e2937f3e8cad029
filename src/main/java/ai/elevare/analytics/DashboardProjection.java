package ai.elevare.analytics;

import ai.elevare.core.DbSession;
import ai.elevare.core.Jdbc;
import ai.elevare.core.Tombstones;
import ai.elevare.telemetry.ProjectionMetrics;
import ai.elevare.nudge.NudgeDeliveries;
import ai.elevare.student.StudentEvent;
import ai.elevare.student.StudentTags;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * Student events into the dashboard and analytics tables, exactly once (a group's rows and its
 * offset commit in one transaction). One projection instance per student tag, spread over the cluster by
 * a sharded daemon process, like the item ratings. The views over many students read these
 * tables ({@link AnalyticsQueries}); they never ask the entities one by one.
 */
public final class DashboardProjection {
  public static final String NAME = "dashboards";

  private DashboardProjection() {}

  /** @param deliveries where the nudges the students' actors send are stored for the app and e-mail */
  public static void init(ActorSystem<?> system, DataSource ds, int tagCount, NudgeDeliveries deliveries) {
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            NAME,
            tagCount,
            i -> ProjectionBehavior.create(create(system, ds, StudentTags.tag(i), deliveries)),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  /** The projection of one tag over the journal. */
  public static GroupedProjection<Offset, EventEnvelope<StudentEvent>> create(
      ActorSystem<?> system, DataSource ds, String tag, NudgeDeliveries deliveries) {
    return create(
        system, ds, tag, EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tag), deliveries);
  }

  /** The projection of one tag over any source of student events (tests use a scripted one). */
  public static GroupedProjection<Offset, EventEnvelope<StudentEvent>> create(
      ActorSystem<?> system, DataSource ds, String tag,
      SourceProvider<Offset, EventEnvelope<StudentEvent>> source, NudgeDeliveries deliveries) {
    Tombstones erased = Tombstones.load(new Jdbc(ds));
    return create(system, ds, tag, source, () -> new DashboardHandler(deliveries, erased));
  }

  static GroupedProjection<Offset, EventEnvelope<StudentEvent>> create(
      ActorSystem<?> system, DataSource ds, String tag,
      SourceProvider<Offset, EventEnvelope<StudentEvent>> source,
      Supplier<JdbcHandler<List<EventEnvelope<StudentEvent>>, DbSession>> handler) {
    // Groups (pekko.projection.grouped in projection.conf): one transaction and one offset write
    // per group instead of per event, so the read side keeps up with a saturated journal.
    return JdbcProjection.groupedWithin(
            ProjectionId.of(NAME, tag), source, () -> new DbSession(ds), handler, system)
        .withStatusObserver(ProjectionMetrics.observer(system));
  }
}
