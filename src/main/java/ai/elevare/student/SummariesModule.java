package ai.elevare.student;

import ai.elevare.core.CborSerializable;
import ai.elevare.student.StudentEvent.SessionSummarized;
import ai.elevare.text.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tutoring-session summaries as the student's actor keeps them, pure: the last few sessions'
 * topics, next steps and narrative. They steer practice (items about a session's topics are
 * preferred for {@link #FOCUS_FOR} after it), give Q&A its "summaries" context, and give nudges
 * the next steps to point at. The summaries themselves live in their own entities and read model.
 */
public final class SummariesModule {
  static final int KEPT = 5;
  static final int NARRATIVE_CHARS = 2000;
  /** How long a session's topics steer practice in its subject. */
  public static final Duration FOCUS_FOR = Duration.ofDays(7);
  /** Narratives handed to Q&A as context, newest first. */
  static final int QA_CONTEXT = 3;

  private SummariesModule() {}

  public record State(List<SessionNote> recent) implements CborSerializable {
    public State {
      recent = recent == null ? List.of() : List.copyOf(recent);
    }

    static final State EMPTY = new State(null);
  }

  /** One session as the student's actor remembers it. */
  public record SessionNote(
      String summaryId,
      String sessionId,
      String subject,
      List<String> topics,
      List<String> nextSteps,
      String narrative,
      Instant at)
      implements CborSerializable {}

  /** A summary is delivered at least once: a repeat of one already kept stores nothing. */
  public static Decision record(
      State s, String studentId, String summaryId, String sessionId, String subject, List<String> topics,
      List<String> nextSteps, String narrative, Instant at) {
    for (SessionNote n : s.recent()) if (n.summaryId().equals(summaryId)) return Decision.accept();
    String text = narrative == null ? "" : narrative;
    return Decision.accept(
        new SessionSummarized(
            studentId, summaryId, sessionId, subject, List.copyOf(topics), List.copyOf(nextSteps),
            text.length() <= NARRATIVE_CHARS ? text : text.substring(0, NARRATIVE_CHARS), at));
  }

  /** Content terms of the topics of this subject's sessions of the last {@link #FOCUS_FOR}. */
  public static List<String> focus(State s, String subject, Instant now) {
    Set<String> terms = new LinkedHashSet<>();
    for (SessionNote n : s.recent()) {
      if (subject.equals(n.subject()) && n.at().plus(FOCUS_FOR).isAfter(now)) {
        for (String topic : n.topics()) terms.addAll(Text.terms(topic));
      }
    }
    return List.copyOf(terms);
  }

  /** The latest narratives, newest first, for Q&A's context. */
  public static List<String> narratives(State s) {
    List<String> out = new ArrayList<>();
    for (int i = s.recent().size() - 1; i >= 0 && out.size() < QA_CONTEXT; i--) {
      SessionNote n = s.recent().get(i);
      if (!n.narrative().isBlank()) out.add(n.narrative());
    }
    return out;
  }

  /** The next steps of the latest session, for nudges to point at. */
  public static List<String> latestNextSteps(State s) {
    return s.recent().isEmpty() ? List.of() : s.recent().get(s.recent().size() - 1).nextSteps();
  }

  public static State evolve(State s, StudentEvent event) {
    if (event instanceof SessionSummarized e) {
      List<SessionNote> list = new ArrayList<>(s.recent());
      list.add(new SessionNote(e.summaryId(), e.sessionId(), e.subject(), e.topics(), e.nextSteps(), e.narrative(), e.at()));
      list.sort(java.util.Comparator.comparing(SessionNote::at));
      while (list.size() > KEPT) list.remove(0);
      return new State(list);
    }
    return s;
  }
}
