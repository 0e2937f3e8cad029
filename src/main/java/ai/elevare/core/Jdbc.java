package ai.elevare.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Small helpers over plain JDBC: one transaction per call, commit on success, rollback on failure. */
public final class Jdbc {
  private final DataSource dataSource;

  public Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @FunctionalInterface
  public interface Work<T> {
    T apply(Connection c) throws SQLException;
  }

  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  public <T> T tx(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.apply(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
    return tx(c -> query(c, sql, mapper, params));
  }

  public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
    List<T> rows = query(sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public int update(String sql, Object... params) {
    return tx(c -> update(c, sql, params));
  }

  public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) out.add(mapper.map(rs));
        return out;
      }
    }
  }

  public static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    }
  }

  /**
   * Runs one statement for each row of parameters as a JDBC batch (one round trip for all of them);
   * the driver's update counts, which pgjdbc leaves out for INSERT batches it rewrites into one
   * statement.
   */
  public static int[] batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) return new int[0];
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Object[] row : rows) {
        bind(ps, row);
        ps.addBatch();
      }
      return ps.executeBatch();
    }
  }

  /** {@link #batch} for an UPDATE whose rows the caller inserts where it matched none: each row's count. */
  public static int[] batchUpdate(Connection c, String sql, List<Object[]> rows) throws SQLException {
    int[] counts = batch(c, sql, rows);
    for (int n : counts) {
      if (n < 0) throw new SQLException("the driver reported no update count for a batched UPDATE");
    }
    return counts;
  }

  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p instanceof java.time.Instant instant) {
        ps.setObject(i + 1, java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC));
      } else {
        ps.setObject(i + 1, p);
      }
    }
  }

  /** Unchecked wrapper so callers in futures need no checked-exception plumbing. */
  public static final class DataAccessException extends RuntimeException {
    public DataAccessException(SQLException cause) {
      super(cause);
    }

    public boolean isUniqueViolation() {
      SQLException e = (SQLException) getCause();
      // 23505: unique_violation in PostgreSQL and H2 alike.
      return "23505".equals(e.getSQLState());
    }
  }
}
