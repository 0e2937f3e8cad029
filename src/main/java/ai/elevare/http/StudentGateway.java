package ai.elevare.http;

import ai.elevare.student.StudentCommand;
import ai.elevare.student.StudentEntity;
import ai.elevare.student.StudentReply;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Asks a student's entity wherever it lives in the cluster; a timeout becomes a 503. Route tests
 * build it over test entity refs instead of sharding.
 */
public final class StudentGateway {
  private final Function<String, EntityRef<StudentCommand>> refs;
  private final Duration timeout;

  public StudentGateway(Function<String, EntityRef<StudentCommand>> refs, Duration timeout) {
    this.refs = refs;
    this.timeout = timeout;
  }

  public static StudentGateway of(ClusterSharding sharding, Duration timeout) {
    return new StudentGateway(id -> sharding.entityRefFor(StudentEntity.ENTITY_KEY, id), timeout);
  }

  public <R> CompletionStage<R> ask(String studentId, Function<ActorRef<R>, StudentCommand> command) {
    return unavailableOnTimeout(refs.apply(studentId).<R>ask(command::apply, timeout));
  }

  /**
   * For a command that may be asked twice with the same outcome (an assignment request returns the
   * open assignment, a progress read): half the timeout, then once more. Sharding delivers at most
   * once, and a message that reaches a shard while it is handed to another node can be lost; the
   * second ask finds the student on its new node.
   */
  public <R, T extends R> CompletionStage<T> askIdempotent(
      String studentId, Class<T> success, Function<ActorRef<R>, StudentCommand> command) {
    Duration half = timeout.dividedBy(2);
    CompletionStage<R> reply =
        refs.apply(studentId)
            .<R>ask(command::apply, half)
            // in place: the plain (non-Async) stages on an ask's future hop to a new thread each
            .exceptionallyComposeAsync(
                t -> timedOut(t)
                    ? refs.apply(studentId).<R>ask(command::apply, half)
                    : java.util.concurrent.CompletableFuture.<R>failedStage(t),
                Runnable::run);
    return unavailableOnTimeout(reply).thenApplyAsync(r -> succeeded(success, r), Runnable::run);
  }

  private static boolean timedOut(Throwable t) {
    Throwable cause = ApiSupport.unwrap(t);
    return cause instanceof TimeoutException || cause instanceof org.apache.pekko.pattern.AskTimeoutException;
  }

  private static <R> CompletionStage<R> unavailableOnTimeout(CompletionStage<R> reply) {
    return reply
        // Run the mapping in place: plain exceptionally() on this stage hops to a fresh thread per ask.
        .exceptionallyAsync(
            t -> {
              if (timedOut(t)) {
                throw ApiException.unavailable("The student's data did not answer in time; retry.");
              }
              throw t instanceof RuntimeException r ? r : new CompletionException(t);
            },
            Runnable::run);
  }

  /**
   * Asks a command whose reply is a {@code T} or a refusal, and completes with the {@code T}; a
   * refusal fails the stage with its HTTP problem.
   */
  public <R, T extends R> CompletionStage<T> askFor(
      String studentId, Class<T> success, Function<ActorRef<R>, StudentCommand> command) {
    return this.<R>ask(studentId, command).thenApplyAsync(reply -> succeeded(success, reply), Runnable::run);
  }

  private static <T> T succeeded(Class<T> success, Object reply) {
    if (reply instanceof StudentReply.Rejected rej) throw problem(rej);
    return success.cast(reply);
  }

  /** Maps an entity refusal to its HTTP problem. */
  public static ApiException problem(StudentReply.Rejected r) {
    return switch (r.reason()) {
      case NOT_FOUND -> ApiException.notFound(r.detail());
      case CONFLICT -> ApiException.conflict(r.detail());
      case UNAVAILABLE -> ApiException.unavailable(r.detail());
      case FORBIDDEN -> ApiException.forbidden(r.detail());
      case TOO_MANY -> ApiException.tooManyRequests(r.detail(), 5);
    };
  }
}
