package ai.elevare.student;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.student.StudentCommand.GetProgress;
import ai.elevare.student.StudentReply.ProgressView;
import ai.elevare.student.StudentReply.RatingView;
import ai.elevare.testing.TestApp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events and snapshots written by the student actor before it became a shell over feature modules
 * (src/test/resources/journal/student-v1.json, written by {@code WriteJournalFixture} on that code)
 * replay into today's entity on the real JDBC journal, through the Jackson migrations, and show the
 * progress the old code showed.
 */
class JournalCompatibilityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode fixture;
  private static TestApp app;

  @BeforeAll
  static void start() throws Exception {
    try (InputStream in = JournalCompatibilityIT.class.getResourceAsStream("/journal/student-v1.json")) {
      fixture = JSON.readTree(in);
    }
    app = new TestApp(Map.of());
  }

  @AfterAll
  static void stop() {
    if (app != null) app.close();
  }

  @Test
  void eventsAloneReplayToTheSameProgress() throws Exception {
    String student = load("0a", false);
    assertSameProgress(student, progress(student));
  }

  @Test
  void oldSnapshotsLoadAsSlicesAndTheRestReplays() throws Exception {
    String student = load("0b", true);
    assertSameProgress(student, progress(student));
  }

  /** Copies the fixture's rows under a fresh student id (its first two characters replaced). */
  private static String load(String prefix, boolean withSnapshots) throws Exception {
    String original = fixture.get("student_id").asText();
    String student = prefix + original.substring(2);
    String pid = "Student|" + student;
    try (Connection c = DriverManager.getConnection(app.dbUrl(), "postgres", "")) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO event_journal (persistence_id, sequence_number, deleted, writer, write_timestamp,"
                  + " adapter_manifest, event_ser_id, event_ser_manifest, event_payload)"
                  + " VALUES (?, ?, FALSE, ?, ?, ?, ?, ?, ?)")) {
        for (JsonNode row : fixture.get("journal")) {
          ps.setString(1, pid);
          ps.setLong(2, row.get("sequence_number").asLong());
          ps.setString(3, row.get("writer").asText());
          ps.setLong(4, row.get("write_timestamp").asLong());
          ps.setString(5, row.get("adapter_manifest").asText(""));
          ps.setInt(6, row.get("event_ser_id").asInt());
          ps.setString(7, row.get("event_ser_manifest").asText());
          ps.setBytes(8, Base64.getDecoder().decode(row.get("event_payload").asText()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      if (withSnapshots) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot_ser_id,"
                    + " snapshot_ser_manifest, snapshot_payload, meta_ser_id, meta_ser_manifest, meta_payload)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          for (JsonNode row : fixture.get("snapshots")) {
            ps.setString(1, pid);
            ps.setLong(2, row.get("sequence_number").asLong());
            ps.setLong(3, row.get("created").asLong());
            ps.setInt(4, row.get("snapshot_ser_id").asInt());
            ps.setString(5, row.get("snapshot_ser_manifest").asText());
            ps.setBytes(6, Base64.getDecoder().decode(row.get("snapshot_payload").asText()));
            if (row.get("meta_payload").isNull()) {
              ps.setNull(7, Types.INTEGER);
              ps.setNull(8, Types.VARCHAR);
              ps.setNull(9, Types.BINARY);
            } else {
              ps.setInt(7, row.get("meta_ser_id").asInt());
              ps.setString(8, row.get("meta_ser_manifest").asText());
              ps.setBytes(9, Base64.getDecoder().decode(row.get("meta_payload").asText()));
            }
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
    }
    return student;
  }

  private static ProgressView progress(String student) throws Exception {
    return ClusterSharding.get(app.app().system())
        .entityRefFor(StudentEntity.ENTITY_KEY, student)
        .<ProgressView>ask(r -> new GetProgress("UTC", r), Duration.ofSeconds(20))
        .toCompletableFuture()
        .get();
  }

  private static void assertSameProgress(String student, ProgressView v) {
    JsonNode old = fixture.get("progress");
    assertEquals(student, v.studentId());
    assertEquals(old.get("xp").asLong(), v.xp());
    // The streak as of today, from the stored streak and the fixture's last practice day.
    LocalDate lastDay =
        LocalDate.ofInstant(Instant.parse(old.get("recent_practice").get(0).get("at").asText()), ZoneOffset.UTC);
    int expectedStreak =
        new Streak(old.get("streak_days").asInt(), lastDay).asOf(LocalDate.now(ZoneOffset.UTC));
    assertEquals(expectedStreak, v.streakDays());

    Map<String, RatingView> ratings =
        v.ratings().stream().collect(java.util.stream.Collectors.toMap(RatingView::subject, Function.identity()));
    int practised = 0;
    for (JsonNode r : old.get("ratings")) {
      RatingView now = ratings.get(r.get("subject").asText());
      if (r.get("attempts").asInt() == 0 && r.get("last_change").asDouble() == 0) {
        assertNull(now, "never touched: " + r.get("subject"));
        continue;
      }
      practised++;
      assertEquals(r.get("rating").asDouble(), Math.round(now.rating() * 10) / 10.0, r.get("subject").asText());
      assertEquals(r.get("attempts").asInt(), now.attempts());
      assertEquals(r.get("difficulty").asInt(), now.difficulty());
      assertEquals(r.get("last_change").asDouble(), Math.round(now.lastChange() * 10) / 10.0);
    }
    assertEquals(practised, v.ratings().size());

    List<GoalsModule.Goal> goals = v.goals();
    assertEquals(old.get("goals").size(), goals.size());
    for (int i = 0; i < goals.size(); i++) {
      JsonNode g = old.get("goals").get(i);
      GoalsModule.Goal now = goals.get(i);
      assertEquals(g.get("id").asText(), now.goalId());
      assertEquals(g.get("title").asText(), now.title());
      assertEquals(g.get("target").asInt(), now.target());
      assertEquals(g.get("progress").asInt(), now.progress());
      assertEquals(g.get("status").asText(), now.status());
      assertEquals(g.get("completed_at").isNull(), now.completedAt() == null);
    }

    // The old /progress listed recent practice and overrides newest first.
    JsonNode recent = old.get("recent_practice");
    assertEquals(recent.size(), v.recentPractice().size());
    for (int i = 0; i < recent.size(); i++) {
      PracticeModule.PracticeRecord now = v.recentPractice().get(recent.size() - 1 - i);
      assertEquals(recent.get(i).get("assignment_id").asText(), now.assignmentId());
      assertEquals(recent.get(i).get("correct").asBoolean(), now.correct());
      assertEquals(recent.get(i).get("rating_after").asDouble(), now.ratingAfter(), 1e-9);
    }
    JsonNode overrides = old.get("overrides");
    assertEquals(overrides.size(), v.overrides().size());
    for (int i = 0; i < overrides.size(); i++) {
      OverridesModule.OverrideRecord now = v.overrides().get(overrides.size() - 1 - i);
      assertEquals(overrides.get(i).get("kind").asText(), now.kind());
      assertEquals(overrides.get(i).get("after").asText(), now.after());
      assertEquals(overrides.get(i).get("reason").asText(), now.reason());
    }
    assertEquals(old.get("flags").size(), v.flags().size());
    assertEquals(old.get("flags").get(0).get("interaction_id").asText(), v.flags().get(0).interactionId());
    assertNotNull(v.flags().get(0).threadId(), "the escalation was replayed");
    // its give-ups and retried answers predate spaced review: replay schedules nothing
    assertTrue(v.reviews().isEmpty(), "reviews: " + v.reviews());
    assertEquals(old.get("open_assignments").size(), v.openAssignments().size());
    assertEquals(
        old.get("open_assignments").get(0).get("assignment_id").asText(), v.openAssignments().get(0).assignmentId());
  }
}
