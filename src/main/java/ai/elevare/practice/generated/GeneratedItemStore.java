package ai.elevare.practice.generated;

import ai.elevare.core.Jdbc;
import ai.elevare.practice.BankItem;
import ai.elevare.practice.ItemCatalog;
import ai.elevare.practice.ItemFlags;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generated items: the {@code generated_items} table, their review, students' flags, and the pool in
 * memory that assignment reads without touching the database. Items written on other nodes, and
 * reviews done there, arrive with {@link #refresh()} (a timer of the wiring).
 */
public final class GeneratedItemStore {

  /** What the duplicate filter and the review answer with. */
  public sealed interface Outcome {}

  public record Done(GeneratedItem item) implements Outcome {}

  public record Missing() implements Outcome {}

  public record Conflict(String detail) implements Outcome {}

  /** One entry of the review queue, with its flags. */
  public record Review(GeneratedItem item, List<Flag> flags) {}

  public record Flag(String studentId, String reason, Instant at) {}

  private static final String COLUMNS =
      "id, subject, topic, prompt, answer_format, choices, answers, hint, explanation, expected_time_ms,"
          + " difficulty, origin, source_item_id, status, flagged, bank_item_id, created_at";

  private final Jdbc jdbc;
  private final ItemCatalog catalog;
  private final Clock clock;
  private final Map<String, GeneratedItem> byId = new ConcurrentHashMap<>();
  /**
   * {@link #servable} per subject and level, asked on every assignment; cleared after each change
   * of {@code byId} (a computation racing a change is in its bin, which the clear waits for).
   */
  private final Map<String, List<GeneratedItem>> servableByLevel = new ConcurrentHashMap<>();
  private final Set<String> fingerprints = ConcurrentHashMap.newKeySet();

  public GeneratedItemStore(Jdbc jdbc, ItemCatalog catalog, Clock clock) {
    this.jdbc = jdbc;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** Reads every generated item and the bank's fingerprints; call at start, then on a timer. */
  public void refresh() {
    for (BankItem b : catalog.all()) fingerprints.add(GeneratedItem.fingerprint(b));
    List<GeneratedItem> rows = jdbc.query("SELECT " + COLUMNS + " FROM generated_items", GeneratedItemStore::row);
    for (GeneratedItem g : rows) {
      fingerprints.add(GeneratedItem.fingerprint(g.item()));
      if (GeneratedItem.REJECTED.equals(g.status())) byId.remove(g.id());
      else byId.put(g.id(), g);
    }
    servableByLevel.clear();
  }

  /** True when the bank or an earlier generated item (rejected ones included) asks the same. */
  public boolean duplicate(BankItem draft) {
    return fingerprints.contains(GeneratedItem.fingerprint(draft));
  }

  /**
   * Stores a checked item unless it duplicates one; the unique fingerprint makes this hold across
   * nodes too.
   */
  public Optional<GeneratedItem> add(BankItem draft, String origin, String sourceItemId, String status) {
    String fp = GeneratedItem.fingerprint(draft);
    if (!fingerprints.add(fp)) return Optional.empty();
    GeneratedItem g =
        new GeneratedItem(
            "g-" + UUID.randomUUID(), withId(draft, null), origin, sourceItemId, status, false, null,
            clock.instant());
    g = new GeneratedItem(g.id(), withId(draft, g.id()), origin, sourceItemId, status, false, null, g.createdAt());
    BankItem i = g.item();
    try {
      jdbc.update(
          "INSERT INTO generated_items (" + COLUMNS + ", fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          g.id(), i.subject(), i.topic(), i.prompt(), i.answerFormat(), ItemCatalog.toJson(i.choices()),
          ItemCatalog.toJson(i.answers()), i.hint(), i.explanation(), i.expectedTimeMs(), i.difficulty(), origin,
          sourceItemId, status, false, null, Timestamp.from(g.createdAt()), fp);
    } catch (RuntimeException e) {
      // Another node stored the same item first (unique fingerprint), or the database refused it.
      return Optional.empty();
    }
    byId.put(g.id(), g);
    servableByLevel.clear();
    return Optional.of(g);
  }

  public Optional<GeneratedItem> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Items students may get in a subject at a difficulty. */
  public List<GeneratedItem> servable(String subject, int difficulty) {
    return servableByLevel.computeIfAbsent(subject + "|" + difficulty, k -> findServable(subject, difficulty));
  }

  private List<GeneratedItem> findServable(String subject, int difficulty) {
    List<GeneratedItem> out = new ArrayList<>();
    for (GeneratedItem g : byId.values()) {
      if (g.servable() && g.item().difficulty() == difficulty && g.item().subject().equals(subject)) out.add(g);
    }
    out.sort(Comparator.comparing(GeneratedItem::createdAt));
    return List.copyOf(out);
  }

  /** The review queue, oldest first, flagged items included; straight from the database. */
  public List<Review> reviewQueue(String subject, int limit) {
    List<GeneratedItem> items =
        jdbc.query(
            "SELECT " + COLUMNS + " FROM generated_items WHERE (status IN ('verified', 'pending') OR flagged)"
                + " AND status <> 'rejected'" + (subject == null ? "" : " AND subject = ?")
                + " ORDER BY flagged DESC, created_at LIMIT " + limit,
            GeneratedItemStore::row,
            subject == null ? new Object[0] : new Object[] {subject});
    List<Review> out = new ArrayList<>();
    for (GeneratedItem g : items) {
      List<Flag> flags =
          g.flagged()
              ? ItemFlags.openFlags(jdbc, g.id()).stream().map(f -> new Flag(f.studentId(), f.reason(), f.at())).toList()
              : List.of();
      out.add(new Review(g, flags));
    }
    return out;
  }

  /** Copies the item into the bank (same id, so its rating history carries on) and clears flags. */
  public Outcome approve(String id, String reviewer, String note) {
    Optional<GeneratedItem> current = read(id);
    if (current.isEmpty()) return new Missing();
    GeneratedItem g = current.get();
    if (GeneratedItem.REJECTED.equals(g.status())) return new Conflict("The item was rejected.");
    if (GeneratedItem.APPROVED.equals(g.status()) && !g.flagged()) return new Conflict("The item is already approved.");
    boolean toBank = !GeneratedItem.APPROVED.equals(g.status());
    jdbc.tx(
        c -> {
          if (toBank) {
            BankItem i = g.item();
            Jdbc.update(
                c,
                "INSERT INTO items (id, subject, topic, prompt, answer_format, choices, answers, hint, explanation,"
                    + " expected_time_ms, difficulty, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                i.id(), i.subject(), i.topic(), i.prompt(), i.answerFormat(), ItemCatalog.toJson(i.choices()),
                ItemCatalog.toJson(i.answers()), i.hint(), i.explanation(), i.expectedTimeMs(), i.difficulty(), reviewer,
                Timestamp.from(clock.instant()));
          }
          ItemFlags.closeAll(c, g.id(), clock.instant());
          return Jdbc.update(
              c,
              "UPDATE generated_items SET status = 'approved', flagged = FALSE, bank_item_id = ?, reviewed_by = ?,"
                  + " reviewed_at = ?, review_note = ? WHERE id = ?",
              g.id(), reviewer, Timestamp.from(clock.instant()), note, g.id());
        });
    GeneratedItem approved = g.with(GeneratedItem.APPROVED, false, g.id());
    byId.put(id, approved);
    servableByLevel.clear();
    if (toBank) catalog.added(g.item());
    return new Done(approved);
  }

  /** Takes the item out of service for good. Approved items live in the bank: they are edited there. */
  public Outcome reject(String id, String reviewer, String note) {
    Optional<GeneratedItem> current = read(id);
    if (current.isEmpty()) return new Missing();
    GeneratedItem g = current.get();
    if (GeneratedItem.REJECTED.equals(g.status())) return new Conflict("The item is already rejected.");
    if (GeneratedItem.APPROVED.equals(g.status())) return new Conflict("The item is in the bank already.");
    jdbc.tx(
        c -> {
          ItemFlags.closeAll(c, id, clock.instant());
          return Jdbc.update(
              c,
              "UPDATE generated_items SET status = 'rejected', reviewed_by = ?, reviewed_at = ?, review_note = ? WHERE id = ?",
              reviewer, Timestamp.from(clock.instant()), note, id);
        });
    byId.remove(id);
    servableByLevel.clear();
    return new Done(g.with(GeneratedItem.REJECTED, g.flagged(), null));
  }

  /** A student's flag: the item stops being served at once; a second flag by the same student changes nothing. */
  public Outcome flag(String id, String studentId, String reason) {
    Optional<GeneratedItem> current = read(id);
    if (current.isEmpty()) return new Missing();
    GeneratedItem g = current.get();
    if (GeneratedItem.REJECTED.equals(g.status())) return new Done(g);
    jdbc.tx(
        c -> {
          ItemFlags.record(c, id, studentId, reason, clock.instant());
          return Jdbc.update(c, "UPDATE generated_items SET flagged = TRUE WHERE id = ?", id);
        });
    GeneratedItem flagged = g.with(g.status(), true, g.bankItemId());
    byId.put(id, flagged);
    servableByLevel.clear();
    return new Done(flagged);
  }

  /** Whether a generated item has this id (rejected ones too); from the database, as any node sees it. */
  public boolean exists(String id) {
    return read(id).isPresent();
  }

  private Optional<GeneratedItem> read(String id) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM generated_items WHERE id = ?", GeneratedItemStore::row, id);
  }

  private static BankItem withId(BankItem d, String id) {
    return new BankItem(
        id, d.subject(), d.topic(), d.prompt(), d.answerFormat(), d.choices(), d.answers(), d.hint(),
        d.explanation(), d.expectedTimeMs(), d.difficulty());
  }

  private static GeneratedItem row(java.sql.ResultSet rs) throws java.sql.SQLException {
    BankItem item =
        new BankItem(
            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            ItemCatalog.parseList(rs.getString(6)), ItemCatalog.parseList(rs.getString(7)), rs.getString(8), rs.getString(9),
            rs.getInt(10), rs.getInt(11));
    return new GeneratedItem(
        rs.getString(1), item, rs.getString(12), rs.getString(13), rs.getString(14), rs.getBoolean(15),
        rs.getString(16), rs.getTimestamp(17).toInstant());
  }
}
