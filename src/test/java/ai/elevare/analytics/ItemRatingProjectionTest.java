package ai.elevare.analytics;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.DbSession;
import ai.elevare.core.Jdbc;
import ai.elevare.practice.ItemCatalog;
import ai.elevare.rating.Elo;
import ai.elevare.rating.RatingModel;
import ai.elevare.rating.RatingModel.ItemSlopes;
import ai.elevare.rating.RatingModel.SlopeFeatures;
import ai.elevare.student.StudentEvent;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The item side of the rating model, through the projection's handler on H2 with every migration. */
class ItemRatingProjectionTest {
  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void itemsMoveAgainstTheJudgedAbilityOrTheSubjectRatingOfOldEvents() throws Exception {
    JdbcDataSource ds = migrated();
    Jdbc jdbc = new Jdbc(ds);
    seed(jdbc, "new-style", "old-style");
    ItemCatalog catalog = ItemCatalog.of(List.of());

    AnswerSubmitted judged = answer("new-style", 1.0, 1000, 1350.0);
    AnswerSubmitted legacy = answer("old-style", 1.0, 1000, null);
    AnswerSubmitted generated = answer("not-in-the-bank", 0.0, 1000, 900.0);
    process(ds, catalog, judged, legacy, generated);

    double expectedNew = RatingModel.itemUpdate(RatingModel.PRODUCT, 1200, 3, 1350, 1.0);
    double expectedOld = Elo.itemUpdate(1200, 1000, 1.0, 3);
    assertNotEquals(expectedNew, expectedOld, 1e-6);
    assertEquals(expectedNew, rating(jdbc, "new-style"), 1e-9, "a stronger judged ability: the item loses less");
    assertEquals(expectedOld, rating(jdbc, "old-style"), 1e-9, "as before topic ratings");
    assertEquals(expectedNew, catalog.rating("new-style"), 1e-9);
    assertEquals(4, jdbc.queryOne("SELECT attempts FROM item_ratings WHERE item_id = 'new-style'", rs -> rs.getInt(1), new Object[0]).orElseThrow());
    assertTrue(jdbc.queryOne("SELECT rating FROM item_ratings WHERE item_id = 'not-in-the-bank'", rs -> rs.getDouble(1), new Object[0]).isEmpty());
  }

  @Test
  void slopesLearnFromTheRecordedFeaturesAndTheCatalogServesThem() throws Exception {
    JdbcDataSource ds = migrated();
    Jdbc jdbc = new Jdbc(ds);
    seed(jdbc, "sloped", "old-style");
    jdbc.update("INSERT INTO item_ratings (item_id, rating, attempts, slope_recent, slope_practice, updated_at)"
        + " VALUES ('elsewhere', 900, 7, 0.25, -0.5, ?)", AT);
    ItemCatalog catalog = new ItemCatalog(jdbc);
    catalog.refreshRatings();
    assertEquals(new ItemSlopes(0.25, -0.5), catalog.slopes("elsewhere"), "stored by another node");
    assertEquals(ItemSlopes.NONE, catalog.slopes("sloped"), "V15 starts every item at 0");

    AnswerSubmitted right = withFeatures(answer("sloped", 1.0, 1000, 1350.0), 0.5, 1.2);
    AnswerSubmitted wrong = withFeatures(answer("sloped", 0.0, 1000, 1100.0), -0.25, 0.3);
    process(ds, catalog, right, wrong, answer("old-style", 1.0, 1000, 1350.0));

    double r1 = RatingModel.itemUpdate(RatingModel.PRODUCT, 1200, 3, 1350, 1.0);
    ItemSlopes s1 = RatingModel.slopesUpdate(ItemSlopes.NONE, 1200, 1350, 1.0, 0.5, 1.2);
    ItemSlopes s2 = RatingModel.slopesUpdate(s1, r1, 1100, 0.0, -0.25, 0.3);
    assertTrue(s1.recent() > 0 && s1.practice() > 0, "an unexpected success after recent successes: " + s1);
    assertEquals(s2, stored(jdbc, "sloped"));
    assertEquals(s2, catalog.slopes("sloped"));
    assertEquals(RatingModel.itemUpdate(RatingModel.PRODUCT, r1, 4, 1100, 0.0), catalog.rating("sloped"), 1e-9);
    assertEquals(ItemSlopes.NONE, stored(jdbc, "old-style"), "an event without features leaves the slopes alone");
    assertEquals(ItemSlopes.NONE, catalog.slopes("old-style"));
  }

