package ai.elevare.platform;

import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.journal.JavaJournalSpec;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** The journal plugin authors' own contract (pekko-persistence-tck) against our PostgreSQL setup. */
@RunWith(JUnitRunner.class)
public class JournalTckSpec extends JavaJournalSpec {
  public JournalTckSpec() {
    super(TckConfig.create());
  }

  @Override
  public CapabilityFlag supportsRejectingNonSerializableObjects() {
    return CapabilityFlag.on();
  }

  @Override
  public CapabilityFlag supportsSerialization() {
    return CapabilityFlag.on();
  }
}
