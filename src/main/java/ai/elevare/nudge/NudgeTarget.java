package ai.elevare.nudge;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What a nudge points at. Any part may be null; {@link #link()} turns it into a page of the web
 * app, always a relative path of ours.
 *
 * @param subject the subject to practise (the suggested one for goal and cross-subject nudges)
 * @param fromSubject the subject the suggestion builds on (the completed goal's, the strong one)
 * @param goalId the goal concerned
 * @param goalTitle that goal's title
 * @param nextStep a next step from the last tutoring-session summary
 */
public record NudgeTarget(
    String subject, String fromSubject, String goalId, String goalTitle, String nextStep) {

  /** The web app page the nudge's link leads to: practice in the subject, the goals, or home. */
  public String link() {
    if (subject != null) {
      return "/app/practice?subject=" + URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }
    if (goalId != null) {
      return "/app/goals";
    }
    return "/app";
  }
}
