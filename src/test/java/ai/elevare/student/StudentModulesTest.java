package ai.elevare.student;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.practice.Question;
import ai.elevare.rating.Elo;
import ai.elevare.rating.RatingModel;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import ai.elevare.student.StudentEvent.AssignmentCreated;
import ai.elevare.student.StudentEvent.AssignmentQueued;
import ai.elevare.student.StudentEvent.GoalCompleted;
import ai.elevare.student.StudentEvent.GoalCreated;
import ai.elevare.student.StudentEvent.GoalProgress;
import ai.elevare.student.StudentReply.Reason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The feature modules are plain functions: decided and evolved here without an actor system. */
class StudentModulesTest {
  private static final String S = "student-1";
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final Question Q =
      new Question("q1", "chemistry", "acids", "pH of water?", "number", "number", null, List.of("7"),
          List.of("Neutral."), "Water is neutral.", List.of("Neutral means 7.", "So 7."), 20_000, 3);

  private static StudentState apply(StudentState s, StudentEvent... events) {
    for (StudentEvent e : events) s = s.evolve(e);
    return s;
  }

  private static List<StudentEvent> accepted(Decision d) {
    return ((Decision.Accept) d).events();
  }

  @Test
  void streakGrowsOnConsecutiveDaysAndLapsesAfterAWholeDayOff() {
    Streak s = Streak.NONE.after(LocalDate.parse("2026-11-01"));
    assertEquals(1, s.days());
    s = s.after(LocalDate.parse("2026-11-02")).after(LocalDate.parse("2026-11-02"));
    assertEquals(2, s.days(), "a second answer on the same day changes nothing");
    assertEquals(2, s.asOf(LocalDate.parse("2026-11-03")), "a day without practice yet is not a lapse");
    assertEquals(0, s.asOf(LocalDate.parse("2026-11-04")));
    assertEquals(1, s.after(LocalDate.parse("2026-11-05")).days());
    assertEquals(LocalDate.parse("2026-11-02"), s.after(LocalDate.parse("2026-10-30")).lastDay(), "late answers keep the last day");
  }

  @Test
  void tutorItemsComeFirstThenTheOpenOneIsReused() {
    StudentState s = apply(StudentState.empty(), new AssignmentQueued(S, "o1", "chemistry", Q, 900, "t", "why", NOW));
    var plan = PracticeModule.plan(s.practice(), S, "chemistry", "a1", NOW, 1, List.of());
    AssignmentCreated created = ((PracticeModule.Create) plan).event();
    assertEquals("tutor", created.source());
    assertEquals("o1", created.overrideId());
    s = apply(s, created);
    assertTrue(s.practice().queued().isEmpty());
    var again = PracticeModule.plan(s.practice(), S, "chemistry", "a2", NOW, 1, List.of());
    assertEquals("a1", ((PracticeModule.Reuse) again).assignment().assignmentId());
    var other = PracticeModule.plan(s.practice(), S, "physics", "a3", NOW, 1, List.of("acid"));
    assertEquals(Elo.INITIAL_RATING, ((PracticeModule.Select) other).request().studentRating());
  }

  @Test
  void anAnswerRecordsTheStreakXpAndGoalsItAdvanced() {
    StudentState s =
        apply(StudentState.empty(),
            new GoalCreated(S, "g1", "chemistry", "One right", 1, S, NOW),
            new GoalCreated(S, "g2", "physics", "Other", 1, S, NOW),
            new AssignmentCreated(S, "a1", "chemistry", Q, 900, "bank", null, NOW));
    GoalsModule.Advance advance = GoalsModule.afterCorrectAnswer(s.goals(), S, "chemistry", NOW);
    assertEquals(List.of(new GoalProgress("g1", 1)), advance.progress());
    assertEquals(List.of(new GoalCompleted(S, "g1", "chemistry", NOW)), advance.completed());
    AnswerSubmitted e =
        PracticeModule.judge(
            s.practice(), S, s.practice().open().get("a1"), RatingModel.ItemSlopes.NONE, new PracticeModule.AnswerInput("7", 10_000, 0, false),
            true, advance.progress(), NOW, ZoneId.of("Asia/Tokyo"));
    assertTrue(e.correct() && e.completed());
    assertEquals(1, e.streakDays());
    assertEquals(LocalDate.parse("2026-11-28"), e.practiceDay());
    assertTrue(e.xpAwarded() > 0);
    s = apply(s, e, advance.completed().get(0));
    assertEquals(e.xpAwarded(), s.practice().xp());
    assertEquals("completed", s.goals().get("g1").status());
    assertEquals(0, s.goals().get("g2").progress());
    assertTrue(s.practice().open().isEmpty());
  }

