package io.creatorgov.localstores;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis servers started from Maven artifacts, for a machine that has neither:
 * the run command's fallback. PostgreSQL keeps its cluster under {@code <data>/postgres} (created
 * on the first start, reused afterwards, so a restart keeps every database), Redis its working
 * directory under {@code <data>/redis}. Both listen on loopback only, PostgreSQL with trust
 * authentication for the user {@code postgres}, as on machines of this kind. The process runs until
 * it is stopped (SIGTERM or SIGINT), then stops both servers cleanly.
 *
 * <pre>
 *   java -jar local-stores.jar --data DIR [--pg-port 5432] [--redis-port 6379] [--databases a,b]
 *   (a port of 0 leaves that server out)
 * </pre>
 *
 * PostgreSQL refuses to run as root: start it as an unprivileged user (the run command does).
 */
public final class EmbeddedStores implements AutoCloseable {
  private final EmbeddedPostgres postgres; // null when not asked for
  private final RedisServer redis; // null when not asked for

  private EmbeddedStores(EmbeddedPostgres postgres, RedisServer redis) {
    this.postgres = postgres;
    this.redis = redis;
  }

  /**
   * Starts the servers {@code settings} ask for (a port of 0 skips one: the machine has it already)
   * and creates the missing databases.
   */
  public static EmbeddedStores start(StoreSettings settings) throws IOException, SQLException {
    EmbeddedPostgres postgres = settings.postgresPort() == 0 ? null : startPostgres(settings);
    try {
      if (postgres != null) {
        createDatabases(postgres, settings.databases());
      }
      RedisServer redis = settings.redisPort() == 0 ? null : startRedis(settings);
      return new EmbeddedStores(postgres, redis);
    } catch (IOException | SQLException | RuntimeException e) {
      if (postgres != null) {
        postgres.close();
      }
      throw e;
    }
  }

  private static EmbeddedPostgres startPostgres(StoreSettings settings) throws IOException {
    Path dataDirectory = settings.dataDirectory().resolve("postgres");
    Files.createDirectories(dataDirectory.getParent());
    return EmbeddedPostgres.builder()
        .setPort(settings.postgresPort())
        .setDataDirectory(dataDirectory)
        // Keep the cluster: a restart of the run command must find its data again.
        .setCleanDataDirectory(false)
        .setServerConfig("listen_addresses", "127.0.0.1")
        // The library turns fsync and synchronous commit off for tests; the suite promises durable
        // writes.
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("fsync", "on")
        .setServerConfig("max_connections", "200")
        .setPGStartupWait(Duration.ofSeconds(60))
        .start();
  }

  private static void createDatabases(EmbeddedPostgres postgres, List<String> databases)
      throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
      for (String database : databases) {
        if (!exists(connection, database)) {
          try (Statement create = connection.createStatement()) {
            create.execute("CREATE DATABASE \"" + database + "\"");
          }
          System.out.println("created database " + database);
        }
      }
    }
  }

  private static boolean exists(Connection connection, String database) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      query.setString(1, database);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static RedisServer startRedis(StoreSettings settings) throws IOException {
    Path directory = settings.dataDirectory().resolve("redis");
    Files.createDirectories(directory);
    RedisServer redis =
        RedisServer.newRedisServer()
            .bind("127.0.0.1")
            .port(settings.redisPort())
            .setting("dir " + directory.toAbsolutePath())
            // A cache and a message bus for the suite: nothing in it needs to survive a restart.
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
    redis.start();
    return redis;
  }

  @Override
  public void close() throws IOException {
    try {
      if (redis != null) {
        redis.stop();
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  /** Runs the stores until the process is asked to stop. */
  public static void main(String[] args) throws Exception {
    StoreSettings settings = StoreSettings.parse(List.of(args));
    EmbeddedStores stores = start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    stores.close();
                  } catch (IOException e) {
                    System.err.println("stopping the stores failed: " + e.getMessage());
                  }
                  stopped.countDown();
                }));
    Files.writeString(
        settings.dataDirectory().resolve("ready"), ProcessHandle.current().pid() + "\n");
    System.out.println(
        "embedded stores ready: PostgreSQL "
            + where(settings.postgresPort())
            + ", Redis "
            + where(settings.redisPort())
            + ", data in "
            + settings.dataDirectory());
    stopped.await();
  }

  private static String where(int port) {
    return port == 0 ? "not started" : "on 127.0.0.1:" + port;
  }

  /** What to start, from the command line. */
  public record StoreSettings(
      Path dataDirectory, int postgresPort, int redisPort, List<String> databases) {

    /** Parses {@code --data DIR --pg-port N --redis-port N --databases a,b}. */
    public static StoreSettings parse(List<String> args) {
      Path data = null;
      int postgresPort = 5432;
      int redisPort = 6379;
      List<String> databases = new ArrayList<>();
      for (int i = 0; i < args.size(); i += 2) {
        String name = args.get(i);
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args.get(i + 1);
        switch (name) {
          case "--data" -> data = Path.of(value).toAbsolutePath();
          case "--pg-port" -> postgresPort = Integer.parseInt(value);
          case "--redis-port" -> redisPort = Integer.parseInt(value);
          case "--databases" -> databases.addAll(names(value));
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      }
      if (data == null) {
        throw new IllegalArgumentException("--data DIR is required");
      }
      return new StoreSettings(data, postgresPort, redisPort, List.copyOf(databases));
    }

    private static List<String> names(String value) {
      List<String> names = new ArrayList<>();
      for (String name : value.split(",")) {
        String trimmed = name.trim();
        if (!trimmed.matches("[a-z_][a-z0-9_]{0,62}")) {
          throw new IllegalArgumentException("not a database name: " + name);
        }
        names.add(trimmed);
      }
      return names;
    }
  }
}
