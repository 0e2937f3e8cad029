package ai.elevare.student;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Snapshots of version 1 hold one flat record of thirteen fields; version 2 holds a slice per
 * feature module. Moves each field into its slice so old snapshots load without a replay.
 */
public final class StudentStateMigration extends JacksonMigration {
  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    if (fromVersion >= 2 || !(json instanceof ObjectNode old)) return json;
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode practice = f.objectNode();
    for (String field : new String[] {"ratings", "open", "recent", "xp", "recentItems", "lastTopic", "queued"}) {
      if (old.has(field)) practice.set(field, old.get(field));
    }
    ObjectNode streak = f.objectNode();
    streak.set("days", old.has("streakDays") ? old.get("streakDays") : f.numberNode(0));
    streak.set("lastDay", old.has("lastPracticeDay") ? old.get("lastPracticeDay") : f.nullNode());
    practice.set("streak", streak);
    ObjectNode goals = f.objectNode();
    goals.set("goals", old.has("goals") ? old.get("goals") : f.objectNode());
    ObjectNode qa = f.objectNode();
    qa.set("interactions", old.has("interactions") ? old.get("interactions") : f.arrayNode());
    qa.set("flags", old.has("flags") ? old.get("flags") : f.arrayNode());
    ObjectNode overrides = f.objectNode();
    overrides.set("records", old.has("overrides") ? old.get("overrides") : f.arrayNode());
    ObjectNode next = f.objectNode();
    next.set("practice", practice);
    next.set("goals", goals);
    next.set("qa", qa);
    next.set("overrides", overrides);
    return next;
  }
}