  @Test
  void eventsWrittenBeforeDecisionsWereRecordedEvolveByTheSameRules() {
    StudentState s =
        apply(StudentState.empty(),
            new GoalCreated(S, "g1", "chemistry", "Two right", 2, S, NOW),
            new AssignmentCreated(S, "a1", "chemistry", Q, 900, "bank", null, NOW));
    AnswerSubmitted legacy =
        new AnswerSubmitted(S, "a1", "chemistry", "q1", "acids", "bank", "7", true, false, 1, 1000, 1010, 900, 1,
            0, 10_000, true, 30, LocalDate.parse("2026-11-28"), NOW, null, null);
    s = apply(s, legacy);
    assertEquals(1, s.goals().get("g1").progress());
    assertEquals(new Streak(1, LocalDate.parse("2026-11-28")), s.practice().streak());
  }

  @Test
  void hintsRevealStepsButNeverTheAnswer() {
    StudentState s = apply(StudentState.empty(), new AssignmentCreated(S, "a1", "chemistry", Q, 900, "bank", null, NOW));
    var a = s.practice().open().get("a1");
    assertEquals(List.of("Neutral.", "Step 1: Neutral means 7."), PracticeModule.hintsOf(Q));
    PracticeModule.Hint first = PracticeModule.hint(a, S, NOW);
    s = apply(s, first.event());
    PracticeModule.Hint second = PracticeModule.hint(s.practice().open().get("a1"), S, NOW);
    s = apply(s, second.event());
    PracticeModule.Hint none = PracticeModule.hint(s.practice().open().get("a1"), S, NOW);
    assertNull(none.event(), "all hints shown: nothing more to store");
    assertEquals(2, none.used());
  }

  @Test
  void goalsRefuseWhatTheyMustAndCompleteOnOneRule() {
    StudentState s = apply(StudentState.empty(), new GoalCreated(S, "g1", "math", "Ten", 10, "t", NOW));
    assertEquals(List.of(), accepted(GoalsModule.create(s.goals(), S, "g1", "math", "Ten", 10, "t", NOW)), "a retry");
    assertEquals(Reason.NOT_FOUND, ((Decision.Refuse) GoalsModule.update(s.goals(), S, "nope", null, 3, null, S, NOW)).reason());
    Decision byStudent = GoalsModule.update(s.goals(), S, "g1", "Mine now", 1, null, S, NOW);
    assertEquals(Reason.FORBIDDEN, ((Decision.Refuse) byStudent).reason(), "the tutor set it: the student may not change it");
    StudentState own = apply(s, new GoalCreated(S, "g2", "math", "Five", 5, S, NOW));
    assertEquals(1, accepted(GoalsModule.update(own.goals(), S, "g2", "Six", 6, null, S, NOW)).size(), "their own goal");
    List<StudentEvent> lowered = accepted(GoalsModule.update(s.goals(), S, "g1", null, 0 + 1, null, "t", NOW));
    assertEquals(1, lowered.size(), "progress 0 has not reached a target of 1");
    List<StudentEvent> overridden = accepted(GoalsModule.overrideProgress(s.goals(), S, "o", "g1", 10, "t", "r", NOW));
    assertInstanceOf(GoalCompleted.class, overridden.get(1));
    s = apply(s, overridden.toArray(StudentEvent[]::new));
    assertEquals(Reason.CONFLICT, ((Decision.Refuse) GoalsModule.update(s.goals(), S, "g1", null, null, "active", "t", NOW)).reason());
  }

  @Test
  void answerTimeComesFromTheServersClock() {
    PracticeModule.Assignment a =
        new PracticeModule.Assignment("a1", "math", null, 1000, "bank", 0, 0, NOW);
    Instant minuteLater = NOW.plusSeconds(60);
    assertEquals(58_000, PracticeModule.answerTimeMs(a, 0, minuteLater), "time_ms 0 is not believed");
    assertEquals(59_000, PracticeModule.answerTimeMs(a, 59_000, minuteLater), "within the slack the client's figure counts");
    assertEquals(60_000, PracticeModule.answerTimeMs(a, 3_600_000, minuteLater), "never more than the server saw");
    assertEquals(0, PracticeModule.answerTimeMs(a, 5_000, NOW), "an answer at once took no time");
  }

