package ai.elevare.http.auth;

import ai.elevare.account.UserDirectory;
import ai.elevare.account.User;

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

  public boolean allowed(User user, String studentId, Mode mode) {
    return switch (user.role()) {
      case "admin" -> true;
      case "student" -> user.id().equals(studentId);
      case "tutor" -> users.linkedStudents(user.id()).contains(studentId);
      case "parent" -> mode == Mode.READ && users.linkedStudents(user.id()).contains(studentId);
      default -> false;
    };
  }

  /** Throws 403 unless allowed; 404 only for admins, so others learn nothing about ids. */
  public User requireStudent(User user, String studentId, Mode mode) {
    if (!allowed(user, studentId, mode)) {
      throw AccessDenied.forbidden("You may not " + (mode == Mode.READ ? "view" : "change") + " this student.");
    }
    User student = users.byId(studentId).orElseThrow(() -> AccessDenied.notFound("No such student."));
    if (!student.is("student")) throw AccessDenied.notFound("No such student.");
    return student;
  }

  /**
   * The same decision as {@link #requireStudent} when everything it needs is in this node's
   * caches (the common case: the caller signed in moments ago); empty when it needs the database.
   */
  public java.util.Optional<User> requireStudentCached(User user, String studentId, Mode mode) {
    java.util.Optional<Boolean> allowed =
        switch (user.role()) {
          case "admin" -> java.util.Optional.of(true);
          case "student" -> java.util.Optional.of(user.id().equals(studentId));
          case "tutor" -> users.cachedLinkedStudents(user.id()).map(s -> s.contains(studentId));
          case "parent" -> users.cachedLinkedStudents(user.id()).map(s -> mode == Mode.READ && s.contains(studentId));
          default -> java.util.Optional.of(false);
        };
    if (allowed.isEmpty()) return java.util.Optional.empty();
    if (!allowed.get()) {
      throw AccessDenied.forbidden("You may not " + (mode == Mode.READ ? "view" : "change") + " this student.");
    }
    java.util.Optional<User> student = users.cachedById(studentId);
    if (student.isPresent() && !student.get().is("student")) throw AccessDenied.notFound("No such student.");
    return student;
  }

  public static void requireRole(User user, String... roles) {
    for (String r : roles) {
      if (user.is(r)) return;
    }
    throw AccessDenied.forbidden("This needs the role " + String.join(" or ", roles) + ".");
  }
}
