package ai.elevare.practice.math;

import java.util.List;
import java.util.Objects;

/**
 * A generated math problem, verified by the CAS before it is served.
 *
 * @param id {@code math:<topic>:<difficulty>:<seed>}; {@link MathGenerators#fromId} regenerates the same problem
 * @param answerFormat {@code number}, {@code expression} or {@code roots} (a root set {@code {2,3}} or the named
 *     solution of a system {@code {x=2,y=-1}})
 * @param answer canonical answer in the notation {@link MathParser} reads, e.g. {@code 2*x+4}, {@code -3/4}
 * @param hints progressively stronger, at least three; none states the final answer
 * @param solutionSteps worked solution whose intermediate results come from the CAS
 * @param expectedTimeMs how long a student at this level typically needs
 */
public record MathProblem(
    String id,
    String topic,
    String prompt,
    String answerFormat,
    String answer,
    List<String> hints,
    List<String> solutionSteps,
    int difficulty,
    long expectedTimeMs) {

  public static final String NUMBER = "number";
  public static final String EXPRESSION = "expression";
  public static final String ROOTS = "roots";

  public MathProblem {
    Objects.requireNonNull(id);
    Objects.requireNonNull(topic);
    Objects.requireNonNull(prompt);
    Objects.requireNonNull(answerFormat);
    Objects.requireNonNull(answer);
    hints = List.copyOf(hints);
    solutionSteps = List.copyOf(solutionSteps);
  }
}
