package ai.elevare.student;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Events written while they were nested in {@code StudentEntity} ({@code StudentEntity$AnswerSubmitted}
 * ...) load as the same records of {@link StudentEvent}; their fields did not change (fields added
 * since are null in them). Registered under each old class name in serialization.conf.
 */
public final class StudentJournalMigration extends JacksonMigration {
  private static final String OLD = "ai.elevare.student.StudentEntity$";
  private static final String NEW = "ai.elevare.student.StudentEvent$";

  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public String transformClassName(int fromVersion, String className) {
    return className.startsWith(OLD) ? NEW + className.substring(OLD.length()) : className;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return json;
  }
}
