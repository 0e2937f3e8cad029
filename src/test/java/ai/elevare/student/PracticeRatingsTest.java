package ai.elevare.student;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.practice.Question;
import ai.elevare.rating.Elo;
import ai.elevare.rating.RatingModel;
import ai.elevare.rating.RatingModel.ItemSlopes;
import ai.elevare.rating.RatingModel.Track;
import ai.elevare.student.PracticeModule.AnswerInput;
import ai.elevare.student.PracticeModule.Assignment;
import ai.elevare.student.PracticeModule.SubjectRating;
import ai.elevare.student.PracticeRatings.TopicRating;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import ai.elevare.student.StudentEvent.AssignmentCreated;
import ai.elevare.student.StudentEvent.RatingOverridden;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Topic ratings in the practice slice: decided by {@code judge}, replayed by {@code evolve}. */
class PracticeRatingsTest {
  private static final String S = "student-1";
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private static Question question(String id, String topic, int difficulty) {
    return new Question(id, "chemistry", topic, "?", "number", "number", null, List.of("7"), List.of(),
        "", List.of(), 20_000, difficulty);
  }

  /** Opens an assignment on {@code q} and answers it. */
  private static StudentState answer(StudentState s, Question q, boolean correct, int n) {
    double itemRating = Elo.ratingForDifficulty(q.difficulty());
    s = s.evolve(new AssignmentCreated(S, "a" + n, "chemistry", q, itemRating, "bank", null, NOW));
    Assignment a = s.practice().open().get("a" + n);
    AnswerSubmitted e =
        PracticeModule.judge(s.practice(), S, a, ItemSlopes.NONE, new AnswerInput("7", 10_000, 0, !correct), correct,
            List.of(), NOW.plusSeconds(n), ZoneOffset.UTC);
    return s.evolve(e);
  }

  @Test
  void anAnswerMovesTheSubjectAndItsTopicAsTheModelDecides() {
    StudentState s = StudentState.empty();
    Question q = question("q1", "acids", 6);
    s = s.evolve(new AssignmentCreated(S, "a1", "chemistry", q, 1280, "bank", null, NOW));
    Assignment a = s.practice().open().get("a1");
    AnswerSubmitted e =
        PracticeModule.judge(s.practice(), S, a, ItemSlopes.NONE, new AnswerInput("7", 10_000, 0, false), true, List.of(), NOW,
            ZoneOffset.UTC);
    RatingModel.Prediction q0 = RatingModel.predict(RatingModel.PRODUCT, Track.START, null, 1280, ItemSlopes.NONE);
    RatingModel.Learned l = RatingModel.learn(RatingModel.PRODUCT, Track.START, q0, 1.0);
    assertEquals(1.0, e.score(), 1e-12);
    assertEquals(l.subject().rating(), e.ratingAfter(), 1e-9);
    assertEquals(l.topic().rating(), e.topicRating(), 1e-9);
    assertEquals(q0.ability(), e.ability(), 1e-9);
    assertTrue(e.ratingAfter() > Elo.INITIAL_RATING);

    SubjectRating r = s.evolve(e).practice().rating("chemistry");
    assertEquals(e.ratingAfter(), r.rating());
    assertEquals(1, r.attempts());
    assertEquals(0.5, r.recent(), 1e-9, "recent average steps half way to +1");
    assertEquals(1, r.last(), 1e-9);
    TopicRating t = r.topics().get("acids");
    assertEquals(e.topicRating(), t.rating());
    assertEquals(1, t.attempts());
    assertEquals(1, t.successes(), 1e-9);
    assertEquals(0, t.failures(), 1e-9);
  }

  @Test
  void aStrongTopicRaisesTheExpectationInThatTopicOnly() {
    StudentState s = StudentState.empty();
    for (int i = 0; i < 12; i++) s = answer(s, question("s" + i, "stoichiometry", 5), true, i);
    for (int i = 12; i < 24; i++) s = answer(s, question("b" + i, "bonding", 5), false, i);
    SubjectRating r = s.practice().rating("chemistry");
    Track subject = new Track(r.rating(), r.attempts(), 0, 0, r.recent(), r.last());
    double strong = RatingModel.predict(RatingModel.PRODUCT, subject,
        r.topics().get("stoichiometry").track(), 1100, ItemSlopes.NONE).expected();
    double weak = RatingModel.predict(RatingModel.PRODUCT, subject,
        r.topics().get("bonding").track(), 1100, ItemSlopes.NONE).expected();
    assertTrue(strong > weak + 0.1, strong + " vs " + weak);
    assertTrue(r.topics().get("stoichiometry").rating() > r.topics().get("bonding").rating());
  }

