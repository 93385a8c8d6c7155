package io.creatorgov.suite;

import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The four packaged services (target/quarkus-app of each module) running as processes with their
 * production configuration, against real PostgreSQL (one fresh database per service, {@code
 * creatorgov_suite_*}) and Redis (database {@value #REDIS_DATABASE}), on free ports, each calling
 * the others with its own service token — the way an operator runs them. A test can stop, kill and
 * start any of them again; the logs of every start are appended to {@code
 * target/suite-logs/<service>.log}.
 */
final class SuiteProcesses implements AutoCloseable {
  static final int REDIS_DATABASE = 6;

  /** The services, in start order (each after those it calls). */
  enum Service {
    POLICY("policy-service", "CREATORGOV_POLICY_DB_URL"),
    CREATOR("creator-service", "CREATORGOV_CREATOR_DB_URL"),
    ENFORCEMENT("enforcement-service", "CREATORGOV_ENFORCEMENT_DB_URL"),
    INCENTIVE("incentive-service", "CREATORGOV_INCENTIVE_DB_URL");

    final String module;
    final String databaseVariable;

    Service(String module, String databaseVariable) {
      this.module = module;
      this.databaseVariable = databaseVariable;
    }

    String database() {
      return "creatorgov_suite_" + name().toLowerCase();
    }
  }

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path LOGS = Path.of("target", "suite-logs").toAbsolutePath();

  private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
  private final Map<Service, Process> processes = new EnumMap<>(Service.class);
  private final Map<Service, ManagedChannel> channels = new EnumMap<>(Service.class);
  private final Map<Service, Map<String, String>> settings = new EnumMap<>(Service.class);
  private final Path publicKey;

  private SuiteProcesses() throws IOException {
    for (Service service : Service.values()) {
      ports.put(service, freePort());
    }
    publicKey =
        Path.of(new TestAuthKeys().start().get("creatorgov.auth.public-key-location"))
            .toAbsolutePath();
    // The outbox retries an undelivered action with a backoff that grows to five minutes in
    // production; here it stops at three seconds, so a fault test sees the recovery in seconds.
    configure(Service.ENFORCEMENT, "creatorgov.outbox.backoff-max", "3s");
    Files.createDirectories(LOGS);
  }

  /** Fresh databases, then every service started and ready. */
  static SuiteProcesses startAll() throws Exception {
    return startAll(suite -> {});
  }

  /** As {@link #startAll()}, with {@code settings} applied (see {@link #configure}) first. */
  static SuiteProcesses startAll(java.util.function.Consumer<SuiteProcesses> settings)
      throws Exception {
    SuiteProcesses suite = new SuiteProcesses();
    settings.accept(suite);
    suite.recreateDatabases();
    try {
      for (Service service : Service.values()) {
        suite.start(service);
      }
    } catch (Exception | AssertionError e) {
      suite.close();
      throw e;
    }
    return suite;
  }

  int port(Service service) {
    return ports.get(service);
  }

  /** A channel to the service (kept across its restarts: gRPC reconnects). */
  synchronized ManagedChannel channel(Service service) {
    return channels.computeIfAbsent(
        service,
        s -> ManagedChannelBuilder.forAddress("127.0.0.1", port(s)).usePlaintext().build());
  }

  /** Starts the service and waits until it is ready. */
  void start(Service service) throws Exception {
    Path jar = ROOT.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new AssertionError(jar + " is missing: package the services first (./mvnw verify)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms64m");
    command.add("-Xmx256m");
    settings
        .getOrDefault(service, Map.of())
        .forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ROOT.resolve(service.module).toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log(service).toFile()));
    builder.environment().putAll(environment(service));
    Files.writeString(
        log(service),
        "\n===== start " + Instant.now() + " =====\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    Process process = builder.start();
    processes.put(service, process);
    awaitReady(service, process);
  }

  /**
   * A configuration property for the service's next start (a system property, so it wins over the
   * environment), e.g. a peer's port pointed at a fault-injecting proxy.
   */
  void configure(Service service, String property, String value) {
    settings.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(property, value);
  }

  /** Stops the service as an operator would (SIGTERM, graceful shutdown). */
  void stop(Service service) throws InterruptedException {
    Process process = processes.remove(service);
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** Kills the service without letting it finish anything (SIGKILL). */
  void kill(Service service) throws InterruptedException {
    Process process = processes.remove(service);
    if (process != null) {
      process.destroyForcibly().waitFor();
    }
  }

  Path log(Service service) {
    return LOGS.resolve(service.module + ".log");
  }

  private Map<String, String> environment(Service service) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port(service)));
    env.put(service.databaseVariable, "postgresql://127.0.0.1:5432/" + service.database());
    env.put("CREATORGOV_REDIS_URL", "redis://127.0.0.1:6379/" + REDIS_DATABASE);
    env.put("CREATORGOV_AUTH_PUBLIC_KEY_LOCATION", publicKey.toString());
    env.put("CREATORGOV_AUTH_ISSUER", TestAuthKeys.ISSUER);
    env.put("CREATORGOV_PAGING_SECRET", "suite-tests-page-token-secret-000000001");
    env.put("CREATORGOV_SERVICE_TOKEN", TestAuthKeys.token(service.module, Role.SERVICE));
    env.put("CREATORGOV_POLICY_PORT", Integer.toString(port(Service.POLICY)));
    env.put("CREATORGOV_CREATOR_PORT", Integer.toString(port(Service.CREATOR)));
    env.put("CREATORGOV_ENFORCEMENT_PORT", Integer.toString(port(Service.ENFORCEMENT)));
    return env;
  }

  private void awaitReady(Service service, Process process) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + port(service) + "/q/health/ready");
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError(service.module + " exited during start; see " + log(service));
      }
      try {
        HttpResponse<Void> answer =
            http.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError(service.module + " was not ready in 90 s; see " + log(service));
  }

  private void recreateDatabases() throws SQLException {
    try (Connection admin =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement sql = admin.createStatement()) {
      for (Service service : Service.values()) {
        sql.execute("DROP DATABASE IF EXISTS " + service.database() + " WITH (FORCE)");
        sql.execute("CREATE DATABASE " + service.database());
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (ManagedChannel channel : channels.values()) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    channels.clear();
    List<Service> reverse = new ArrayList<>(List.of(Service.values()));
    java.util.Collections.reverse(reverse);
    for (Service service : reverse) {
      stop(service);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
