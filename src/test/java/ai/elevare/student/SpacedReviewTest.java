package ai.elevare.student;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.practice.Fsrs;
import ai.elevare.practice.PracticeRequest;
import ai.elevare.rating.RatingModel;
import ai.elevare.practice.Question;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import ai.elevare.student.StudentEvent.AssignmentCreated;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spaced review decided and evolved by the practice module alone: no actor system. */
class SpacedReviewTest {
  private static final String S = "student-1";
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  private static Question item(String id) {
    return new Question(id, "chemistry", "moles", "Moles in 18 g of water?", "number", "number", null,
        List.of("1"), List.of("M = 18 g/mol."), "18 / 18 = 1.", List.of(), 20_000, 3);
  }

  /** Assigns {@code q} and answers it: {@code wrongFirst} a wrong attempt, then right or given up. */
  private static StudentState answer(
      StudentState s, Question q, String source, Instant at, boolean wrongFirst, boolean giveUp, long timeMs) {
    String aid = q.id() + "@" + at;
    s = s.evolve(new AssignmentCreated(S, aid, q.subject(), q, 900, source, null, at));
    if (wrongFirst) s = s.evolve(judge(s, aid, "x", false, false, timeMs, at));
    return s.evolve(judge(s, aid, "1", !giveUp, giveUp, timeMs, at));
  }

  private static AnswerSubmitted judge(
      StudentState s, String aid, String text, boolean correct, boolean giveUp, long timeMs, Instant at) {
    return PracticeModule.judge(s.practice(), S, s.practice().open().get(aid), RatingModel.ItemSlopes.NONE,
        new PracticeModule.AnswerInput(text, timeMs, 0, giveUp), correct, List.of(), at, ZoneOffset.UTC);
  }

  private static PracticeRequest request(StudentState s, Instant at) {
    var plan = PracticeModule.plan(s.practice(), S, "chemistry", "next", at, 7, List.of());
    return ((PracticeModule.Select) plan).request();
  }

  @Test
  void fsrsGradesAndIntervalsFollowThePublishedModel() {
    assertEquals(0.4872, Fsrs.first(Fsrs.AGAIN).stability(), 1e-9);
    assertEquals(3.7145, Fsrs.first(Fsrs.GOOD).stability(), 1e-9);
    // at the desired retention of 0.9 the interval equals the stability
    assertEquals(5.0, Fsrs.intervalDays(5.0), 1e-9);
    assertEquals(0.9, Fsrs.retrievability(5.0, 5.0), 1e-9);
    Fsrs.Memory m = Fsrs.first(Fsrs.AGAIN);
    Fsrs.Memory good = Fsrs.next(m, m.stability(), Fsrs.GOOD);
    Fsrs.Memory hard = Fsrs.next(m, m.stability(), Fsrs.HARD);
    Fsrs.Memory again = Fsrs.next(m, m.stability(), Fsrs.AGAIN);
    assertTrue(good.stability() > hard.stability() && hard.stability() > m.stability());
    assertTrue(again.stability() <= m.stability(), "a lapse never lengthens the interval");
    assertTrue(again.difficulty() > m.difficulty() || m.difficulty() == 10);
    assertThrows(IllegalArgumentException.class, () -> Fsrs.first(0));
  }

  @Test
  void gradesReadWrongSlowHintedAndFastAnswers() {
    Question q = item("q");
    assertEquals(Fsrs.AGAIN, PracticeModule.grade(q, false, 1, 0, 10_000));
    assertEquals(Fsrs.AGAIN, PracticeModule.grade(q, true, 2, 0, 10_000), "right only after a wrong attempt");
    assertEquals(Fsrs.HARD, PracticeModule.grade(q, true, 1, 1, 10_000), "with a hint");
    assertEquals(Fsrs.HARD, PracticeModule.grade(q, true, 1, 0, 40_001), "over twice the expected 20 s");
    assertEquals(Fsrs.GOOD, PracticeModule.grade(q, true, 1, 0, 15_000));
    assertEquals(Fsrs.EASY, PracticeModule.grade(q, true, 1, 0, 10_000));
  }

