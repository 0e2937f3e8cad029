package ai.elevare.privacy;

import ai.elevare.core.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a user's rows are: every table with a column that holds a user id, found in the database's
 * own catalogue, so tables added by later migrations are exported and erased without a change here.
 */
public final class PersonalData {
  /** Columns that name a user. tutor_id is left out: it names the other party of a student's row. */
  public static final Set<String> USER_COLUMNS =
      Set.of("id", "student_id", "user_id", "from_user_id", "author_id", "created_by", "unsubscribed_by");

  /** The journal's tables, handled by persistence id; the audit and its salt hold no personal data. */
  static final Set<String> NOT_SCANNED =
      Set.of("event_journal", "event_tag", "snapshot", "durable_state", "erasures", "privacy_salt",
          "flyway_schema_history");

  /** Secrets are never exported, even to their owner. */
  private static final Set<String> SECRET_COLUMNS = Set.of("password_hash", "token");

  /** A table and its user-id columns ({@code id} only for the users table). */
  public record Table(String name, List<String> columns) {}

  private PersonalData() {}

  /** The tables holding user ids, users last (other tables may refer to it). */
  public static List<Table> tables(Connection c) throws SQLException {
    Map<String, List<String>> byTable = new TreeMap<>();
    for (String[] tc :
        Jdbc.query(
            c,
            // upper case: H2 (DATABASE_TO_UPPER=false) keeps its catalogue's names as they are
            "SELECT C.TABLE_NAME, C.COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS C"
                + " JOIN INFORMATION_SCHEMA.TABLES T ON T.TABLE_SCHEMA = C.TABLE_SCHEMA AND T.TABLE_NAME = C.TABLE_NAME"
                + " WHERE C.TABLE_SCHEMA = CURRENT_SCHEMA AND T.TABLE_TYPE = 'BASE TABLE'",
            rs -> new String[] {rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2).toLowerCase(Locale.ROOT)})) {
      String table = tc[0];
      String column = tc[1];
      if (NOT_SCANNED.contains(table) || !USER_COLUMNS.contains(column)) continue;
      if (column.equals("id") && !table.equals("users")) continue;
      byTable.computeIfAbsent(table, k -> new ArrayList<>()).add(column);
    }
    List<Table> out = new ArrayList<>();
    byTable.forEach((t, cols) -> { if (!t.equals("users")) out.add(new Table(t, List.copyOf(cols))); });
    if (byTable.containsKey("users")) out.add(new Table("users", byTable.get("users")));
    return out;
  }

  static String where(Table t) {
    return String.join(" OR ", t.columns().stream().map(col -> col + " = ?").toList());
  }

  static Object[] params(Table t, String userId) {
    return t.columns().stream().map(col -> userId).toArray();
  }

  /** The user's rows of one table, secrets left out, as column → value. */
  static List<Map<String, Object>> rows(Connection c, Table t, String userId) throws SQLException {
    return Jdbc.query(c, "SELECT * FROM " + t.name() + " WHERE " + where(t), PersonalData::row, params(t, userId));
  }

  static Map<String, Object> row(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
      if (SECRET_COLUMNS.contains(name)) continue;
      Object v = rs.getObject(i);
      // times, dates and numerics as text: one form on PostgreSQL and H2
      row.put(name, v == null || v instanceof String || v instanceof Boolean || v instanceof Integer
          || v instanceof Long || v instanceof Double ? v : v.toString());
    }
    return row;
  }
}
