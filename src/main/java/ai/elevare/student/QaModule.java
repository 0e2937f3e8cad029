package ai.elevare.student;

import ai.elevare.ai.Turn;
import ai.elevare.core.CborSerializable;
import ai.elevare.qa.QaResult;
import ai.elevare.student.StudentEvent.InteractionEscalated;
import ai.elevare.student.StudentEvent.QuestionAnswered;
import ai.elevare.student.StudentReply.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Q&A, pure: the last ten exchanges (the conversation context) and the low-confidence ones kept
 * as flags for the tutor. The entity runs the AI call in a child actor; this module says what the
 * answer stores and whether an exchange can go to the tutor.
 */
public final class QaModule {
  static final int RECENT_INTERACTIONS = 10;
  static final int RECENT_FLAGS = 20;
  static final int QUESTION_CHARS = 500;
  /** AI calls one student may have waiting at once; more are refused with 429 until one returns. */
  public static final int MAX_PENDING_AI_CALLS = 3;

  private QaModule() {}

  public record State(List<Interaction> interactions, List<Interaction> flags) implements CborSerializable {
    public State {
      interactions = interactions == null ? List.of() : List.copyOf(interactions);
      flags = flags == null ? List.of() : List.copyOf(flags);
    }

    static final State EMPTY = new State(null, null);

    public Interaction find(String id) {
      for (Interaction i : interactions) if (i.interactionId().equals(id)) return i;
      for (Interaction i : flags) if (i.interactionId().equals(id)) return i;
      return null;
    }

    /** The conversation so far, oldest first, for follow-up detection and context. */
    public List<Turn> history() {
      return interactions.stream().map(i -> new Turn(i.question(), i.answer(), i.subject())).toList();
    }
  }

  /** One Q&A exchange. */
  public record Interaction(
      String interactionId,
      String question,
      String answer,
      String subject,
      double confidence,
      String label,
      boolean escalationRequired,
      String threadId,
      Instant at)
      implements CborSerializable {
    Interaction escalated(String thread) {
      return new Interaction(interactionId, question, answer, subject, confidence, label, escalationRequired, thread, at);
    }
  }

  public static QuestionAnswered answered(
      String studentId, String interactionId, String question, QaResult r, Instant now) {
    String q = question == null ? "" : question;
    return new QuestionAnswered(
        studentId, interactionId, r.subject(), q.length() <= QUESTION_CHARS ? q : q.substring(0, QUESTION_CHARS),
        r.answer(), r.confidence().score(), r.confidence().label().wire(), r.escalationSuggested(),
        r.escalationRequired(), r.followUp(), r.provider(), r.fallback(), now);
  }

  static Decision.Refuse tooManyPending() {
    return new Decision.Refuse(
        Reason.TOO_MANY, "You already have " + MAX_PENDING_AI_CALLS + " questions being answered; wait for one.");
  }

  /** How to answer a request to send an exchange to the tutor. */
  public sealed interface EscalationPlan {}

  /** Escalating again gives the same thread. */
  public record AlreadyOpen(String threadId) implements EscalationPlan {}

  public record OpenThread(Interaction interaction) implements EscalationPlan {}

  public record NotFound(Decision.Refuse refusal) implements EscalationPlan {}

  public static EscalationPlan escalation(State s, String interactionId) {
    Interaction i = s.find(interactionId);
    if (i == null) return new NotFound(new Decision.Refuse(Reason.NOT_FOUND, "No recent answer with this id."));
    if (i.threadId() != null) return new AlreadyOpen(i.threadId());
    return new OpenThread(i);
  }

  /** The thread is open: store it on the exchange, unless a concurrent request already did. */
  public static Decision escalated(State s, String studentId, String interactionId, String threadId, Instant now) {
    Interaction i = s.find(interactionId);
    if (i == null) return Decision.refuse(Reason.NOT_FOUND, "No recent answer with this id.");
    if (i.threadId() != null) return Decision.accept();
    return Decision.accept(new InteractionEscalated(studentId, interactionId, threadId, now));
  }

  public static State evolve(State s, StudentEvent event) {
    if (event instanceof QuestionAnswered e) {
      Interaction i =
          new Interaction(
              e.interactionId(), e.question(), e.answer(), e.subject(), e.confidence(), e.label(),
              e.escalationRequired(), null, e.at());
      List<Interaction> list = new ArrayList<>(s.interactions());
      list.add(i);
      while (list.size() > RECENT_INTERACTIONS) list.remove(0);
      List<Interaction> flags = s.flags();
      if (e.label().equals("low")) {
        flags = new ArrayList<>(flags);
        flags.add(i);
        while (flags.size() > RECENT_FLAGS) flags.remove(0);
      }
      return new State(list, flags);
    }
    if (event instanceof InteractionEscalated e) {
      return new State(mark(s.interactions(), e), mark(s.flags(), e));
    }
    return s;
  }

  private static List<Interaction> mark(List<Interaction> list, InteractionEscalated e) {
    return list.stream()
        .map(i -> i.interactionId().equals(e.interactionId()) ? i.escalated(e.threadId()) : i)
        .toList();
  }
}