  @Test
  void aWrongAnswerComesBackAfterItsIntervalAndNotBefore() {
    Question a = item("a"), b = item("b");
    StudentState s = answer(StudentState.empty(), a, "bank", T0, true, false, 10_000);
    PracticeModule.Review r = s.practice().review("a");
    assertNotNull(r, "right only after a wrong attempt: on the queue");
    assertEquals(1, r.lapses());
    Duration interval = Duration.between(T0, r.dueAt());
    assertEquals(Math.round(0.4872 * 86_400), interval.toSeconds(), 1, "FSRS first interval after a lapse");

    // a good answer to an item not on the queue schedules nothing
    s = answer(s, b, "bank", T0.plusSeconds(60), false, false, 15_000);
    assertNull(s.practice().review("b"));
    assertEquals(1, s.practice().reviews().size());

    assertEquals(List.of(), request(s, r.dueAt().minusSeconds(1)).reviews(), "not before its interval");
    assertEquals(List.of("a"), request(s, r.dueAt()).reviews(), "due: offered to the review source");
  }

  @Test
  void noImmediateRepeatAndReviewsAlternateWithFreshItems() {
    Question a = item("a"), c = item("c"), fresh = item("fresh");
    StudentState s = answer(StudentState.empty(), a, "bank", T0, false, true, 10_000);
    s = answer(s, c, "bank", T0.plusSeconds(30), false, true, 10_000);
    Instant later = T0.plus(Duration.ofDays(1));
    assertEquals(List.of("a"), request(s, later).reviews(), "c was answered last: never straight back");

    // served as a review: the next request gets no review, a fresh item comes between
    s = answer(s, a, PracticeModule.REVIEW_SOURCE, later, false, false, 15_000);
    assertEquals(Set.of("chemistry"), s.practice().reviewedLast());
    assertEquals(List.of(), request(s, later.plusSeconds(60)).reviews());
    s = answer(s, fresh, "bank", later.plusSeconds(60), false, false, 15_000);
    assertEquals(List.of("c"), request(s, later.plusSeconds(120)).reviews());
  }

  @Test
  void goodReviewsGrowTheIntervalUntilTheItemRetires() {
    Question a = item("a");
    StudentState s = answer(StudentState.empty(), a, "bank", T0, false, true, 10_000);
    double previous = 0;
    int reviews = 0;
    while (s.practice().review("a") != null) {
      PracticeModule.Review r = s.practice().review("a");
      double days = Duration.between(r.lastAt(), r.dueAt()).toMinutes() / 1440.0;
      assertTrue(days > previous, "interval grows: " + days + " after " + previous);
      previous = days;
      s = answer(s, a, PracticeModule.REVIEW_SOURCE, r.dueAt(), false, false, 15_000);
      assertTrue(++reviews < 20, "retires within a handful of reviews");
    }
    assertTrue(previous <= PracticeModule.RETIRE_DAYS);
    assertTrue(reviews >= 3, "reviews before retiring: " + reviews);
  }

  @Test
  void theQueueIsBoundedAndKeepsTheLeastSecureItems() {
    StudentState s = StudentState.empty();
    // one slow (hard: more stable) answer, then more lapses than the queue holds
    s = answer(s, item("slow"), "bank", T0, false, false, 60_000);
    for (int i = 0; i < PracticeModule.REVIEW_CAP; i++) {
      s = answer(s, item("miss" + i), "bank", T0.plusSeconds(i + 1), false, true, 10_000);
    }
    assertEquals(PracticeModule.REVIEW_CAP, s.practice().reviews().size());
    assertNull(s.practice().review("slow"), "the best remembered leaves first");
    List<PracticeModule.Review> q = s.practice().reviews();
    for (int i = 1; i < q.size(); i++) assertFalse(q.get(i).dueAt().isBefore(q.get(i - 1).dueAt()), "due order");
  }

  @Test
  void aWrongAttemptAloneSchedulesNothingUntilTheAssignmentEnds() {
    Question a = item("a");
    StudentState s = StudentState.empty().evolve(new AssignmentCreated(S, "x", "chemistry", a, 900, "bank", null, T0));
    AnswerSubmitted wrong = judge(s, "x", "2", false, false, 10_000, T0);
    assertFalse(wrong.completed());
    assertNull(wrong.review());
    assertTrue(s.evolve(wrong).practice().reviews().isEmpty());
  }
}
