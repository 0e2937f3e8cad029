package ai.elevare.ai;

/**
 * A piece of the platform's own material the local provider may answer from: an item bank
 * explanation, or (built per question) one of the student's session summaries.
 *
 * @param subject a platform subject id ("math", "chemistry", ...), or null for a summary
 */
public record KnowledgeDoc(String id, String subject, String topic, String text) {}
