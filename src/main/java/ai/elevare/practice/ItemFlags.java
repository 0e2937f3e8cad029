package ai.elevare.practice;

import ai.elevare.core.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Students' flags on bank items and their review: the {@code status} of {@code items} and the rows of
 * {@code item_flags} (V17__item_flags.sql). A flag takes the item out of service at once on this node
 * ({@link ItemCatalog#withdraw}) and at the catalog's next refresh on the others; a tutor or admin
 * then clears it (back in service) or retires it (never served again). Generated items keep their
 * own review ({@code GeneratedItemStore}) and share the flag rows through {@link #record} and
 * {@link #closeAll}.
 */
public final class ItemFlags {
  public static final String ACTIVE = "active";
  public static final String FLAGGED = "flagged";
  public static final String RETIRED = "retired";

  public record Flag(String studentId, String reason, Instant at) {}

  /** A bank item with its service status and its open flags. */
  public record Entry(BankItem item, String status, String createdBy, Instant createdAt, List<Flag> flags) {
    public boolean flagged() {
      return FLAGGED.equals(status);
    }

    Entry with(String newStatus, List<Flag> newFlags) {
      return new Entry(item, newStatus, createdBy, createdAt, newFlags);
    }
  }

  public sealed interface Outcome {}

  public record Done(Entry entry) implements Outcome {}

  public record Missing() implements Outcome {}

  public record Conflict(String detail) implements Outcome {}

  private static final String COLUMNS = ItemCatalog.ITEM_COLUMNS + ", status, created_by, created_at";

  private final Jdbc jdbc;
  private final ItemCatalog catalog;
  private final Clock clock;

  public ItemFlags(Jdbc jdbc, ItemCatalog catalog, Clock clock) {
    this.jdbc = jdbc;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** Whether the bank holds the item (in service or not); read from the database, as any node sees it. */
  public boolean exists(String id) {
    return !jdbc.query("SELECT 1 FROM items WHERE id = ?", rs -> 1, id).isEmpty();
  }

  /**
   * A student's flag. The item leaves service at once; a repeat by the same student while their flag
   * is open changes nothing; a retired item stays retired (nothing to take out).
   */
  public Outcome flag(String id, String studentId, String reason) {
    Optional<Entry> current = read(id);
    if (current.isEmpty()) return new Missing();
    if (RETIRED.equals(current.get().status())) return new Done(current.get());
    Instant now = clock.instant();
    try {
      jdbc.tx(
          c -> {
            record(c, id, studentId, reason, now);
            return Jdbc.update(c, "UPDATE items SET status = ? WHERE id = ? AND status = ?", FLAGGED, id, ACTIVE);
          });
    } catch (Jdbc.DataAccessException e) {
      // the same student's flag sent twice at once: the other request stored it
      if (!e.isUniqueViolation()) throw e;
    }
    catalog.withdraw(id);
    return new Done(current.get().with(FLAGGED, openFlags(id)));
  }

  /** Keeps the item: back in service, its open flags reviewed. Only a flagged item can be cleared. */
  public Outcome clear(String id, String reviewer, String note) {
    return review(id, reviewer, note, ACTIVE);
  }

  /** Takes the item out of service for good (flagged or not); its flags are reviewed. */
  public Outcome retire(String id, String reviewer, String note) {
    return review(id, reviewer, note, RETIRED);
  }

  private Outcome review(String id, String reviewer, String note, String to) {
    Optional<Entry> current = read(id);
    if (current.isEmpty()) return new Missing();
    String from = current.get().status();
    if (RETIRED.equals(from)) {
      return new Conflict(RETIRED.equals(to) ? "The item is already retired." : "The item is retired.");
    }
    if (ACTIVE.equals(to) && !FLAGGED.equals(from)) return new Conflict("The item is not flagged.");
    Instant now = clock.instant();
    int changed =
        jdbc.tx(
            c -> {
              // the status the decision was made on: a concurrent review makes this one a conflict
              int n =
                  Jdbc.update(
                      c,
                      "UPDATE items SET status = ?, reviewed_by = ?, reviewed_at = ?, review_note = ?"
                          + " WHERE id = ? AND status = ?",
                      to, reviewer, Timestamp.from(now), note, id, from);
              if (n > 0) closeAll(c, id, now);
              return n;
            });
    if (changed == 0) return new Conflict("The item was reviewed meanwhile.");
    if (ACTIVE.equals(to)) catalog.restore(id);
    else catalog.withdraw(id);
    return new Done(current.get().with(to, List.of()));
  }

  /** Flagged bank items, oldest first, with their open flags; straight from the database. */
  public List<Entry> queue(String subject, int limit) {
    List<Entry> items =
        jdbc.query(
            "SELECT " + COLUMNS + " FROM items WHERE status = ?" + (subject == null ? "" : " AND subject = ?")
                + " ORDER BY created_at, id LIMIT " + limit,
            ItemFlags::row,
            subject == null ? new Object[] {FLAGGED} : new Object[] {FLAGGED, subject});
    // the open flags of every flagged item in one read, not one per item
    java.util.Map<String, List<Flag>> flags = new java.util.HashMap<>();
    jdbc.query(
        "SELECT f.item_id, f.student_id, f.reason, f.created_at FROM item_flags f JOIN items i ON i.id = f.item_id"
            + " WHERE i.status = ? AND f.reviewed_at IS NULL ORDER BY f.created_at",
        rs ->
            flags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new Flag(rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant())),
        FLAGGED);
    List<Entry> out = new ArrayList<>(items.size());
    for (Entry e : items) out.add(e.with(e.status(), List.copyOf(flags.getOrDefault(e.item().id(), List.of()))));
    return out;
  }

  /** The item's flags not yet reviewed, oldest first. */
  public List<Flag> openFlags(String itemId) {
    return openFlags(jdbc, itemId);
  }

  public static List<Flag> openFlags(Jdbc jdbc, String itemId) {
    return jdbc.query(
        "SELECT student_id, reason, created_at FROM item_flags WHERE item_id = ? AND reviewed_at IS NULL"
            + " ORDER BY created_at",
        rs -> new Flag(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
        itemId);
  }

  /**
   * Stores a student's flag: a new row, or their reviewed one opened again with the new reason. An
   * open flag of theirs stays as it is (a repeat is idempotent).
   */
  public static void record(Connection c, String itemId, String studentId, String reason, Instant at)
      throws SQLException {
    List<Boolean> open =
        Jdbc.query(
            c, "SELECT reviewed_at IS NULL FROM item_flags WHERE item_id = ? AND student_id = ?",
            rs -> rs.getBoolean(1), itemId, studentId);
    if (open.isEmpty()) {
      Jdbc.update(
          c, "INSERT INTO item_flags (id, item_id, student_id, reason, created_at) VALUES (?, ?, ?, ?, ?)",
          UUID.randomUUID().toString(), itemId, studentId, reason, Timestamp.from(at));
    } else if (!open.get(0)) {
      Jdbc.update(
          c, "UPDATE item_flags SET reason = ?, created_at = ?, reviewed_at = NULL WHERE item_id = ? AND student_id = ?",
          reason, Timestamp.from(at), itemId, studentId);
    }
  }

  /** Marks every open flag of the item reviewed: the decision answers them all. */
  public static void closeAll(Connection c, String itemId, Instant at) throws SQLException {
    Jdbc.update(c, "UPDATE item_flags SET reviewed_at = ? WHERE item_id = ? AND reviewed_at IS NULL", Timestamp.from(at), itemId);
  }

  private Optional<Entry> read(String id) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM items WHERE id = ?", ItemFlags::row, id);
  }

  private static Entry row(ResultSet rs) throws SQLException {
    return new Entry(ItemCatalog.item(rs), rs.getString(12), rs.getString(13), rs.getTimestamp(14).toInstant(), List.of());
  }
}
