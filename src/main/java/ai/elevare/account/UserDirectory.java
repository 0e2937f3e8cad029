package ai.elevare.account;

import ai.elevare.core.Jdbc;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Users, their roles, their standing (disabled, token cut-off) and the tutor/parent links, in our
 * relational tables. Lookups are cached briefly: a write on this node invalidates at once and is
 * announced through {@link #onChange}, so other nodes drop their copy at once too (the platform
 * carries it by cluster pub-sub); a lost announcement is covered by the TTL.
 */
public final class UserDirectory {
  /** By default, the longest a node acts on a stale role, standing or link set when an announcement is lost. */
  public static final Duration TTL = Duration.ofSeconds(5);
  private static final String COLUMNS = "id, email, name, role, time_zone, disabled, tokens_valid_after";

  private final Jdbc jdbc;
  private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(10);
  /** Compared against when the email is unknown, so both paths cost one bcrypt check. */
  private final String dummyHash;
  private final com.github.benmanes.caffeine.cache.LoadingCache<String, Optional<Account>> users;
  /** Told the id of every user this node changed; the platform tells every node. */
  private volatile Consumer<String> changed = id -> {};

  /** A user with their standing, as one row gives them. */
  public record Account(User user, Standing standing) {}
  private final Cache<String, Set<String>> links;

  public UserDirectory(Jdbc jdbc) {
    this(jdbc, TTL);
  }

  public UserDirectory(Jdbc jdbc, Duration ttl) {
    this(jdbc, ttl, java.util.concurrent.ForkJoinPool.commonPool());
  }

  /**
   * @param ttl how long a node may use a cached user or link set without hearing of a change
   * @param reloads where a user read at least half a TTL ago is read again in the background (a
   *     blocking pool: JDBC), so a signed-in user's requests never wait on the database; one not
   *     seen for a whole TTL is read on demand
   */
  public UserDirectory(Jdbc jdbc, Duration ttl, java.util.concurrent.Executor reloads) {
    this.jdbc = jdbc;
    this.users =
        Caffeine.newBuilder()
            .expireAfterWrite(ttl)
            .refreshAfterWrite(ttl.dividedBy(2))
            .executor(reloads)
            .maximumSize(100_000)
            .build(k -> jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE id = ?", UserDirectory::account, k));
    this.links = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
    this.dummyHash = encoder.encode(UUID.randomUUID().toString());
  }

  /** Where this node announces the users it changed (set once at start). */
  public void onChange(Consumer<String> announce) {
    this.changed = announce;
  }

  /** Drops what this node cached about the user: their row and their links. */
  public void invalidate(String userId) {
    users.invalidate(userId);
    links.invalidate(userId);
  }

  private void changed(String userId) {
    invalidate(userId);
    changed.accept(userId);
  }

  /** The user if this node looked it up within the TTL; never touches the database. */
  public Optional<User> cachedById(String id) {
    return cachedAccount(id).map(Account::user);
  }

  /** The user and standing if this node looked them up within the TTL; never touches the database. */
  public Optional<Account> cachedAccount(String id) {
    Optional<Account> a = users.getIfPresent(id);
    return a == null ? Optional.empty() : a;
  }

  public Optional<User> byId(String id) {
    return account(id).map(Account::user);
  }

  public Optional<Account> account(String id) {
    return users.get(id);
  }

  public Optional<User> byEmail(String email) {
    return jdbc.queryOne(
        "SELECT " + COLUMNS + " FROM users WHERE email = ?",
        UserDirectory::map,
        email.toLowerCase(Locale.ROOT));
  }

  public Optional<Account> byExternalSub(String sub) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE external_sub = ?", UserDirectory::account, sub);
  }

  /** Whether the user was created from an identity provider, which then owns the role. */
  public boolean external(String id) {
    return jdbc.queryOne("SELECT external_sub FROM users WHERE id = ?", rs -> rs.getString(1) != null, id)
        .orElse(false);
  }

  /**
   * The account when the password matches; the same work is done whether the email exists or not.
   * The caller refuses a disabled one (after the password, so the refusal tells nothing to a guesser).
   */
  public Optional<Account> authenticate(String email, String password) {
    Optional<String[]> row =
        jdbc.queryOne(
            "SELECT id, password_hash FROM users WHERE email = ?",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            email.toLowerCase(Locale.ROOT));
    String hash = row.map(r -> r[1]).filter(h -> h != null).orElse(dummyHash);
    boolean ok = encoder.matches(password, hash);
    return ok && row.isPresent() ? account(row.get()[0]) : Optional.empty();
  }

  /** Tokens of the user issued before {@code at} are refused from now on (logout, revocation). */
  public void revokeTokens(String userId, Instant at) {
    at = at.truncatedTo(ChronoUnit.MILLIS); // as precise as our tokens' iat_ms, no more
    jdbc.update("UPDATE users SET tokens_valid_after = ? WHERE id = ?", at, userId);
    changed(userId);
  }

  /** Disables (and revokes every token of) or re-enables a user; false when there is no such user. */
  public boolean setDisabled(String userId, boolean disabled, Instant at) {
    Instant cutOff = at.truncatedTo(ChronoUnit.MILLIS);
    int n =
        disabled
            ? jdbc.update("UPDATE users SET disabled = TRUE, tokens_valid_after = ? WHERE id = ?", cutOff, userId)
            : jdbc.update("UPDATE users SET disabled = FALSE WHERE id = ?", userId);
    changed(userId);
    return n == 1;
  }

