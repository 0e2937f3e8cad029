package ai.elevare.practice;

import java.util.List;
import java.util.Set;

/** The platform's subjects; the subjects table holds the same rows and their relations. */
public final class Subjects {
  public static final List<String> ALL = List.of("math", "chemistry", "physics", "biology", "english");
  private static final Set<String> SET = Set.copyOf(ALL);

  private Subjects() {}

  public static boolean isKnown(String subject) {
    return subject != null && SET.contains(subject);
  }
}
