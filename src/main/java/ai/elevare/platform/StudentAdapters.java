package ai.elevare.platform;

import ai.elevare.core.Tombstones;
import ai.elevare.account.UserDirectory;
import ai.elevare.core.Jdbc;
import ai.elevare.student.QaModule;
import ai.elevare.student.StudentPorts;
import ai.elevare.tutor.ThreadStore;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** The student actor's relational side: threads with tutors and the goal index, on the blocking pool. */
final class StudentAdapters implements StudentPorts {
  private final ThreadStore threads;
  private final UserDirectory users;
  private final Jdbc jdbc;
  private final Executor blocking;
  private final Tombstones tombstones;

  StudentAdapters(ThreadStore threads, UserDirectory users, Jdbc jdbc, Executor blocking, Tombstones tombstones) {
    this.tombstones = tombstones;
    this.threads = threads;
    this.users = users;
    this.jdbc = jdbc;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<Boolean> erased(String studentId) {
    return CompletableFuture.supplyAsync(() -> jdbc.tx(c -> tombstones.erased(c, studentId)), blocking);
  }

  @Override
  public CompletionStage<String> openEscalation(String studentId, QaModule.Interaction i) {
    return CompletableFuture.supplyAsync(
        () -> {
          // Low confidence makes escalation required: with no tutor linked, the admins take it
          // (a thread without a tutor is theirs to see and answer).
          String tutor = users.tutorsOf(studentId).stream().findFirst().orElse(null);
          String q = i.question();
          String title = "Question: " + (q.length() > 80 ? q.substring(0, 80) + "…" : q);
          String body =
              (tutor == null ? "No tutor is linked to this student: sent to the admins.\n\n" : "")
                  + "Question: " + q + "\n\nElevare's answer (" + i.label() + " confidence, "
                  + Math.round(i.confidence() * 100) + "%):\n" + i.answer();
          return threads.open(studentId, tutor, i.subject(), title, "escalation", i.interactionId(), studentId, body).id();
        },
        blocking);
  }

  @Override
  public CompletionStage<String> openOverrideThread(
      String studentId, String actorId, String subject, String kind, String reason) {
    return CompletableFuture.supplyAsync(
        () -> {
          // An admin's override goes to the student's tutor's thread list, a tutor's to their own.
          boolean byTutor = users.byId(actorId).map(u -> u.is("tutor")).orElse(false);
          String tutorId = byTutor ? actorId : users.tutorsOf(studentId).stream().findFirst().orElse(null);
          return threads
              .open(studentId, tutorId, subject, "Your tutor changed your " + kind.replace('_', ' '),
                  "override", null, actorId, reason)
              .id();
        },
        blocking);
  }

  @Override
  public CompletionStage<Void> indexGoal(String goalId, String studentId, Instant at) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            jdbc.update("INSERT INTO goal_index (goal_id, student_id, created_at) VALUES (?, ?, ?)", goalId, studentId, at);
          } catch (Jdbc.DataAccessException e) {
            if (!e.isUniqueViolation()) throw e; // the projection got there first
          }
        },
        blocking);
  }

}
