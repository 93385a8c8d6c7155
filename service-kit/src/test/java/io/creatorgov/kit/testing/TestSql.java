package io.creatorgov.kit.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Plain SQL on the service's test database, for arranging what the API cannot (backdating a row,
 * say) and cleaning up after it.
 */
public final class TestSql {
  private TestSql() {}

  /** Executes one statement with positional parameters; returns the update count. */
  public static int execute(String sql, Object... parameters) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    }
  }

  /** A new connection to the test database (the service's own configuration). */
  public static Connection connect() throws SQLException {
    Config config = ConfigProvider.getConfig();
    return DriverManager.getConnection(
        config.getValue("quarkus.datasource.jdbc.url", String.class),
        config.getOptionalValue("quarkus.datasource.username", String.class).orElse(""),
        config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
  }
}
