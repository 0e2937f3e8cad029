package ai.elevare.privacy;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/** A persistence id's stored events, through the read journal (so they come back deserialized). */
public final class JournalReader {
  private JournalReader() {}

  public static Function<String, CompletionStage<List<StudentPrivacy.JournalEvent>>> of(ActorSystem<?> system) {
    JdbcReadJournal journal =
        PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    return pid ->
        journal
            .currentEventsByPersistenceId(pid, 0L, Long.MAX_VALUE)
            .map(
                e ->
                    new StudentPrivacy.JournalEvent(
                        pid, e.sequenceNr(), Instant.ofEpochMilli(e.timestamp()),
                        e.event().getClass().getSimpleName(), e.event()))
            .runWith(Sink.seq(), system);
  }
}
