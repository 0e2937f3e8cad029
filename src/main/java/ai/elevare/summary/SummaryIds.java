package ai.elevare.summary;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A session's summary id is a name-based UUID (v3) of Rails' session id: every node computes the
 * same id for the same session without asking anyone, so duplicate deliveries that land on
 * different nodes at once still answer with one id.
 */
public final class SummaryIds {
  private static final String NAMESPACE = "elevare:session-summary:";

  private SummaryIds() {}

  public static String forSession(String sessionId) {
    return UUID.nameUUIDFromBytes((NAMESPACE + sessionId).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
