package ai.elevare.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.projection.jdbc.JdbcSession;

/**
 * A projection's JDBC session over a pooled connection: the handler's writes and the offset commit
 * share this one transaction, which is what makes a projection exactly-once.
 *
 * <p>On PostgreSQL the transaction commits without waiting for its WAL flush ({@code SET LOCAL
 * synchronous_commit = off}). That is safe here and only here: the rows are derived from the
 * journal and commit atomically with their offset, so a crash can only lose both together, and the
 * projection then reads those events again. The journal's own writes, which acknowledge students'
 * answers, keep waiting for the flush. Without this every event cost one more fsync wait, and
 * those waits queued in front of the journal's (docs/benchmarks.md).
 */
public final class DbSession implements JdbcSession {
  private final Connection connection;

  public DbSession(DataSource dataSource) {
    try {
      this.connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new Jdbc.DataAccessException(e);
    }
    try {
      connection.setAutoCommit(false);
      if (connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
        try (Statement s = connection.createStatement()) {
          s.execute("SET LOCAL synchronous_commit = off");
        }
      }
    } catch (SQLException e) {
      try {
        connection.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new Jdbc.DataAccessException(e);
    }
  }

  @Override
  public <Result> Result withConnection(Function<Connection, Result> func) throws Exception {
    return func.apply(connection);
  }

  @Override
  public void commit() throws SQLException {
    connection.commit();
  }

  @Override
  public void rollback() throws SQLException {
    connection.rollback();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
