package ai.elevare.core;

import com.fasterxml.jackson.databind.module.SimpleModule;
import java.time.Instant;

/**
 * Instants written by {@link IsoInstantSerializer}: the same text as JavaTimeModule's ISO format,
 * without a DateTimeFormatter per value. Registered after JavaTimeModule, so it wins: in the HTTP
 * mapper and, through {@code pekko.serialization.jackson.jackson-modules}, in the CBOR mapper of
 * events and snapshots (the journal's bytes stay the same).
 */
public final class IsoInstantModule extends SimpleModule {
  public IsoInstantModule() {
    super("iso-instant");
    addSerializer(Instant.class, new IsoInstantSerializer());
  }
}
