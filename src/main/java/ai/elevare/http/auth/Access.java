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

  public static void requireRole(User user, String... roles) {
    for (String r : roles) {
      if (user.is(r)) return;
    }
    throw AccessDenied.forbidden("This needs the role " + String.join(" or ", roles) + ".");
  }
}
