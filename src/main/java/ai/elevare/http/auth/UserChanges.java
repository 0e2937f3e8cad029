package ai.elevare.http.auth;

import ai.elevare.account.UserDirectory;
import ai.elevare.core.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Carries "this user changed" (role, standing, links, logout) from the node that wrote it to every
 * node, which drops its cached copy at once; the directory's cache TTL bounds a lost message. Every
 * node's fast token path reads only those caches, so this is what makes a cut-off take effect
 * cluster-wide within milliseconds without a database call per request.
 */
public final class UserChanges {
  /** @param origin the node that wrote the change, for logs */
  public record UserChanged(String userId, String origin) implements CborSerializable {}

  private UserChanges() {}

  /**
   * Subscribes this node's directory and makes it announce its own writes; {@code alsoOnChange}
   * hears every change on this node too (the dashboard streams end theirs).
   */
  public static void start(ActorSystem<?> system, UserDirectory users, java.util.function.Consumer<String> alsoOnChange) {
    ActorRef<Topic.Command<UserChanged>> topic =
        system.systemActorOf(Topic.create(UserChanged.class, "user-changes"), "user-changes", Props.empty());
    ActorRef<UserChanged> subscriber =
        system.systemActorOf(
            Behaviors.receive(UserChanged.class)
                .onMessage(UserChanged.class, c -> {
                  users.invalidate(c.userId());
                  alsoOnChange.accept(c.userId());
                  return Behaviors.same();
                })
                .build(),
            "user-changes-subscriber",
            Props.empty());
    topic.tell(Topic.subscribe(subscriber));
    String self = system.address().toString();
    users.onChange(id -> topic.tell(Topic.publish(new UserChanged(id, self))));
  }
}
