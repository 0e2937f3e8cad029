package ai.elevare.practice;

import ai.elevare.core.Jdbc;
import ai.elevare.rating.Elo;
import ai.elevare.rating.RatingModel.ItemSlopes;
import ai.elevare.text.Text;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The question bank in memory with the current item ratings and item slopes. Items are few (hundreds), so every
 * selection is a scan of one subject's list. Ratings come from item_ratings, which only the
 * item-rating projection writes; the projection also pushes each new rating and slopes here, and a periodic
 * {@link #refreshRatings()} picks up ratings written by the projection on another node.
 *
 * <p>Bank items out of service (a student flagged one, or a tutor retired it: {@link ItemFlags}) stay
 * readable by id but are left out of every subject's list, so no selection sees them. The node that
 * takes an item out or puts it back does so at once; the others follow with {@link #refresh()}.
 */
public final class ItemCatalog {
  /** Predicted success we aim for: 1/(1+10^(d/400)) = 0.75 gives d = 400·log10(3) ≈ 191 points. */
  public static final double TARGET_GAP = 400 * Math.log10(3);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Jdbc jdbc;
  private final Map<String, BankItem> byId = new ConcurrentHashMap<>();
  /** In-service items only: what every selection scans. */
  private final Map<String, List<BankItem>> bySubject = new ConcurrentHashMap<>();
  /** Every item in load order (selection breaks ties by it); guarded by {@code this}. */
  private final List<BankItem> ordered = new ArrayList<>();
  /** Ids of items flagged or retired: kept in byId, left out of bySubject. */
  private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();
  /** Counts this node's own service changes, so a refresh read before one does not undo it. */
  private long serviceChanges;
  private final Map<String, Double> ratings = new ConcurrentHashMap<>();
  /** Only items whose slopes moved from 0; the rest are {@link ItemSlopes#NONE}. */
  private final Map<String, ItemSlopes> slopes = new ConcurrentHashMap<>();
  /** Content terms of each item, computed on first use by {@link #about}. */
  private final Map<String, Set<String>> itemTerms = new ConcurrentHashMap<>();

  public ItemCatalog(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** A catalog over fixed items with no database behind it (entity tests, benchmarks). */
  public static ItemCatalog of(List<BankItem> items) {
    ItemCatalog c = new ItemCatalog(null);
    items.forEach(c::added);
    return c;
  }

  /** The columns of {@code items} that make a {@link BankItem}, in the order {@link #item} reads them. */
  public static final String ITEM_COLUMNS =
      "id, subject, topic, prompt, answer_format, choices, answers, hint, explanation, expected_time_ms, difficulty";

  /** The bank item of a row selected with {@link #ITEM_COLUMNS} first. */
  public static BankItem item(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new BankItem(
        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        parseList(rs.getString(6)), parseList(rs.getString(7)), rs.getString(8), rs.getString(9), rs.getInt(10),
        rs.getInt(11));
  }

  public synchronized void load() {
    record Row(BankItem item, String status) {}
    List<Row> rows =
        jdbc.query("SELECT " + ITEM_COLUMNS + ", status FROM items", rs -> new Row(item(rs), rs.getString(12)));
    byId.clear();
    ordered.clear();
    withdrawn.clear();
    for (Row row : rows) {
      byId.put(row.item().id(), row.item());
      ordered.add(row.item());
      if (!ItemFlags.ACTIVE.equals(row.status())) withdrawn.add(row.item().id());
    }
    regroup();
    refreshRatings();
  }

  /** The periodic refresh (a timer of the wiring): service changes made on other nodes, then ratings. */
  public void refresh() {
    refreshService();
    refreshRatings();
  }

  /** Reads which items are out of service; a flag or review on another node reaches this one here. */
  public void refreshService() {
    if (jdbc == null) return;
    long before;
    synchronized (this) {
      before = serviceChanges;
    }
    Set<String> out =
        Set.copyOf(jdbc.query("SELECT id FROM items WHERE status <> ?", rs -> rs.getString(1), ItemFlags.ACTIVE));
    synchronized (this) {
      // a withdraw or restore here since the read is newer than what was read: the next refresh settles
      if (before != serviceChanges || out.equals(withdrawn)) return;
      withdrawn.clear();
      withdrawn.addAll(out);
      regroup();
    }
  }

  /** Takes an item out of service on this node (flagged or retired). */
  public synchronized void withdraw(String itemId) {
    serviceChanges++;
    if (withdrawn.add(itemId)) regroup();
  }

  /** Puts a flagged item back in service on this node (a tutor cleared the flag). */
  public synchronized void restore(String itemId) {
    serviceChanges++;
    if (withdrawn.remove(itemId)) regroup();
  }

  /** Whether the item is in the bank and may be given to a student. */
  public boolean inService(String itemId) {
    return byId.containsKey(itemId) && !withdrawn.contains(itemId);
  }

  /** The subjects' lists of in-service items, rebuilt whole: readers never see a half-built one. */
  private void regroup() {
    Map<String, List<BankItem>> grouped = new java.util.HashMap<>();
    for (BankItem item : ordered) {
      if (!withdrawn.contains(item.id())) grouped.computeIfAbsent(item.subject(), k -> new ArrayList<>()).add(item);
    }
    for (String subject : bySubject.keySet()) grouped.putIfAbsent(subject, List.of());
    grouped.forEach((subject, list) -> bySubject.put(subject, List.copyOf(list)));
  }

  public void refreshRatings() {
    if (jdbc == null) return;
    jdbc.query(
            "SELECT item_id, rating, " + SLOPE_COLUMNS + " FROM item_ratings",
            rs -> new Stored(rs.getString(1), rs.getDouble(2), slopes(rs, 3)))
        .forEach(r -> ratingChanged(r.itemId(), r.rating(), r.slopes()));
  }

  private record Stored(String itemId, double rating, ItemSlopes slopes) {}

  /** item_ratings' slope columns (V15, V16) in {@link ItemSlopes}' order. */
  public static final String SLOPE_COLUMNS =
      "slope_recent, slope_practice, slope_last, slope_subject_recent, slope_discrimination";

  /** The slopes of a row selected with {@link #SLOPE_COLUMNS} from column {@code first} on. */
  public static ItemSlopes slopes(ResultSet rs, int first) throws SQLException {
    return new ItemSlopes(
        rs.getDouble(first), rs.getDouble(first + 1), rs.getDouble(first + 2),
        rs.getDouble(first + 3), rs.getDouble(first + 4));
  }

  /** Called by the projection after it stored a new rating and slopes. */
  public void ratingChanged(String itemId, double rating, ItemSlopes itemSlopes) {
    ratings.put(itemId, rating);
    if (itemSlopes.equals(ItemSlopes.NONE)) slopes.remove(itemId);
    else slopes.put(itemId, itemSlopes);
  }

  /** The item's slopes as last stored: a map read, no allocation (practice's hot path). */
  public ItemSlopes slopes(String itemId) {
    return slopes.getOrDefault(itemId, ItemSlopes.NONE);
  }

  public synchronized void added(BankItem item) {
    byId.put(item.id(), item);
    ordered.add(item);
    if (withdrawn.contains(item.id())) return;
    bySubject.merge(
        item.subject(),
        List.of(item),
        (a, b) -> {
          List<BankItem> all = new ArrayList<>(a);
          all.addAll(b);
          return List.copyOf(all);
        });
  }

  public Optional<BankItem> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Initial rating of an item: the centre of its difficulty band. */
  public double rating(String itemId) {
    Double r = ratings.get(itemId);
    if (r != null) return r;
    BankItem item = byId.get(itemId);
    return item == null ? Elo.INITIAL_RATING : Elo.ratingForDifficulty(item.difficulty());
  }

  /** The subject's items in service (an immutable list shared with the catalog: no copy). */
  public List<BankItem> items(String subject) {
    return bySubject.getOrDefault(subject, List.of());
  }

  public int size(String subject) {
    return bySubject.getOrDefault(subject, List.of()).size();
  }

  /** Every item, out of service ones too (duplicate checks, retrieval). */
  public List<BankItem> all() {
    return List.copyOf(byId.values());
  }

  /** The items that may be given to students (and serve as examples for generated ones). */
  public List<BankItem> inService() {
    return byId.values().stream().filter(i -> !withdrawn.contains(i.id())).toList();
  }

  /**
   * Picks an item near {@code studentRating - TARGET_GAP}: never one of the recent items, another
   * topic than the last one when the subject has others close enough, and randomly among the three
   * best so two students at the same rating don't march through the same sequence.
   */
  public Optional<BankItem> select(
      String subject, double studentRating, List<String> recentIds, String lastTopic, Random random) {
    return select(subject, studentRating, recentIds, lastTopic, List.of(), random);
  }

  /**
   * Rating points an item about a recent session's topic gains in the ranking: it beats off-topic
   * items up to one and a half difficulty levels (240 points) closer to the target, and it is not
   * held back for sharing the last item's topic. Further off it does not win: a session's topic
   * should not bring questions far above or below the student.
   */
  public static final double FOCUS_BONUS = 240;

  /**
   * The next item: near the student's target rating, not seen recently, preferring a topic other
   * than the last one and, when {@code focus} names session topics, items about them.
   */
  public Optional<BankItem> select(
      String subject, double studentRating, List<String> recentIds, String lastTopic, List<String> focus,
      Random random) {
    List<BankItem> ranked = ranked(subject, studentRating, recentIds, lastTopic, focus, Double.POSITIVE_INFINITY);
    List<BankItem> items = bySubject.getOrDefault(subject, List.of());
    if (ranked.isEmpty()) {
      // Fewer items than the recent window: anything but the very last one.
      String last = recentIds.isEmpty() ? null : recentIds.get(recentIds.size() - 1);
      ranked = items.stream().filter(i -> !i.id().equals(last)).limit(3).toList();
    }
    if (ranked.isEmpty()) return Optional.empty();
    return Optional.of(ranked.get(random.nextInt(ranked.size())));
  }

  /**
   * Like {@link #select}, but only items at the student's level (rated within {@code band} of the
   * target) that the student has not seen recently; empty when the bank has none left there.
   */
  public Optional<BankItem> selectAtLevel(
      String subject, double studentRating, List<String> recentIds, String lastTopic, List<String> focus,
      Random random, double band) {
    List<BankItem> ranked = ranked(subject, studentRating, recentIds, lastTopic, focus, band);
    if (ranked.isEmpty()) return Optional.empty();
    return Optional.of(ranked.get(random.nextInt(ranked.size())));
  }

  private List<BankItem> ranked(
      String subject, double studentRating, List<String> recentIds, String lastTopic, List<String> focus, double band) {
    List<BankItem> items = bySubject.getOrDefault(subject, List.of());
    double target = studentRating - TARGET_GAP;
    Set<String> focusTerms = Set.copyOf(focus);
    Set<String> recent = Set.copyOf(recentIds);
    return
        items.stream()
            .filter(i -> !recent.contains(i.id()))
            .filter(i -> Math.abs(rating(i.id()) - target) <= band)
            .sorted(
                Comparator.comparingDouble(
                    i ->
                        about(i, focusTerms)
                            ? Math.abs(rating(i.id()) - target) - FOCUS_BONUS
                            : Math.abs(rating(i.id()) - target) + (i.topic().equals(lastTopic) ? 120.0 : 0.0)))
            .limit(3)
            .toList();
  }

  /** Whether an item is about one of the terms: its topic, prompt or explanation names it. */
  public boolean about(BankItem item, Set<String> terms) {
    if (terms.isEmpty()) return false;
    Set<String> own = itemTerms.computeIfAbsent(item.id(), k -> Set.copyOf(
        Text.terms(item.topic().replace('-', ' ') + " " + item.prompt() + " " + item.explanation())));
    for (String t : terms) if (own.contains(t)) return true;
    return false;
  }

  public static List<String> parseList(String json) {
    if (json == null || json.isBlank()) return List.of();
    try {
      return JSON.readValue(json, STRINGS);
    } catch (Exception e) {
      throw new IllegalStateException("bad JSON list in items: " + json, e);
    }
  }

  public static String toJson(List<String> list) {
    try {
      return list == null || list.isEmpty() ? null : JSON.writeValueAsString(list);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
