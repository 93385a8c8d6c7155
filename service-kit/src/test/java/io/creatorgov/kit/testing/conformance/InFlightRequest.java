package io.creatorgov.kit.testing.conformance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

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
    Config config = ConfigProvider.getConfig();
    String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
    String user = config.getOptionalValue("quarkus.datasource.username", String.class).orElse("");
    String password =
        config.getOptionalValue("quarkus.datasource.password", String.class).orElse("");
    try (Connection first = DriverManager.getConnection(url, user, password)) {
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