  @Test
  void topicsPerSubjectStayBoundedDroppingTheLeastRecent() {
    StudentState s = StudentState.empty();
    int topics = PracticeRatings.MAX_TOPICS + 8;
    for (int i = 0; i < topics; i++) s = answer(s, question("q" + i, "topic-" + i, 4), i % 2 == 0, i);
    s = answer(s, question("again", "topic-0", 4), true, topics); // dropped when topic-32 came
    Map<String, TopicRating> kept = s.practice().rating("chemistry").topics();
    assertEquals(PracticeRatings.MAX_TOPICS, kept.size());
    assertTrue(kept.containsKey("topic-0"), "just practised again");
    assertEquals(1, kept.get("topic-0").attempts(), "dropped once, it started afresh");
    assertFalse(kept.containsKey("topic-8"), "the least recent of those left when topic-0 came back");
    assertTrue(kept.containsKey("topic-9"));
    assertTrue(kept.containsKey("topic-" + (topics - 1)));
  }

  /** Events from before topic ratings carry none: replay derives them as the model would have. */
  @Test
  void legacyEventsDeriveTheTopicRatingAndKeepTheRecordedSubjectRating() {
    StudentState fresh = answer(StudentState.empty(), question("q1", "acids", 6), true, 1);
    AnswerSubmitted now = lastAnswer(fresh, question("q1", "acids", 6));
    AnswerSubmitted legacy =
        new AnswerSubmitted(now.studentId(), now.assignmentId(), now.subject(), now.itemId(), now.topic(),
            now.source(), now.answer(), now.correct(), now.givenUp(), now.score(), now.ratingBefore(),
            1234.5, now.itemRating(), now.attempt(), now.hintsUsed(), now.timeMs(), now.completed(),
            now.xpAwarded(), now.practiceDay(), now.at(), null, null);
    assertNull(legacy.topicRating());
    StudentState s = StudentState.empty().evolve(
        new AssignmentCreated(S, now.assignmentId(), "chemistry", question("q1", "acids", 6), now.itemRating(),
            "bank", null, NOW));
    SubjectRating r = s.evolve(legacy).practice().rating("chemistry");
    assertEquals(1234.5, r.rating(), "the recorded subject rating carries over");
    assertEquals(now.topicRating(), r.topics().get("acids").rating(), 1e-9);
  }

  @Test
  void aTutorOverrideShiftsTheTopicsWithTheSubject() {
    StudentState s = answer(StudentState.empty(), question("q1", "acids", 6), true, 1);
    SubjectRating before = s.practice().rating("chemistry");
    double topic = before.topics().get("acids").rating();
    s = s.evolve(new RatingOverridden(S, "o1", "rating", "chemistry", before.rating(), before.rating() + 200,
        "t", "placement", NOW));
    SubjectRating after = s.practice().rating("chemistry");
    assertEquals(before.rating() + 200, after.rating());
    assertEquals(topic + 200, after.topics().get("acids").rating(), 1e-9);
    assertEquals(before.recent(), after.recent());
  }

  /** Snapshots and events written before topic ratings load with the new fields at their defaults. */
  @Test
  void oldJsonLoadsWithDefaults() throws Exception {
    ObjectMapper json =
        JsonMapper.builder().addModule(new ParameterNamesModule()).addModule(new JavaTimeModule()).build();
    SubjectRating r =
        json.readValue("{\"rating\":1100.5,\"attempts\":4,\"lastChange\":3.0,\"updatedAt\":null}", SubjectRating.class);
    assertEquals(new SubjectRating(1100.5, 4, 3.0, null), r);
    assertEquals(Map.of(), r.topics());
    SubjectRating withTopics =
        new SubjectRating(1100, 4, 3, NOW, 0.25, 1, Map.of("acids", new TopicRating(1150, 3, 2, 1, 0.2, 1, 4)));
    assertEquals(withTopics, json.readValue(json.writeValueAsString(withTopics), SubjectRating.class));
  }