  @Test
  void allFiveSlopesLearnFromEventsThatRecordTheirFeatures() throws Exception {
    JdbcDataSource ds = migrated();
    Jdbc jdbc = new Jdbc(ds);
    seed(jdbc, "five", "two");
    jdbc.update("INSERT INTO item_ratings (item_id, rating, attempts, slope_recent, slope_practice, slope_last,"
        + " slope_subject_recent, slope_discrimination, updated_at) VALUES ('elsewhere', 900, 7, 0.25, -0.5, 0.1, 0.2, -0.3, ?)", AT);
    ItemCatalog catalog = new ItemCatalog(jdbc);
    catalog.refreshRatings();
    assertEquals(new ItemSlopes(0.25, -0.5, 0.1, 0.2, -0.3), catalog.slopes("elsewhere"), "stored by another node");
    assertEquals(ItemSlopes.NONE, catalog.slopes("five"), "V16 starts the new slopes at 0");

    SlopeFeatures f1 = new SlopeFeatures(0.5, 1.2, 1, -0.4, 0.7);
    SlopeFeatures f2 = new SlopeFeatures(-0.25, 0.3, -1, 0.2, -0.5);
    AnswerSubmitted right = withFeatures(answer("five", 1.0, 1000, 1350.0), f1);
    AnswerSubmitted wrong = withFeatures(answer("five", 0.0, 1000, 1100.0), f2);
    // an event from before the last three slopes: its first two features only
    AnswerSubmitted older = withFeatures(answer("two", 1.0, 1000, 1350.0), 0.5, 1.2);
    process(ds, catalog, right, wrong, older);

    double r1 = RatingModel.itemUpdate(RatingModel.PRODUCT, 1200, 3, 1350, 1.0);
    ItemSlopes s1 = RatingModel.slopesUpdate(ItemSlopes.NONE, 1200, 1350, 1.0, f1);
    ItemSlopes s2 = RatingModel.slopesUpdate(s1, r1, 1100, 0.0, f2);
    assertTrue(s1.last() > 0 && s1.subjectRecent() < 0 && s1.discrimination() > 0, "each along its feature: " + s1);
    assertEquals(s2, stored(jdbc, "five"));
    assertEquals(s2, catalog.slopes("five"));
    ItemSlopes two = stored(jdbc, "two");
    assertEquals(RatingModel.slopesUpdate(ItemSlopes.NONE, 1200, 1350, 1.0, 0.5, 1.2), two);
    assertEquals(0, two.last() + Math.abs(two.subjectRecent()) + Math.abs(two.discrimination()), 0,
        "the three slopes it has no features for stay at 0: " + two);
    assertTrue(two.recent() > 0 && two.practice() > 0);
  }

  /** Items at rating 1200 with 3 answers, slopes at their default. */
  private static void seed(Jdbc jdbc, String... items) {
    for (String item : items) {
      jdbc.update("INSERT INTO item_ratings (item_id, rating, attempts, updated_at) VALUES (?, 1200, 3, ?)", item, AT);
    }
  }

  /** One group of answers through the projection's handler, in one transaction. */
  private static void process(JdbcDataSource ds, ItemCatalog catalog, AnswerSubmitted... answers) throws Exception {
    List<EventEnvelope<StudentEvent>> envelopes = new java.util.ArrayList<>();
    for (AnswerSubmitted a : answers) envelopes.add(envelope(a, envelopes.size() + 1));
    DbSession session = new DbSession(ds);
    try {
      new ItemRatingProjection.Handler(catalog).process(session, envelopes);
      session.commit();
    } finally {
      session.close();
    }
  }

  private static JdbcDataSource migrated() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:items-" + UUID.randomUUID() + ";DATABASE_TO_UPPER=false;DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
    return ds;
  }

  private static ItemSlopes stored(Jdbc jdbc, String item) {
    return jdbc.queryOne("SELECT slope_recent, slope_practice, slope_last, slope_subject_recent, slope_discrimination"
        + " FROM item_ratings WHERE item_id = ?",
        rs -> new ItemSlopes(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)),
        item).orElseThrow();
  }

  private static AnswerSubmitted withFeatures(AnswerSubmitted e, double recent, double practice) {
    return new AnswerSubmitted(e.studentId(), e.assignmentId(), e.subject(), e.itemId(), e.topic(), e.source(),
        e.answer(), e.correct(), e.givenUp(), e.score(), e.ratingBefore(), e.ratingAfter(), e.itemRating(),
        e.attempt(), e.hintsUsed(), e.timeMs(), e.completed(), e.xpAwarded(), e.practiceDay(), e.at(),
        e.streakDays(), e.goalProgress(), e.topicRating(), e.ability(), e.review(), recent, practice);
  }

  private static AnswerSubmitted withFeatures(AnswerSubmitted e, SlopeFeatures f) {
    return new AnswerSubmitted(e.studentId(), e.assignmentId(), e.subject(), e.itemId(), e.topic(), e.source(),
        e.answer(), e.correct(), e.givenUp(), e.score(), e.ratingBefore(), e.ratingAfter(), e.itemRating(),
        e.attempt(), e.hintsUsed(), e.timeMs(), e.completed(), e.xpAwarded(), e.practiceDay(), e.at(),
        e.streakDays(), e.goalProgress(), e.topicRating(), e.ability(), e.review(), f.recentTopic(), f.practice(),
        f.lastTopic(), f.recentSubject(), f.eloTerm());
  }

  private static double rating(Jdbc jdbc, String item) {
    return jdbc.queryOne("SELECT rating FROM item_ratings WHERE item_id = ?", rs -> rs.getDouble(1), item).orElseThrow();
  }

  private static AnswerSubmitted answer(String item, double score, double ratingBefore, Double ability) {
    return new AnswerSubmitted("s1", "a-" + item, "chemistry", item, "acids", "bank", "7", score > 0, false, score,
        ratingBefore, ratingBefore + 10, 1200, 1, 0, 10_000, true, 10, LocalDate.of(2026, 12, 1), AT, 1, List.of(),
        ability == null ? null : ability + 5, ability, null, null, null);
  }

  private static EventEnvelope<StudentEvent> envelope(StudentEvent e, long seq) {
    return EventEnvelope.create(Offset.sequence(seq), "Student|s1", seq, e, seq);
  }
}
