package ai.elevare.practice.math;

import ai.elevare.practice.math.MathAnswerChecker.CheckResult;

/**
 * Where an answer check stands after its plain-Java part: decided, or waiting for CAS work. The CAS work runs as one
 * hand-over on a {@link Cas} worker under the check's single deadline; {@code onCasFailure} is the answer when that
 * work times out or fails (null: "could not be checked right now").
 */
sealed interface CheckStep {

  record Decided(CheckResult result) implements CheckStep {}

  record NeedsCas(Cas.Work<CheckResult> work, CheckResult onCasFailure) implements CheckStep {}

  static CheckStep decided(boolean correct, String feedback, String shown) {
    return new Decided(new CheckResult(correct, feedback, shown));
  }

  /** Runs {@code work} at once when it will make no CAS call, else hands it to the CAS. */
  static CheckStep withCas(boolean needsCas, Cas.Work<CheckResult> work, CheckResult onCasFailure)
      throws CasException {
    return needsCas ? new NeedsCas(work, onCasFailure) : new Decided(work.run(Cas.Session.NONE));
  }
}
