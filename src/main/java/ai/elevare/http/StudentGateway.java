package ai.elevare.http;

import ai.elevare.student.StudentEntity;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Asks a student's entity wherever it lives in the cluster; a timeout becomes a 503. */
public final class StudentGateway {
  private final ClusterSharding sharding;
  private final Duration timeout;

  public StudentGateway(ClusterSharding sharding, Duration timeout) {
    this.sharding = sharding;
    this.timeout = timeout;
  }

  public <R> CompletionStage<R> ask(
      String studentId, Function<ActorRef<R>, StudentEntity.Command> command) {
    return sharding
        .entityRefFor(StudentEntity.ENTITY_KEY, studentId)
        .<R>ask(command::apply, timeout)
        // Run the mapping in place: plain exceptionally() on this stage hops to a fresh thread per ask.
        .exceptionallyAsync(
            t -> {
              Throwable cause = ApiSupport.unwrap(t);
              if (cause instanceof TimeoutException
                  || cause instanceof org.apache.pekko.pattern.AskTimeoutException) {
                throw ApiException.unavailable("The student's data did not answer in time; retry.");
              }
              throw t instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(t);
            },
            Runnable::run);
  }

  /** Maps an entity refusal to its HTTP problem. */
  public static ApiException problem(StudentEntity.Rejected r) {
    return switch (r.reason()) {
      case NOT_FOUND -> ApiException.notFound(r.detail());
      case CONFLICT -> ApiException.conflict(r.detail());
      case UNAVAILABLE -> ApiException.unavailable(r.detail());
    };
  }
}
