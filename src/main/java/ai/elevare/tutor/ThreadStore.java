package ai.elevare.tutor;

import ai.elevare.core.Jdbc;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Message threads and their messages, in our relational tables. */
public final class ThreadStore {
  private final Jdbc jdbc;

  public ThreadStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public record Thread(
      String id, String studentId, String tutorId, String subject, String title, String kind,
      String interactionId, String createdBy, Instant createdAt) {}

  public record Message(String id, String threadId, String authorId, String body, Instant createdAt) {}

  /**
   * Opens a thread with its first message. With an interaction id it is idempotent: escalating the
   * same answer twice returns the first thread.
   */
  public Thread open(
      String studentId, String tutorId, String subject, String title, String kind,
      String interactionId, String createdBy, String firstMessage) {
    if (interactionId != null) {
      Optional<Thread> existing = byInteraction(interactionId);
      if (existing.isPresent()) return existing.get();
    }
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now();
    try {
      jdbc.tx(
          c -> {
            Jdbc.update(
                c,
                "INSERT INTO threads (id, student_id, tutor_id, subject, title, kind, interaction_id,"
                    + " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, studentId, tutorId, subject, title, kind, interactionId, createdBy, now);
            Jdbc.update(
                c,
                "INSERT INTO thread_messages (id, thread_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
                UUID.randomUUID().toString(), id, createdBy, firstMessage, now);
            return null;
          });
    } catch (Jdbc.DataAccessException e) {
      // A concurrent escalation of the same interaction won the unique key: use its thread.
      if (e.isUniqueViolation() && interactionId != null) return byInteraction(interactionId).orElseThrow();
      throw e;
    }
    return new Thread(id, studentId, tutorId, subject, title, kind, interactionId, createdBy, now);
  }

  public Optional<Thread> byId(String id) {
    return jdbc.queryOne(SELECT + " WHERE id = ?", ThreadStore::map, id);
  }

  public Optional<Thread> byInteraction(String interactionId) {
    return jdbc.queryOne(SELECT + " WHERE interaction_id = ?", ThreadStore::map, interactionId);
  }

  /** Threads a user takes part in: their own as a student, their students' as a tutor, all as admin. */
  public List<Thread> forUser(String userId, String role, java.util.Set<String> linkedStudents) {
    return switch (role) {
      case "admin" -> jdbc.query(SELECT + " ORDER BY created_at DESC", ThreadStore::map);
      case "student" -> jdbc.query(SELECT + " WHERE student_id = ? ORDER BY created_at DESC", ThreadStore::map, userId);
      case "tutor" -> {
        if (linkedStudents.isEmpty()) yield List.of();
        String marks = String.join(", ", java.util.Collections.nCopies(linkedStudents.size(), "?"));
        yield jdbc.query(
            SELECT + " WHERE student_id IN (" + marks + ") ORDER BY created_at DESC",
            ThreadStore::map,
            linkedStudents.toArray());
      }
      default -> List.of();
    };
  }

  public List<Message> messages(String threadId) {
    return jdbc.query(
        "SELECT id, thread_id, author_id, body, created_at FROM thread_messages WHERE thread_id = ?"
            + " ORDER BY created_at, id",
        rs -> new Message(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getObject(5, java.time.OffsetDateTime.class).toInstant()),
        threadId);
  }

  public Message post(String threadId, String authorId, String body) {
    Message m = new Message(UUID.randomUUID().toString(), threadId, authorId, body, Instant.now());
    jdbc.update(
        "INSERT INTO thread_messages (id, thread_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
        m.id(), threadId, authorId, body, m.createdAt());
    return m;
  }

  private static final String SELECT =
      "SELECT id, student_id, tutor_id, subject, title, kind, interaction_id, created_by, created_at FROM threads";

  private static Thread map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Thread(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, java.time.OffsetDateTime.class).toInstant());
  }
}
