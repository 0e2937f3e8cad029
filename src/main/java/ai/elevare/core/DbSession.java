package ai.elevare.core;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.projection.jdbc.JdbcSession;

/**
 * A projection's JDBC session over a pooled connection: the handler's writes and the offset commit
 * share this one transaction, which is what makes a projection exactly-once.
 */
public final class DbSession implements JdbcSession {
  private final Connection connection;

  public DbSession(DataSource dataSource) {
    try {
      this.connection = dataSource.getConnection();
      connection.setAutoCommit(false);
    } catch (SQLException e) {
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
