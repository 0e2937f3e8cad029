package ai.elevare.core;

/**
 * Marker for every message, event and state that crosses a node boundary or enters the journal.
 * Bound to Jackson CBOR in serialization.conf, so nothing falls back to Java serialization.
 */
public interface CborSerializable {}
