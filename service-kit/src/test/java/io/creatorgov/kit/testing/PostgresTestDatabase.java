package io.creatorgov.kit.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at its own database on the machine's PostgreSQL (no containers),
 * creating the database first if it does not exist, so the test command works on a machine where
 * only the server is running.
 *
 * <p>Use: {@code @QuarkusTestResource(value = PostgresTestDatabase.class, initArgs
 * = @ResourceArg(name = "database", value = "creatorgov_creator_test"))}. Host, port and user come
 * from {@code CREATORGOV_PG_HOST} (127.0.0.1), {@code CREATORGOV_PG_PORT} (5432) and {@code
 * CREATORGOV_PG_USER} (postgres); password, if any, from {@code CREATORGOV_PG_PASSWORD}.
 */
public class PostgresTestDatabase implements QuarkusTestResourceLifecycleManager {

  private String database = "creatorgov_test";

  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.getOrDefault("database", database);
    if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("bad test database name " + database);
    }
  }

  @Override
  public Map<String, String> start() {
    String host = env("CREATORGOV_PG_HOST", "127.0.0.1");
    String port = env("CREATORGOV_PG_PORT", "5432");
    String user = env("CREATORGOV_PG_USER", "postgres");
    String password = env("CREATORGOV_PG_PASSWORD", "");
    createIfMissing(host, port, user, password);
    return Map.of(
        "quarkus.datasource.username",
        user,
        "quarkus.datasource.password",
        password,
        "quarkus.datasource.jdbc.url",
        "jdbc:postgresql://" + host + ":" + port + "/" + database,
        "quarkus.datasource.reactive.url",
        "postgresql://" + host + ":" + port + "/" + database);
  }

  @Override
  public void stop() {
    // The database is kept: Flyway cleans it at the next start, and keeping it makes failures
    // inspectable.
  }

  private void createIfMissing(String host, String port, String user, String password) {
    String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      try (PreparedStatement exists =
          c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        exists.setString(1, database);
        try (ResultSet rs = exists.executeQuery()) {
          if (rs.next()) {
            return;
          }
        }
      }
      try (Statement create = c.createStatement()) {
        create.execute("CREATE DATABASE " + database);
      } catch (SQLException e) {
        if (!"42P04".equals(e.getSQLState())) { // duplicate_database: a parallel run created it
          throw e;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot reach PostgreSQL at " + url + " to create " + database + ": " + e.getMessage(),
          e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
