package ai.elevare.practice.generated;

import ai.elevare.practice.BankItem;
import java.text.Normalizer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A generated practice item and where it stands in review.
 *
 * @param origin "local" (a variation of a bank item, or an item from the study glossary) or "openai"
 * @param sourceItemId the bank item a variation was made from, else null (model and glossary items)
 * @param status verified, pending, approved or rejected (see V10__generated_items.sql)
 * @param flagged a student flagged it: out of service until a tutor reviews it
 */
public record GeneratedItem(
    String id,
    BankItem item,
    String origin,
    String sourceItemId,
    String status,
    boolean flagged,
    String bankItemId,
    Instant createdAt) {

  public static final String VERIFIED = "verified";
  public static final String PENDING = "pending";
  public static final String APPROVED = "approved";
  public static final String REJECTED = "rejected";

  /** Served to students: self-verified and not flagged. Approved items are served from the bank. */
  public boolean servable() {
    return VERIFIED.equals(status) && !flagged;
  }

  GeneratedItem with(String newStatus, boolean newFlagged, String newBankItemId) {
    return new GeneratedItem(id, item, origin, sourceItemId, newStatus, newFlagged, newBankItemId, createdAt);
  }

  /**
   * The duplicate key: the prompt with case, accents, spacing and punctuation folded, plus the
   * accepted answers as a set. Two items with the same key ask the same thing.
   */
  public static String fingerprint(BankItem i) {
    String key = fold(i.prompt()) + "|" + new TreeSet<>(i.answers().stream().map(GeneratedItem::fold).toList());
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(h);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String fold(String s) {
    String n = Normalizer.normalize(s == null ? "" : s, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    return n.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}.+\\-*/^=]+", " ").trim();
  }

  static List<String> copy(List<String> l) {
    return l == null ? List.of() : List.copyOf(l);
  }
}
