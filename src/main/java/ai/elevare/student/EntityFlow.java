package ai.elevare.student;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;

/**
 * What every flow of one {@link StudentEntity} incarnation works with: the student, the entity's
 * dependencies and actor context, its effect factories, and the callback after a stored change.
 * The entity builds one {@link Shell} and hands it to each flow it creates.
 */
abstract class EntityFlow {
  /** The entity's parts a flow needs, built once per incarnation. */
  record Shell(
      String studentId,
      StudentEntity.Deps deps,
      ActorContext<StudentCommand> ctx,
      EffectFactories<StudentEvent, StudentState> effect,
      Consumer<String> changed) {}

  protected final String studentId;
  protected final StudentEntity.Deps deps;
  protected final ActorContext<StudentCommand> ctx;
  protected final EffectFactories<StudentEvent, StudentState> effect;
  protected final Consumer<String> changed;

  EntityFlow(Shell shell) {
    this.studentId = shell.studentId();
    this.deps = shell.deps();
    this.ctx = shell.ctx();
    this.effect = shell.effect();
    this.changed = shell.changed();
  }
}
