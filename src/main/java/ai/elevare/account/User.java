package ai.elevare.account;

import java.util.Set;

/** A signed-in person. The role comes from our users table, never from a client-controlled field. */
public record User(String id, String email, String name, String role, String timeZone) {
  public static final Set<String> ROLES = Set.of("student", "tutor", "parent", "admin");

  public boolean is(String r) {
    return role.equals(r);
  }
}
