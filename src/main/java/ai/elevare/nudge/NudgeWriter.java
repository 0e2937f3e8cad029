package ai.elevare.nudge;

import ai.elevare.ai.AiCall;
import ai.elevare.ai.AiRuntime;
import ai.elevare.ai.AiTask;
import ai.elevare.core.CborSerializable;
import ai.elevare.nudge.NudgeFacts.GoalFact;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A nudge's personal text: from the AI gateway (the cheap model, {@link AiTask#NUDGE}, 5 s
 * deadline) given the student's recent activity, goals and the last summary's next steps; a
 * template of the same facts when the AI is slow, down, unsupported (the local provider writes no
 * nudge texts) or answers something unusable. The reply says which one it is.
 *
 * <p>The student actor runs {@link #write} as a short-lived child, like any AI call, and gets
 * exactly one {@link Written} back; it never waits on it.
 */
public final class NudgeWriter {

  /** Longer texts are cut at a sentence end or refused in favour of the template. */
  static final int MAX_CHARS = 400;
  static final int MIN_CHARS = 20;

  private NudgeWriter() {}

  /**
   * What the text is about.
   *
   * @param decision what the rules decided to send
   */
  public record Request(NudgeDecision.Send decision, NudgeFacts facts, Instant now) {}

  /**
   * The one reply.
   *
   * @param callId the id the caller gave
   * @param message the text to send
   * @param fallback true when it is the template
   * @param provider who wrote it ("template" for the template)
   */
  public record Written(String callId, String message, boolean fallback, String provider)
      implements CborSerializable {}

  /** The child's messages: the AI call's reply, or its own deadline. */
  public interface Command {}

  private record Got(AiCall.TextResult result) implements Command {}

  private record Expired() implements Command {}

  /**
   * The AI child: asks the runtime's providers for the text and replies exactly once to {@code
   * replyTo}, with the template when no provider could write it in time.
   */
  public static Behavior<Command> write(
      AiRuntime rt, String callId, Request request, ActorRef<Written> replyTo) {
    Duration budget = rt.settings().deadline(AiTask.NUDGE).plus(rt.settings().fallbackGrace());
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  ActorRef<AiCall.TextResult> adapter = ctx.messageAdapter(AiCall.TextResult.class, Got::new);
                  ctx.spawnAnonymous(
                      AiCall.complete(rt, callId, AiTask.NUDGE, systemPrompt(), userPrompt(request), adapter));
                  // the call always answers; this only guards against a reply that never comes
                  timers.startSingleTimer(new Expired(), budget.plusSeconds(1));
                  return Behaviors.receive(Command.class)
                      .onMessage(
                          Got.class,
                          m -> {
                            replyTo.tell(finish(callId, request, m.result()));
                            return Behaviors.stopped();
                          })
                      .onMessage(
                          Expired.class,
                          m -> {
                            replyTo.tell(template(callId, request));
                            return Behaviors.stopped();
                          })
                      .build();
                }));
  }

  /** The reply for an AI call's result: its text when usable, else the template. */
  public static Written finish(String callId, Request request, AiCall.TextResult result) {
    String text = result.available() ? clean(result.text()) : null;
    if (text == null) {
      return template(callId, request);
    }
    return new Written(callId, text, result.fallback(), result.provider());
  }

  public static Written template(String callId, Request request) {
    return new Written(callId, templateText(request), true, "template");
  }

  static String systemPrompt() {
    return """
        You write one short, warm, encouraging message from a study app to a student.
        Two sentences at most, under 300 characters, plain text: no links, no markdown, no emoji,
        no greeting with a name, no sign-off. Point at the concrete thing given (a next step, a
        goal, a subject). Never invent facts, grades or deadlines; never shame the student.
        Answer with the message only.""";
  }

  static String userPrompt(Request r) {
    NudgeDecision.Send d = r.decision();
    NudgeTarget t = d.target();
    NudgeFacts f = r.facts();
    StringBuilder b = new StringBuilder();
    b.append("Reason: ")
        .append(
            switch (d.kind()) {
              case INACTIVITY -> "the student has not practised for " + spell(f, r.now());
              case GOAL_COMPLETED -> "the student just completed the goal \"" + t.goalTitle() + "\" in "
                  + name(t.fromSubject());
              case CROSS_SUBJECT -> "the student is strong in " + name(t.fromSubject())
                  + " and has never tried the related subject " + name(t.subject());
            })
        .append('\n');
    if (t.nextStep() != null) b.append("Next step from the tutor: ").append(t.nextStep()).append('\n');
    if (t.subject() != null) b.append("Subject to suggest: ").append(name(t.subject())).append('\n');
    if (d.kind() == NudgeKind.INACTIVITY && t.goalTitle() != null) {
      b.append("Goal to point at: ").append(t.goalTitle()).append('\n');
    }
    String goals =
        f.goals().stream()
            .filter(GoalFact::active)
            .limit(3)
            .map(g -> g.title() + " (" + name(g.subject()) + ", " + g.progress() + "/" + g.target() + ")")
            .collect(Collectors.joining("; "));
    if (!goals.isEmpty()) b.append("Active goals: ").append(goals).append('\n');
    String subjects =
        f.subjects().entrySet().stream()
            .filter(e -> e.getValue().attempts() > 0)
            .sorted(java.util.Map.Entry.comparingByKey())
            .map(e -> name(e.getKey()) + " (" + e.getValue().attempts() + " answers)")
            .collect(Collectors.joining(", "));
    if (!subjects.isEmpty()) b.append("Recent practice: ").append(subjects).append('\n');
    return b.toString();
  }

  static String templateText(Request r) {
    NudgeDecision.Send d = r.decision();
    NudgeTarget t = d.target();
    return switch (d.kind()) {
      case INACTIVITY -> {
        String since = "It's been " + spell(r.facts(), r.now()) + " since your last practice.";
        if (t.nextStep() != null) {
          yield since + " Your tutor's next step for you: " + trimStep(t.nextStep()) + ". Ten minutes today is a great start!";
        }
        if (t.goalTitle() != null && t.goalId() != null) {
          yield since + " Your goal \"" + t.goalTitle() + "\" is waiting: a few questions today bring it closer.";
        }
        if (t.subject() != null) {
          yield since + " A few " + name(t.subject()) + " questions today will keep your skills fresh.";
        }
        yield since + " A few questions today will get you back on track.";
      }
      case GOAL_COMPLETED -> "Congratulations on reaching your goal \"" + t.goalTitle() + "\"! "
          + name(t.subject()) + " builds on what you practised in " + name(t.fromSubject())
          + ": why not try a few questions?";
      case CROSS_SUBJECT -> "You're doing really well in " + name(t.fromSubject()) + ". "
          + name(t.subject()) + " uses many of the same ideas: why not try a few questions?";
    };
  }

  /** The model's text made safe to show, or null when it is not usable. */
  static String clean(String raw) {
    if (raw == null) return null;
    String s = raw.strip().replaceAll("\\s+", " ");
    if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
      s = s.substring(1, s.length() - 1).strip();
    }
    // links in the text would bypass the tracked link and could point anywhere
    if (s.matches("(?is).*(https?://|www\\.|<[a-z/]).*")) return null;
    if (s.length() > MAX_CHARS) {
      int end = Math.max(s.lastIndexOf(". ", MAX_CHARS), Math.max(s.lastIndexOf("! ", MAX_CHARS), s.lastIndexOf("? ", MAX_CHARS)));
      if (end < MIN_CHARS) return null;
      s = s.substring(0, end + 1);
    }
    return s.length() < MIN_CHARS ? null : s;
  }

  /** "9 days", or "a little while" below two days (short test settings, the cap's edge). */
  private static String spell(NudgeFacts f, Instant now) {
    long days = f.lastActivityAt() == null ? 0 : Duration.between(f.lastActivityAt(), now).toDays();
    return days < 2 ? "a little while" : days + " days";
  }

  private static String trimStep(String step) {
    String s = step.strip();
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  static String name(String subject) {
    if (subject == null || subject.isEmpty()) return "a new subject";
    return subject.substring(0, 1).toUpperCase(Locale.ROOT) + subject.substring(1);
  }
}
