package ai.elevare.ai;

/**
 * A piece of the platform's own material the local provider may answer from: an item bank
 * explanation, a study glossary entry, or (built per question) one of the student's session
 * summaries.
 *
 * @param subject a platform subject id ("math", "chemistry", ...), or null for a summary
 * @param kind what sort of passage it is, which decides what kind of question it can answer
 */
public record KnowledgeDoc(String id, String subject, String topic, String text, Kind kind) {

  /** The sort of passage: an explanation, or a glossary entry written as one of three forms. */
  public enum Kind {
    /** The explanation of a bank item: about one item's point, of no fixed form. */
    EXPLANATION,
    /** A glossary entry defining its topic. */
    DEFINITION,
    /** A glossary entry contrasting the two or more things its topic names. */
    COMPARISON,
    /** A glossary entry saying why something happens. */
    CAUSE,
    /** A student's session summary. */
    NOTES;

    public boolean glossary() {
      return this == DEFINITION || this == COMPARISON || this == CAUSE;
    }
  }

  /** A bank explanation, or session notes when there is no subject. */
  public KnowledgeDoc(String id, String subject, String topic, String text) {
    this(id, subject, topic, text, subject == null ? Kind.NOTES : Kind.EXPLANATION);
  }
}
