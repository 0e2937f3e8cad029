package ai.elevare.http;

import ai.elevare.student.StudentEntity.StudentChanged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.UniqueKillSwitch;
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
  private final ConcurrentHashMap<String, Set<OpenStream>> open = new ConcurrentHashMap<>();
  private final Clock clock;

  public ChangeHub(ActorSystem<?> system) {
    this(system, Clock.systemUTC());
  }

  public ChangeHub(ActorSystem<?> system, Clock clock) {
    this.clock = clock;
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

  /** This student's changes from now on; streams reach them through {@link #open}, with its limits. */
  private Source<StudentChanged, NotUsed> changesOf(String studentId) {
    return hub.filter(c -> c.studentId().equals(studentId));
  }

  /**
   * A dashboard stream of {@code studentId} for {@code userId}, or empty when that user already has
   * {@link #MAX_STREAMS_PER_USER} open on this node. Each stream has its own small buffer that drops
   * the oldest changes when its client stops reading, so one stalled client never holds up the hub
   * (the others would stall with it); dropping is safe because a change only tells the client to
   * refetch. The stream ends at {@code until} (its token's expiry) and when {@link #end} names it.
   */
  public Optional<Source<StudentChanged, NotUsed>> open(String userId, String studentId, Instant until) {
    Set<OpenStream> mine = open.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet());
    if (mine.size() >= MAX_STREAMS_PER_USER) return Optional.empty();
    Duration left = Duration.between(clock.instant(), until);
    if (left.isNegative() || left.isZero()) return Optional.empty();
    return Optional.of(
        changesOf(studentId)
            .buffer(SUBSCRIBER_BUFFER, OverflowStrategy.dropHead())
            .takeWithin(left)
            .viaMat(KillSwitches.single(), Keep.right())
            .mapMaterializedValue(
                ks -> {
                  OpenStream o = new OpenStream(studentId, ks);
                  mine.add(o);
                  return o;
                })
            .watchTermination(
                (o, done) -> {
                  done.whenComplete((d, e) -> mine.remove(o));
                  return NotUsed.getInstance();
                }));
  }

  /**
   * Ends the streams {@code userId} has open on this node on {@code studentId} (all of theirs when
   * null). Every node calls it when it hears that a user changed (signed out, was disabled, lost a
   * link: {@code UserChanges}); a client that may still read reconnects and is authorized afresh.
   */
  public void end(String userId, String studentId) {
    Set<OpenStream> mine = open.get(userId);
    if (mine == null) return;
    for (OpenStream o : mine) {
      if (studentId == null || studentId.equals(o.studentId())) o.killSwitch().shutdown();
    }
  }

  /**
   * How many nodes' subscribers this node's topic knows of, its own included. The list travels by
   * receptionist gossip, so for a moment after a node joins, a change stored elsewhere does not reach
   * it yet; tests that need every node wait for this to reach the cluster's size.
   */
  public CompletionStage<Integer> nodesReached(Duration timeout, Scheduler scheduler) {
    return AskPattern.<Topic.Command<StudentChanged>, Topic.TopicStats>ask(
            topic, Topic::getTopicStats, timeout, scheduler)
        .thenApply(Topic.TopicStats::topicInstanceCount);
  }

  /** Streams open on this node, for tests and metrics. */
  public int openStreams(String userId) {
    Set<OpenStream> mine = open.get(userId);
    return mine == null ? 0 : mine.size();
  }

  /** Per user and node; the UI opens one per student page. */
  public static final int MAX_STREAMS_PER_USER = 5;

  static final int SUBSCRIBER_BUFFER = 32;

  private record OpenStream(String studentId, UniqueKillSwitch killSwitch) {}

  /** Ends every open stream: called on shutdown so clients see a clean close. */
  public void close() {
    queue.complete();
  }

  static Duration heartbeat() {
    return Duration.ofSeconds(15);
  }
}
