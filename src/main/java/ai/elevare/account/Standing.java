package ai.elevare.account;

import java.time.Instant;

/**
 * Whether a user's tokens count: a disabled user's never do, and tokens issued before the cut-off
 * (set by logout, disabling or revocation) are refused.
 *
 * @param tokensValidAfter null when no token was ever revoked
 */
public record Standing(boolean disabled, Instant tokensValidAfter) {
  public boolean accepts(Instant issuedAt) {
    return !disabled && (tokensValidAfter == null || !issuedAt.isBefore(tokensValidAfter));
  }
}
