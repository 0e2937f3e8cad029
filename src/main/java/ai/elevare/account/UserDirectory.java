package ai.elevare.account;

import ai.elevare.core.Jdbc;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Users, their roles and the tutor/parent links, in our relational tables. Lookups are cached
 * briefly: a write on this node invalidates at once, other nodes see it within the TTL.
 */
public final class UserDirectory {
  private static final Duration TTL = Duration.ofSeconds(5);

  private final Jdbc jdbc;
  private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(10);
  /** Compared against when the email is unknown, so both paths cost one bcrypt check. */
  private final String dummyHash;
  private final Cache<String, Optional<User>> users =
      Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(100_000).build();
  private final Cache<String, Set<String>> links =
      Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(100_000).build();

  public UserDirectory(Jdbc jdbc) {
    this.jdbc = jdbc;
    this.dummyHash = encoder.encode(UUID.randomUUID().toString());
  }

  /** The user if this node looked it up within the TTL; never touches the database. */
  public Optional<User> cachedById(String id) {
    Optional<User> u = users.getIfPresent(id);
    return u == null ? Optional.empty() : u;
  }

  public Optional<User> byId(String id) {
    return users.get(id, k -> jdbc.queryOne(
        "SELECT id, email, name, role, time_zone FROM users WHERE id = ?", UserDirectory::map, k));
  }

  public Optional<User> byEmail(String email) {
    return jdbc.queryOne(
        "SELECT id, email, name, role, time_zone FROM users WHERE email = ?",
        UserDirectory::map,
        email.toLowerCase(Locale.ROOT));
  }

  public Optional<User> byExternalSub(String sub) {
    return jdbc.queryOne(
        "SELECT id, email, name, role, time_zone FROM users WHERE external_sub = ?", UserDirectory::map, sub);
  }

  /** The user when the password matches; the same work is done whether the email exists or not. */
  public Optional<User> authenticate(String email, String password) {
    Optional<String[]> row =
        jdbc.queryOne(
            "SELECT id, password_hash FROM users WHERE email = ?",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            email.toLowerCase(Locale.ROOT));
    String hash = row.map(r -> r[1]).filter(h -> h != null).orElse(dummyHash);
    boolean ok = encoder.matches(password, hash);
    return ok && row.isPresent() ? byId(row.get()[0]) : Optional.empty();
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
    users.invalidate(id);
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
    links.invalidate(fromUserId);
  }

  /** Student ids linked to a tutor or parent. */
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
}
