package ai.elevare.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Erased students, known only by an HMAC of their id under the installation's salt: the erasure
 * audit keeps no id, yet a projection handler can still tell that an event belongs to someone erased.
 */
public final class Tombstones {
  private final byte[] salt;
  /** An id's HMAC never changes; projections ask for the same students' over and over. */
  private final com.github.benmanes.caffeine.cache.Cache<String, String> hashes =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(100_000).build();

  private Tombstones(byte[] salt) {
    this.salt = salt;
  }

  /** Reads the salt, creating it when this is the first node to need one. */
  public static Tombstones load(Jdbc jdbc) {
    String existing = readSalt(jdbc);
    if (existing == null) {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      try {
        jdbc.update("INSERT INTO privacy_salt (id, salt) VALUES (1, ?)", HexFormat.of().formatHex(fresh));
      } catch (Jdbc.DataAccessException e) {
        if (!e.isUniqueViolation()) throw e; // another node won the race: use its salt
      }
      existing = readSalt(jdbc);
    }
    return new Tombstones(HexFormat.of().parseHex(existing));
  }

  private static String readSalt(Jdbc jdbc) {
    return jdbc.queryOne("SELECT salt FROM privacy_salt WHERE id = 1", rs -> rs.getString(1)).orElse(null);
  }

  public String hash(String studentId) {
    return hashes.get(studentId, this::hmac);
  }

  private String hmac(String studentId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(studentId.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** In the caller's transaction, so a handler's check and its writes see the same erasures. */
  public boolean erased(Connection c, String studentId) throws SQLException {
    return !Jdbc.query(c, "SELECT 1 FROM erasures WHERE subject_hash = ?", rs -> 1, hash(studentId)).isEmpty();
  }
}