  /**
   * Changes the role; the links the new role cannot hold go with the old one (a tutor made a parent
   * keeps no tutor links, a student made a tutor is nobody's student any more).
   */
  public boolean setRole(String userId, String role) {
    List<String> students =
        jdbc.tx(
            c -> {
              if (Jdbc.update(c, "UPDATE users SET role = ? WHERE id = ?", role, userId) == 0) return null;
              Jdbc.update(c, "DELETE FROM user_links WHERE from_user_id = ? AND kind <> ?", userId, role);
              List<String> from =
                  Jdbc.query(c, "SELECT from_user_id FROM user_links WHERE student_id = ?", rs -> rs.getString(1), userId);
              if (!role.equals("student")) Jdbc.update(c, "DELETE FROM user_links WHERE student_id = ?", userId);
              return role.equals("student") ? List.<String>of() : from;
            });
    if (students == null) return false;
    changed(userId);
    students.forEach(this::changed);
    return true;
  }

  /** Removes a tutor or parent link; false when there was none. */
  public boolean unlink(String kind, String fromUserId, String studentId) {
    int n =
        jdbc.update(
            "DELETE FROM user_links WHERE kind = ? AND from_user_id = ? AND student_id = ?", kind, fromUserId, studentId);
    if (n > 0) changed(fromUserId);
    return n > 0;
  }


  public User create(String email, String name, String role, String password, String externalSub) {
    return create(email, name, role, password, externalSub, "UTC");
  }

  /** @param timeZone the student's zone: streaks count days in it */
  public User create(
      String email, String name, String role, String password, String externalSub, String timeZone) {
    String id = UUID.randomUUID().toString();
    String hash = password == null ? null : encoder.encode(password);
    jdbc.update(
        "INSERT INTO users (id, email, name, role, password_hash, external_sub, time_zone, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        id, email.toLowerCase(Locale.ROOT), name, role, hash, externalSub, timeZone, Instant.now());
    invalidate(id);
    return new User(id, email.toLowerCase(Locale.ROOT), name, role, timeZone);
  }

  /** Drops a deleted user from this node's caches: their token stops working here at once. */
  public void forget(String userId) {
    users.invalidate(userId);
    links.invalidateAll(); // the user may be in any tutor's or parent's linked set
  }

  /** Idempotent: linking twice is not an error. */
  public void link(String kind, String fromUserId, String studentId) {
    jdbc.tx(
        c -> {
          int exists =
              Jdbc.query(
                      c,
                      "SELECT 1 FROM user_links WHERE kind = ? AND from_user_id = ? AND student_id = ?",
                      rs -> 1,
                      kind, fromUserId, studentId)
                  .size();
          if (exists == 0) {
            Jdbc.update(
                c,
                "INSERT INTO user_links (kind, from_user_id, student_id, created_at) VALUES (?, ?, ?, ?)",
                kind, fromUserId, studentId, Instant.now());
          }
          return null;
        });
    changed(fromUserId);
  }

  /** The students linked to a tutor or parent if cached on this node; empty when a lookup is needed. */
  public Optional<Set<String>> cachedLinkedStudents(String userId) {
    return Optional.ofNullable(links.getIfPresent(userId));
  }

  public Set<String> linkedStudents(String userId) {
    return links.get(
        userId,
        k -> Set.copyOf(
            jdbc.query("SELECT student_id FROM user_links WHERE from_user_id = ?", rs -> rs.getString(1), k)));
  }

  /** Tutors of a student, for escalations and overrides. */
  public List<String> tutorsOf(String studentId) {
    return jdbc.query(
        "SELECT from_user_id FROM user_links WHERE kind = 'tutor' AND student_id = ? ORDER BY created_at",
        rs -> rs.getString(1),
        studentId);
  }

  /** Creates the demo accounts once; returns them for the start-up banner. */
  public List<User> seedDemoAccounts(String password) {
    String[][] demo = {
      {"student@demo.elevare", "Sam Student", "student"},
      {"student2@demo.elevare", "Alex Student", "student"},
      {"tutor@demo.elevare", "Taylor Tutor", "tutor"},
      {"parent@demo.elevare", "Pat Parent", "parent"},
      {"admin@demo.elevare", "Ada Admin", "admin"},
    };
    for (String[] d : demo) {
      if (byEmail(d[0]).isEmpty()) {
        try {
          create(d[0], d[1], d[2], password, null);
        } catch (Jdbc.DataAccessException e) {
          if (!e.isUniqueViolation()) throw e; // another node seeded it first
        }
      }
    }
    User student = byEmail("student@demo.elevare").orElseThrow();
    link("tutor", byEmail("tutor@demo.elevare").orElseThrow().id(), student.id());
    link("parent", byEmail("parent@demo.elevare").orElseThrow().id(), student.id());
    return java.util.Arrays.stream(demo).map(d -> byEmail(d[0]).orElseThrow()).toList();
  }

  private static User map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
  }

  private static Account account(java.sql.ResultSet rs) throws java.sql.SQLException {
    java.sql.Timestamp after = rs.getTimestamp(7);
    return new Account(map(rs), new Standing(rs.getBoolean(6), after == null ? null : after.toInstant()));
  }
}
