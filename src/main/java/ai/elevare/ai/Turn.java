package ai.elevare.ai;

import ai.elevare.core.CborSerializable;

/**
 * One past Q&A exchange of a student, as kept in the entity and handed to the gateway as context.
 */
public record Turn(String question, String answer, String subject) implements CborSerializable {}
