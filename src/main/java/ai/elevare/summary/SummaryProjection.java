package ai.elevare.summary;

import ai.elevare.core.DbSession;
import ai.elevare.telemetry.ProjectionMetrics;
import ai.elevare.core.Jdbc;
import ai.elevare.core.Tombstones;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
import org.apache.pekko.projection.javadsl.ExactlyOnceProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * Summary events into the {@code session_summary} table, exactly once (the row and the offset
 * commit together). One instance per summary tag, spread over the cluster by a sharded daemon
 * process. {@link SummaryQueries} reads the table.
 */
public final class SummaryProjection {
  public static final String NAME = "session-summaries";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SummaryProjection() {}

  public static void init(ActorSystem<?> system, DataSource ds, int tagCount) {
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            NAME,
            tagCount,
            i -> ProjectionBehavior.create(create(system, ds, "summary-" + i)),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  public static ExactlyOnceProjection<Offset, EventEnvelope<SessionSummaryEntity.Event>> create(
      ActorSystem<?> system, DataSource ds, String tag) {
    return create(system, ds, tag, EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tag));
  }

  static ExactlyOnceProjection<Offset, EventEnvelope<SessionSummaryEntity.Event>> create(
      ActorSystem<?> system, DataSource ds, String tag,
      SourceProvider<Offset, EventEnvelope<SessionSummaryEntity.Event>> source) {
    Tombstones erased = Tombstones.load(new Jdbc(ds));
    return JdbcProjection.exactlyOnce(
            ProjectionId.of(NAME, tag), source, () -> new DbSession(ds), () -> new Handler(erased), system)
        .withStatusObserver(ProjectionMetrics.observer(system));
  }

  static final class Handler extends JdbcHandler<EventEnvelope<SessionSummaryEntity.Event>, DbSession> {
    private final Tombstones erased;

    Handler(Tombstones erased) {
      this.erased = erased;
    }

    @Override
    public void process(DbSession session, EventEnvelope<SessionSummaryEntity.Event> envelope) throws Exception {
      SessionSummaryEntity.Event event = envelope.event();
      session.withConnection(
          c -> {
            apply(c, event);
            return null;
          });
    }

    private void apply(Connection c, SessionSummaryEntity.Event event) throws SQLException {
      String id = event.sessionId();
      if (event instanceof SessionSummaryEntity.SummaryReceived e) {
        SessionSummaryEntity.Request r = e.request();
        // only this event creates the row; the later ones update nothing once it is gone
        if (erased.erased(c, r.studentId())) return;
        Jdbc.update(
            c,
            "INSERT INTO session_summary (summary_id, session_id, student_id, tutor_id, subject, status,"
                + " attempts, delivered, started_at, ended_at, created_at, updated_at)"
                + " SELECT ?, ?, ?, ?, ?, 'pending', 0, FALSE, ?, ?, ?, ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM session_summary WHERE session_id = ?)",
            r.summaryId(), id, r.studentId(), r.tutorId(), r.subject(), r.startedAt(), r.endedAt(),
            e.at(), e.at(), id);
      } else if (event instanceof SessionSummaryEntity.GenerationStarted e) {
        Jdbc.update(
            c, "UPDATE session_summary SET status = 'generating', attempts = ?, updated_at = ? WHERE session_id = ?",
            e.attempt(), e.at(), id);
      } else if (event instanceof SessionSummaryEntity.GenerationFailed e) {
        Jdbc.update(
            c, "UPDATE session_summary SET failure_reason = ?, updated_at = ? WHERE session_id = ?",
            e.reason(), e.at(), id);
      } else if (event instanceof SessionSummaryEntity.SummaryReady e) {
        Jdbc.update(
            c,
            "UPDATE session_summary SET status = 'ready', narrative = ?, key_topics = ?, next_steps = ?,"
                + " provider = ?, failure_reason = NULL, updated_at = ? WHERE session_id = ?",
            e.content().narrative(), json(e.content().keyTopics()), json(e.content().nextSteps()),
            e.fallback() ? e.provider() + " (fallback)" : e.provider(), e.at(), id);
      } else if (event instanceof SessionSummaryEntity.SummaryFailed e) {
        Jdbc.update(
            c, "UPDATE session_summary SET status = 'failed', failure_reason = ?, updated_at = ? WHERE session_id = ?",
            e.reason(), e.at(), id);
      } else if (event instanceof SessionSummaryEntity.DeliveredToStudent e) {
        Jdbc.update(c, "UPDATE session_summary SET delivered = TRUE, updated_at = ? WHERE session_id = ?", e.at(), id);
      }
    }
  }

  static String json(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> list(String json) {
    if (json == null) return List.of();
    try {
      return List.of(JSON.readValue(json, String[].class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("session_summary holds malformed JSON", e);
    }
  }

  /** For tests and queries: the stored instant. */
  static Instant instant(java.sql.ResultSet rs, int column) throws SQLException {
    java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
