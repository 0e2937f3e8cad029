package ai.elevare.analytics;

import ai.elevare.core.DbSession;
import ai.elevare.telemetry.ProjectionMetrics;
import ai.elevare.core.Jdbc;
import ai.elevare.practice.ItemCatalog;
import ai.elevare.rating.RatingModel;
import ai.elevare.student.StudentEvent;
import ai.elevare.student.StudentTags;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * The question side of the rating model ({@link RatingModel}): every answer to a bank item moves
 * that item's rating the opposite way of the student's, against the ability the student was judged at,
 * and steps its five slopes ({@link RatingModel.ItemSlopes}) by the same error. Exactly once: the rating row and the offset commit in one transaction. One
 * projection instance per student tag, spread over the cluster by a sharded daemon process.
 */
public final class ItemRatingProjection {
  public static final String NAME = "item-ratings";

  private ItemRatingProjection() {}

  public static void init(ActorSystem<?> system, DataSource ds, ItemCatalog catalog, int tagCount) {
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            NAME,
            tagCount,
            i -> ProjectionBehavior.create(create(system, ds, catalog, StudentTags.tag(i))),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  public static GroupedProjection<Offset, EventEnvelope<StudentEvent>> create(
      ActorSystem<?> system, DataSource ds, ItemCatalog catalog, String tag) {
    SourceProvider<Offset, EventEnvelope<StudentEvent>> source =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tag);
    return JdbcProjection.groupedWithin(
            ProjectionId.of(NAME, tag), source, () -> new DbSession(ds), () -> new Handler(catalog), system)
        .withStatusObserver(ProjectionMetrics.observer(system));
  }

  /** Creates the starting rating rows (band centre of the item's difficulty) for items without one. */
  public static void seedMissing(Jdbc jdbc) {
    try {
      jdbc.update(
          "INSERT INTO item_ratings (item_id, rating, attempts, updated_at)"
              + " SELECT id, 400 + (difficulty - 0.5) * 160, 0, CURRENT_TIMESTAMP FROM items"
              + " WHERE id NOT IN (SELECT item_id FROM item_ratings)");
    } catch (Jdbc.DataAccessException e) {
      if (!e.isUniqueViolation()) throw e; // another node seeded the same rows
    }
  }

  static final class Handler extends JdbcHandler<List<EventEnvelope<StudentEvent>>, DbSession> {
    private final ItemCatalog catalog;

    Handler(ItemCatalog catalog) {
      this.catalog = catalog;
    }

    /**
     * A group of answers in one transaction. Rows are locked in item order (a stable sort keeps each
     * item's answers in journal order), so the groups of two tags cannot deadlock on two items.
     */
    @Override
    public void process(DbSession session, List<EventEnvelope<StudentEvent>> envelopes) throws Exception {
      List<StudentEvent.AnswerSubmitted> answers = new ArrayList<>();
      for (var envelope : envelopes) {
        if (envelope.event() instanceof StudentEvent.AnswerSubmitted e) answers.add(e);
      }
      if (answers.isEmpty()) return;
      answers.sort(Comparator.comparing(StudentEvent.AnswerSubmitted::itemId));
      session.withConnection(
          c -> {
            for (StudentEvent.AnswerSubmitted e : answers) {
              Stored updated = update(c, e);
              if (updated != null) catalog.ratingChanged(e.itemId(), updated.rating(), updated.slopes());
            }
            return null;
          });
    }

    private record Stored(double rating, int attempts, RatingModel.ItemSlopes slopes) {}

    /** Locks the item's row so the projections of other tags cannot lose this update. */
    private static Stored update(Connection c, StudentEvent.AnswerSubmitted e) throws java.sql.SQLException {
      List<Stored> rows =
          Jdbc.query(
              c,
              "SELECT rating, attempts, " + ItemCatalog.SLOPE_COLUMNS + " FROM item_ratings WHERE item_id = ? FOR UPDATE",
              rs -> new Stored(rs.getDouble(1), rs.getInt(2), ItemCatalog.slopes(rs, 3)),
              e.itemId());
      if (rows.isEmpty()) return null; // a generated question: rated by its difficulty
      Stored current = rows.get(0);
      // the student's side as the rating model judged it; events from before it carry the subject rating
      double ability = e.ability() != null ? e.ability() : e.ratingBefore();
      double next = RatingModel.itemUpdate(RatingModel.PRODUCT, current.rating(), current.attempts(), ability, e.score());
      // the slopes learn from the same error the item's rating moved by; events without the topic
      // features (from before item slopes) leave them alone, events with the first two only (from
      // before the other three) move those two
      RatingModel.ItemSlopes slopes =
          e.topicRecent() == null || e.topicPractice() == null
              ? current.slopes()
              : RatingModel.slopesUpdate(current.slopes(), current.rating(), ability, e.score(), e.slopeFeatures());
      Jdbc.update(
          c,
          "UPDATE item_ratings SET rating = ?, attempts = attempts + 1, slope_recent = ?, slope_practice = ?,"
              + " slope_last = ?, slope_subject_recent = ?, slope_discrimination = ?, updated_at = ? WHERE item_id = ?",
          next, slopes.recent(), slopes.practice(), slopes.last(), slopes.subjectRecent(), slopes.discrimination(),
          Instant.now(), e.itemId());
      return new Stored(next, current.attempts() + 1, slopes);
    }
  }
}