  @Test
  void theItemsSlopesShapeTheJudgementAndTheEventRecordsWhatTheyMultiplied() {
    StudentState s = StudentState.empty();
    s = answer(s, question("q1", "acids", 6), true, 1);
    s = answer(s, question("q2", "acids", 6), true, 2);
    s = answer(s, question("q4", "acids", 6), false, 3);
    s = s.evolve(new AssignmentCreated(S, "a9", "chemistry", question("q3", "acids", 6), 1100, "bank", null, NOW));
    Assignment a = s.practice().open().get("a9");
    SubjectRating r = s.practice().rating("chemistry");
    Track subject = new Track(r.rating(), r.attempts(), 0, 0, r.recent(), r.last());
    Track topic = r.topics().get("acids").track();
    ItemSlopes slopes = new ItemSlopes(0.8, -0.6, 0.3, -0.2, 0.4);
    RatingModel.Prediction q = RatingModel.predict(RatingModel.PRODUCT, subject, topic, 1100, slopes);
    RatingModel.Prediction plain = RatingModel.predict(RatingModel.PRODUCT, subject, topic, 1100, ItemSlopes.NONE);
    assertNotEquals(0, q.features().recentTopic(), 1e-6);
    assertNotEquals(0, q.features().practice(), 1e-6);
    assertNotEquals(plain.ability(), q.ability(), 1e-6);

    AnswerSubmitted e = PracticeModule.judge(s.practice(), S, a, slopes, new AnswerInput("7", 10_000, 0, false), true,
        List.of(), NOW.plusSeconds(9), ZoneOffset.UTC);
    RatingModel.Learned l = RatingModel.learn(RatingModel.PRODUCT, subject, q, e.score());
    assertEquals(q.ability(), e.ability(), 1e-9, "judged with the item's slopes");
    assertEquals(l.subject().rating(), e.ratingAfter(), 1e-9);
    assertEquals(l.topic().rating(), e.topicRating(), 1e-9);
    assertEquals(q.features().recentTopic(), e.topicRecent(), 1e-12);
    assertEquals(q.features().practice(), e.topicPractice(), 1e-12);
    assertEquals(q.features().lastTopic(), e.topicLast(), 1e-12);
    assertEquals(q.features().recentSubject(), e.subjectRecent(), 1e-12);
    assertEquals(q.eloTerm(), e.eloTerm(), 1e-12);
    assertNotEquals(0, e.topicLast() * e.subjectRecent() * e.eloTerm(), 1e-9);
    assertEquals(RatingModel.SlopeFeatures.of(q), e.slopeFeatures());
    assertEquals(l.topic().rating(), s.evolve(e).practice().rating("chemistry").topics().get("acids").rating(),
        "replay keeps the recorded topic rating");
  }

  /** An answer event written before the last three slope features loads with them null, and replays as before. */
  @Test
  void answerEventsWithoutTheNewSlopeFeaturesLoadAndReplay() throws Exception {
    ObjectMapper json =
        JsonMapper.builder().addModule(new ParameterNamesModule()).addModule(new JavaTimeModule()).build();
    StudentState s = answer(StudentState.empty(), question("q1", "acids", 6), true, 1);
    s = s.evolve(new AssignmentCreated(S, "a2", "chemistry", question("q2", "acids", 6), 1100, "bank", null, NOW));
    AnswerSubmitted now = PracticeModule.judge(s.practice(), S, s.practice().open().get("a2"),
        new ItemSlopes(0.8, -0.6, 0.3, -0.2, 0.4), new AnswerInput("7", 10_000, 0, false), true, List.of(),
        NOW.plusSeconds(9), ZoneOffset.UTC);
    assertNotNull(now.eloTerm());
    assertEquals(now, json.readValue(json.writeValueAsString(now), AnswerSubmitted.class), "round trip");

    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.valueToTree(now);
    tree.remove(List.of("topicLast", "subjectRecent", "eloTerm"));
    AnswerSubmitted old = json.treeToValue(tree, AnswerSubmitted.class);
    assertNull(old.topicLast());
    assertNull(old.subjectRecent());
    assertNull(old.eloTerm());
    assertEquals(now.topicPractice(), old.topicPractice());
    assertEquals(new RatingModel.SlopeFeatures(now.topicRecent(), now.topicPractice(), 0, 0, 0), old.slopeFeatures(),
        "the features it lacks do not move their slopes");
    assertEquals(s.evolve(now).practice().rating("chemistry"), s.evolve(old).practice().rating("chemistry"),
        "replay depends on the recorded ratings only");
  }

  private static AnswerSubmitted lastAnswer(StudentState s, Question q) {
    StudentState base = StudentState.empty().evolve(
        new AssignmentCreated(S, "a1", "chemistry", q, Elo.ratingForDifficulty(q.difficulty()), "bank", null, NOW));
    return PracticeModule.judge(base.practice(), S, base.practice().open().get("a1"), ItemSlopes.NONE,
        new AnswerInput("7", 10_000, 0, false), true, List.of(), NOW.plusSeconds(1), ZoneOffset.UTC);
  }
}
