package ai.elevare.platform;

import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.snapshot.JavaSnapshotStoreSpec;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** The snapshot store contract of pekko-persistence-tck against our PostgreSQL setup. */
@RunWith(JUnitRunner.class)
public class SnapshotTckSpec extends JavaSnapshotStoreSpec {
  public SnapshotTckSpec() {
    super(TckConfig.create());
  }

  @Override
  public CapabilityFlag supportsSerialization() {
    return CapabilityFlag.on();
  }
}
