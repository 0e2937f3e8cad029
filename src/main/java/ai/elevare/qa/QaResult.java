package ai.elevare.qa;

import ai.elevare.core.CborSerializable;

/**
 * The reply to a student's question, ready for the HTTP layer and for the conversation history.
 *
 * @param answer what the student reads: the answer (high), the answer and a disclaimer (medium), or
 *     the overview and the escalation note (low)
 * @param overview the short overview, always present
 * @param subject the subject the question was taken to be about (kept in the turn), or null
 */
public record QaResult(
    String answer,
    String overview,
    Confidence confidence,
    boolean escalationSuggested,
    boolean escalationRequired,
    boolean followUp,
    String provider,
    boolean fallback,
    String subject)
    implements CborSerializable {}
