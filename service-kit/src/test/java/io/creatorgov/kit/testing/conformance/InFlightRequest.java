package io.creatorgov.kit.testing.conformance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A request id held by a command that has not finished: a second connection claims {@code (scope,
 * request_id)} in the kit's idempotency table inside an open transaction, exactly as a first, still
 * running delivery of the same command would, while the test sends the duplicate.
 */
public final class InFlightRequest {
  private InFlightRequest() {}

  /**
   * Runs {@code duplicate} while {@code rpc} with {@code requestId} from {@code subject} is held in
   * flight by another transaction; the claim is rolled back afterwards.
   */
  public static void whileInFlight(
      String rpc, String subject, String requestId, ErrorConformance.Call duplicate)
      throws Exception {
    try (Connection first = io.creatorgov.kit.testing.TestSql.connect()) {
      first.setAutoCommit(false);
      claim(first, rpc + ":" + subject, requestId);
      try {
        duplicate.run();
      } finally {
        first.rollback();
      }
    }
  }

  private static void claim(Connection connection, String scope, String requestId)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO kit_idempotency_record"
                + " (scope, request_id, request_fingerprint, response_type)"
                + " VALUES (?, ?, 'in-flight', 'pending')")) {
      insert.setString(1, scope);
      insert.setString(2, requestId);
      insert.executeUpdate();
    }
  }
}
