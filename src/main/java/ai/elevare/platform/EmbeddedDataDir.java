package ai.elevare.platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the embedded H2 database lives. An open H2 file is locked by its process, and two
 * single-node clusters must never share a journal (each would run its own copy of every student).
 * So a second embedded node started beside the first (`ELEVARE_HTTP_PORT=8081 make run`) gets a
 * database of its own under {@code data/node-<http port>}; an explicitly chosen directory that is
 * in use is refused with a clear message instead.
 */
final class EmbeddedDataDir {
  private EmbeddedDataDir() {}

  static Path choose(Path dir, boolean isDefault, int httpPort) {
    if (!inUse(dir)) return dir;
    Path own = dir.resolve("node-" + httpPort);
    if (isDefault && httpPort != 0 && !inUse(own)) {
      org.slf4j.LoggerFactory.getLogger(EmbeddedDataDir.class)
          .warn("The embedded database in {} is open in another ElevareAI process: this node uses its own in {}", dir, own);
      return own;
    }
    throw new IllegalStateException(
        "The embedded database in " + (isDefault ? own : dir) + " is open in another ElevareAI process;"
            + " set ELEVARE_DATA_DIR to another directory, or ELEVARE_DB_URL to share PostgreSQL in one cluster");
  }

  /** True when another process (or this one) holds H2's lock on the database file. */
  static boolean inUse(Path dir) {
    Path file = dir.resolve("elevare.mv.db");
    if (!Files.exists(file)) return false;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) return true;
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return false; // unreadable: H2 itself will say why
    }
  }
}
