package ai.elevare.http;

import ai.elevare.student.StudentEntity.StudentChanged;
import java.time.Duration;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;

/**
 * Carries student changes from whichever node stored them to every node holding a dashboard
 * stream. Entities publish to a cluster-wide pub-sub topic; each node subscribes once and fans out
 * to its open streams through a broadcast hub, each stream keeping only its student's changes.
 */
public final class ChangeHub {
  private final ActorRef<Topic.Command<StudentChanged>> topic;
  private final SourceQueueWithComplete<StudentChanged> queue;
  private final Source<StudentChanged, NotUsed> hub;

  public ChangeHub(ActorSystem<?> system) {
    topic =
        system.systemActorOf(Topic.create(StudentChanged.class, "student-changes"), "student-changes", Props.empty());
    // A slow node drops its oldest changes rather than back-pressuring the entities: clients refetch.
    Pair<SourceQueueWithComplete<StudentChanged>, Source<StudentChanged, NotUsed>> pair =
        Source.<StudentChanged>queue(1024, OverflowStrategy.dropHead())
            .toMat(BroadcastHub.of(StudentChanged.class, 256), Keep.both())
            .run(system);
    queue = pair.first();
    hub = pair.second();
    // Keep the hub drained when no dashboard is open, so it never fills and stalls.
    hub.runWith(org.apache.pekko.stream.javadsl.Sink.ignore(), system);
    ActorRef<StudentChanged> subscriber =
        system.systemActorOf(
            Behaviors.receive(StudentChanged.class)
                .onMessage(StudentChanged.class, c -> {
                  queue.offer(c);
                  return Behaviors.same();
                })
                .build(),
            "student-changes-subscriber",
            Props.empty());
    topic.tell(Topic.subscribe(subscriber));
  }

  /** Called by the entities after a change is stored. */
  public void publish(StudentChanged change) {
    topic.tell(Topic.publish(change));
  }

  /** This student's changes from now on. */
  public Source<StudentChanged, NotUsed> changesOf(String studentId) {
    return hub.filter(c -> c.studentId().equals(studentId));
  }

  /** Ends every open stream: called on shutdown so clients see a clean close. */
  public void close() {
    queue.complete();
  }

  static Duration heartbeat() {
    return Duration.ofSeconds(15);
  }
}
