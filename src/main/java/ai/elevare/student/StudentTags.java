package ai.elevare.student;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The one place that names the journal tags of student events. The entity tags with {@link
 * #of(String, int)}; each projection instance reads {@link #tag(int)}. If the two ever disagreed a
 * projection would silently read nothing, so both go through here.
 */
public final class StudentTags {
  private static final String PREFIX = "student-";

  private StudentTags() {}

  public static String of(String studentId, int tagCount) {
    return tag(Math.floorMod(studentId.hashCode(), tagCount));
  }

  public static String tag(int index) {
    return PREFIX + index;
  }

  public static List<String> all(int tagCount) {
    return IntStream.range(0, tagCount).mapToObj(StudentTags::tag).toList();
  }
}
