package ai.elevare.student;

import ai.elevare.rating.Elo;
import ai.elevare.student.StudentReply.OpenView;
import ai.elevare.student.StudentReply.ProgressView;
import ai.elevare.student.StudentReply.RatingView;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** The student's progress view, pure: one read across every module's slice of {@link StudentState}. */
final class ProgressViews {
  private ProgressViews() {}

  /** The view at {@code now}; the streak counts days in the student's {@code zone}. */
  static ProgressView of(String studentId, StudentState s, ZoneId zone, Instant now) {
    PracticeModule.State p = s.practice();
    List<RatingView> ratings =
        p.ratings().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> new RatingView(e.getKey(), e.getValue().rating(), Elo.difficulty(e.getValue().rating()),
                e.getValue().attempts(), e.getValue().lastChange()))
            .toList();
    List<OpenView> open =
        p.open().values().stream()
            .map(a -> new OpenView(a.assignmentId(), a.subject(), a.question().id(), a.source(), a.attempts()))
            .toList();
    return new ProgressView(
        studentId, ratings, p.xp(), p.streak().asOf(LocalDate.ofInstant(now, zone)), p.recent(),
        s.overrides().records(), open, s.goals().list(), s.qa().flags(), s.summaries().recent(),
        PracticeModule.reviewViews(p, now));
  }
}
