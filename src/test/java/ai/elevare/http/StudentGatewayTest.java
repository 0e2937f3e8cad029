package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.elevare.student.StudentCommand;
import ai.elevare.student.StudentEntity;
import ai.elevare.student.StudentReply;
import ai.elevare.student.StudentReply.AssignReply;
import ai.elevare.student.StudentReply.AssignmentView;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.testkit.javadsl.TestEntityRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class StudentGatewayTest {
  static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** An entity that loses the first {@code lost} commands, as a shard being handed off can, then answers. */
  private StudentGateway gateway(int lost, List<StudentCommand> received) {
    ActorRef<StudentCommand> ref =
        kit.spawn(
            Behaviors.receive(StudentCommand.class)
                .onMessage(StudentCommand.class, c -> {
                  received.add(c);
                  if (received.size() > lost && c instanceof StudentCommand.RequestAssignment r) {
                    r.replyTo().tell(new StudentReply.AssignmentView(UUID.randomUUID().toString(), r.subject(), null, 2, 1000, "bank"));
                  }
                  return Behaviors.same();
                })
                .build());
    return new StudentGateway(id -> TestEntityRef.of(StudentEntity.ENTITY_KEY, id, ref), Duration.ofMillis(600));
  }

  @Test
  void anIdempotentCommandIsAskedAgainOnceWhenTheFirstAskIsLost() throws Exception {
    List<StudentCommand> received = new CopyOnWriteArrayList<>();
    AssignmentView v = gateway(1, received)
        .askIdempotent("s1", AssignmentView.class, (ActorRef<AssignReply> r) -> new StudentCommand.RequestAssignment("math", r))
        .toCompletableFuture().get();
    assertEquals("math", v.subject());
    assertEquals(2, received.size());
  }

  @Test
  void anAnsweredAskIsNotRepeatedAndTwoLostAsksAreA503() throws Exception {
    List<StudentCommand> once = new CopyOnWriteArrayList<>();
    gateway(0, once)
        .askIdempotent("s1", AssignmentView.class, (ActorRef<AssignReply> r) -> new StudentCommand.RequestAssignment("math", r))
        .toCompletableFuture().get();
    assertEquals(1, once.size());

    List<StudentCommand> lost = new CopyOnWriteArrayList<>();
    var e = assertThrows(ExecutionException.class, () -> gateway(2, lost)
        .askIdempotent("s1", AssignmentView.class, (ActorRef<AssignReply> r) -> new StudentCommand.RequestAssignment("math", r))
        .toCompletableFuture().get());
    assertEquals(503, assertInstanceOf(ApiException.class, ApiSupport.unwrap(e.getCause())).status());
    assertEquals(2, lost.size());
  }

  @Test
  void aPlainAskIsNeverRepeated() {
    List<StudentCommand> received = new CopyOnWriteArrayList<>();
    var e = assertThrows(ExecutionException.class, () -> gateway(1, received)
        .<AssignReply>ask("s1", r -> new StudentCommand.RequestAssignment("math", r))
        .toCompletableFuture().get());
    assertEquals(503, assertInstanceOf(ApiException.class, ApiSupport.unwrap(e.getCause())).status());
    assertEquals(1, received.size());
  }
}