  @Test
  void overridesValidateLevelsAndKeepTheLastTwenty() {
    StudentState s = StudentState.empty();
    assertEquals(Reason.CONFLICT, ((Decision.Refuse) OverridesModule.rating(s.practice(), S, "o", "difficulty", "math", 11, "t", "r", NOW)).reason());
    assertEquals(Reason.CONFLICT, ((Decision.Refuse) OverridesModule.rating(s.practice(), S, "o", "difficulty", "math", 2.5, "t", "r", NOW)).reason());
    for (int i = 0; i < 25; i++) {
      s = apply(s, accepted(OverridesModule.rating(s.practice(), S, "o" + i, "rating", "math", 1000 + i, "t", "r", NOW)).toArray(StudentEvent[]::new));
    }
    assertEquals(20, s.overrides().records().size());
    assertEquals("o24", s.overrides().records().get(19).overrideId());
    assertEquals(1024.0, s.practice().rating("math").rating());
  }

  @Test
  void escalationPlansFollowTheExchange() {
    StudentState s =
        apply(StudentState.empty(),
            new StudentEvent.QuestionAnswered(S, "i1", "math", "q", "a", 0.2, "low", true, true, false, "local", false, NOW));
    assertInstanceOf(QaModule.OpenThread.class, QaModule.escalation(s.qa(), "i1"));
    assertInstanceOf(QaModule.NotFound.class, QaModule.escalation(s.qa(), "i2"));
    s = apply(s, accepted(QaModule.escalated(s.qa(), S, "i1", "th", NOW)).toArray(StudentEvent[]::new));
    assertEquals(new QaModule.AlreadyOpen("th"), QaModule.escalation(s.qa(), "i1"));
    assertEquals(List.of(), accepted(QaModule.escalated(s.qa(), S, "i1", "other", NOW)), "the first thread stays");
    assertEquals("th", s.qa().flags().get(0).threadId());
  }

  @Test
  void flatSnapshotsOfVersionOneBecomeSlices() throws Exception {
    ObjectMapper m = new ObjectMapper();
    JsonNode old =
        m.readTree(
            "{\"ratings\":{\"math\":{\"rating\":1100}},\"xp\":40,\"streakDays\":3,\"lastPracticeDay\":\"2026-11-27\","
                + "\"goals\":{\"g\":{}},\"interactions\":[],\"flags\":[{}],\"overrides\":[{},{}],\"queued\":{}}");
    JsonNode next = new StudentStateMigration().transform(1, old);
    assertEquals(1100, next.get("practice").get("ratings").get("math").get("rating").asInt());
    assertEquals(40, next.get("practice").get("xp").asInt());
    assertEquals(3, next.get("practice").get("streak").get("days").asInt());
    assertEquals("2026-11-27", next.get("practice").get("streak").get("lastDay").asText());
    assertTrue(next.get("goals").get("goals").has("g"));
    assertEquals(1, next.get("qa").get("flags").size());
    assertEquals(2, next.get("overrides").get("records").size());
    assertSame(next, new StudentStateMigration().transform(2, next));
  }

  @Test
  void aSessionSteersItsSubjectForAWeekAndGivesQaItsNarrative() {
    StudentState s = StudentState.empty();
    List<StudentEvent> first =
        accepted(SummariesModule.record(s.summaries(), S, "sum1", "sess1", "chemistry",
            List.of("Limiting reactant", "mole ratios"), List.of("Do problems 12-18."), "We worked on limiting reactants.", NOW));
    assertEquals(1, first.size());
    s = apply(s, first.toArray(StudentEvent[]::new));
    assertEquals(List.of(), accepted(SummariesModule.record(s.summaries(), S, "sum1", "sess1", "chemistry",
        List.of("x"), List.of(), "again", NOW)), "a redelivery stores nothing");
    List<String> focus = SummariesModule.focus(s.summaries(), "chemistry", NOW.plusSeconds(3600));
    assertTrue(focus.containsAll(List.of("limit", "reactant", "mole", "ratio")), focus.toString());
    assertEquals(List.of(), SummariesModule.focus(s.summaries(), "physics", NOW), "other subjects are not steered");
    assertEquals(List.of(), SummariesModule.focus(s.summaries(), "chemistry", NOW.plus(SummariesModule.FOCUS_FOR)));
    var plan = PracticeModule.plan(s.practice(), S, "chemistry", "a1", NOW, 1, focus);
    assertEquals(focus, ((PracticeModule.Select) plan).request().focus());
    assertEquals(List.of("We worked on limiting reactants."), SummariesModule.narratives(s.summaries()));
    assertEquals(List.of("Do problems 12-18."), SummariesModule.latestNextSteps(s.summaries()));
  }
}
