package io.creatorgov.kit.testing.conformance;

import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * A row held by another writer: a second connection takes {@code FOR UPDATE} on it in an open
 * transaction while the test's call runs, so a command that needs the row waits until the
 * database's {@code lock_timeout} and must report the conflict as documented.
 */
public final class RowLock {
  private RowLock() {}

  /** Runs {@code call} while {@code table}'s row with {@code column = id} is locked elsewhere. */
  public static void whileLocked(String table, String column, String id, ErrorConformance.Call call)
      throws Exception {
    if (!table.matches("[a-z_]+") || !column.matches("[a-z_]+")) {
      throw new IllegalArgumentException("table and column are plain identifiers");
    }
    try (Connection holder = io.creatorgov.kit.testing.TestSql.connect()) {
      holder.setAutoCommit(false);
      try (PreparedStatement lock =
          holder.prepareStatement(
              "SELECT 1 FROM " + table + " WHERE " + column + " = ? FOR UPDATE")) {
        lock.setString(1, id);
        if (!lock.executeQuery().next()) {
          throw new IllegalStateException("no " + table + " row " + id + " to lock");
        }
      }
      try {
        call.run();
      } finally {
        holder.rollback();
      }
    }
  }
}
