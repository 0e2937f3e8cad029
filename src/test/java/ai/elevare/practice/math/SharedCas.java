package ai.elevare.practice.math;

/** One warmed-up CAS for the whole math test suite: warming up costs seconds, so it is paid once. */
final class SharedCas {
  private SharedCas() {}

  private static final Cas CAS = start();

  static Cas get() {
    return CAS;
  }

  private static Cas start() {
    Cas cas = Cas.create(2);
    cas.warmUp();
    return cas;
  }
}
