package ai.elevare.http.auth;

import ai.elevare.account.UserDirectory;
import ai.elevare.account.User;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The role rules, checked for every student id in a path or body: students only themselves,
 * tutors only linked students, parents only linked children and read-only, admins everyone.
 */
public final class Access {
  public enum Mode {
    READ,
    WRITE
  }

  private final UserDirectory users;

  public Access(UserDirectory users) {
    this.users = users;
  }

  /**
   * The one rule. {@code links} gives a tutor's or parent's linked students, or empty when it cannot
   * tell without the database; the answer is then empty too.
   */
  private static Optional<Boolean> allowed(
      User user, String studentId, Mode mode, Function<String, Optional<Set<String>>> links) {
    return switch (user.role()) {
      case "admin" -> Optional.of(true);
      case "student" -> Optional.of(user.id().equals(studentId));
      case "tutor" -> links.apply(user.id()).map(s -> s.contains(studentId));
      case "parent" -> links.apply(user.id()).map(s -> mode == Mode.READ && s.contains(studentId));
      default -> Optional.of(false);
    };
  }

  /** Throws 403 unless allowed; 404 only for admins, so others learn nothing about ids. */
  public User requireStudent(User user, String studentId, Mode mode) {
    boolean ok = allowed(user, studentId, mode, id -> Optional.of(users.linkedStudents(id))).orElseThrow();
    if (!ok) throw denied(mode);
    return student(users.byId(studentId)).orElseThrow(() -> AccessDenied.notFound("No such student."));
  }

  /**
   * The same decision as {@link #requireStudent} when everything it needs is in this node's
   * caches (the common case: the caller signed in moments ago); empty when it needs the database.
   */
  public Optional<User> requireStudentCached(User user, String studentId, Mode mode) {
    Optional<Boolean> ok = allowed(user, studentId, mode, users::cachedLinkedStudents);
    if (ok.isEmpty()) return Optional.empty();
    if (!ok.get()) throw denied(mode);
    return student(users.cachedById(studentId));
  }

  private static AccessDenied denied(Mode mode) {
    return AccessDenied.forbidden("You may not " + (mode == Mode.READ ? "view" : "change") + " this student.");
  }

  /** The user if it is a student; another role under a student id is "no such student". */
  private static Optional<User> student(Optional<User> user) {
    if (user.isPresent() && !user.get().is("student")) throw AccessDenied.notFound("No such student.");
    return user;
  }

  public static void requireRole(User user, String... roles) {
    for (String r : roles) {
      if (user.is(r)) return;
    }
    throw AccessDenied.forbidden("This needs the role " + String.join(" or ", roles) + ".");
  }
}
