package io.creatorgov.creator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorServiceGrpc;
import io.creatorgov.creator.v1.RegisterCreatorRequest;
import io.creatorgov.creator.v1.StreamCreatorEventsRequest;
import io.creatorgov.creator.v1.UpdateCreatorRequest;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The change feed across a real restart of creator-service: the packaged application is started as
 * a process, a consumer keeps its last resume token, the process is stopped and started again, and
 * the consumer resumes with that token — getting exactly the events after it, none twice. One test,
 * no order between test classes, no file handed from one to another.
 */
class CreatorFeedAcrossRestartIT {
  private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private Process app;
  private ManagedChannel channel;

  @Test
  void aConsumerResumesAfterARestartWithExactlyTheEventsAfterItsToken() throws Exception {
    Map<String, String> config = configuration();
    int port = Integer.parseInt(config.get("quarkus.http.port"));
    start(config);
    Creator creator = register();
    List<CreatorEvent> before = read(creator.getCreatorId(), "");
    assertThat(before).isNotEmpty();
    String token = before.get(before.size() - 1).getEnvelope().getResumeToken();

    stop();
    start(config);
    rename(creator, "Renamed After Restart");
    List<CreatorEvent> after = read(creator.getCreatorId(), token);

    assertThat(after).hasSize(1);
    assertThat(after.get(0).getEnvelope().getSequence())
        .isGreaterThan(before.get(before.size() - 1).getEnvelope().getSequence());
    assertThat(read(creator.getCreatorId(), ""))
        .extracting(e -> e.getEnvelope().getSequence())
        .containsExactlyElementsOf(
            concat(before, after).stream().map(e -> e.getEnvelope().getSequence()).toList());
    assertThat(port).isPositive();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      channel = null;
    }
    if (app != null) {
      app.destroy();
      if (!app.waitFor(30, TimeUnit.SECONDS)) {
        app.destroyForcibly().waitFor();
      }
      app = null;
    }
  }

  // ---- the process ---------------------------------------------------------------------------

  private static Map<String, String> configuration() throws IOException {
    Map<String, String> config = new HashMap<>();
    PostgresTestDatabase database = new PostgresTestDatabase();
    database.init(Map.of("database", "creatorgov_creator_it"));
    config.putAll(database.start());
    config.putAll(new TestAuthKeys().start());
    config.put("quarkus.http.port", Integer.toString(freePort()));
    config.put("creatorgov.paging.secret", "restart-test-page-token-secret-00000001");
    config.put("quarkus.grpc.clients.policy.port", Integer.toString(freePort()));
    return config;
  }

  private void start(Map<String, String> config) throws Exception {
    assertThat(APP).as("packaged application (mvn package)").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    config.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(APP.toString());
    Path log = Files.createDirectories(Path.of("target", "it")).resolve("creator-service.log");
    app =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    int port = Integer.parseInt(config.get("quarkus.http.port"));
    awaitLive(port, log);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  private void awaitLive(int port, Path log) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      assertThat(app.isAlive()).as("creator-service exited; see %s", log).isTrue();
      try {
        HttpResponse<Void> live =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (live.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("creator-service did not become live in 60 s; see " + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  // ---- the calls -----------------------------------------------------------------------------

  private CreatorServiceGrpc.CreatorServiceBlockingStub as(String subject, Role role) {
    return CreatorServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(BearerAuth.of(TestAuthKeys.token(subject, role)));
  }

  private Creator register() {
    return as("ops-ana", Role.CREATOR_OPS)
        .withDeadlineAfter(20, TimeUnit.SECONDS)
        .registerCreator(
            RegisterCreatorRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setMarket("MY")
                .setHandle("r" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .setDisplayName("Restart")
                .build())
        .getCreator();
  }

  private void rename(Creator creator, String name) {
    as("ops-ana", Role.CREATOR_OPS)
        .withDeadlineAfter(20, TimeUnit.SECONDS)
        .updateCreator(
            UpdateCreatorRequest.newBuilder()
                .setCreatorId(creator.getCreatorId())
                .setCreator(Creator.newBuilder().setDisplayName(name))
                .setUpdateMask(FieldMask.newBuilder().addPaths("display_name"))
                .setRequestId(UUID.randomUUID().toString())
                .build());
  }

  /** Every event of the creator after {@code token} (empty: from the start), for two seconds. */
  private List<CreatorEvent> read(String creatorId, String token) {
    List<CreatorEvent> out = new ArrayList<>();
    var stream =
        as("incentive-service", Role.SERVICE)
            .withDeadlineAfter(2, TimeUnit.SECONDS)
            .streamCreatorEvents(
                StreamCreatorEventsRequest.newBuilder()
                    .addCreatorIds(creatorId)
                    .setResumeToken(token)
                    .build());
    try {
      while (stream.hasNext()) {
        var item = stream.next();
        if (item.hasEvent()) {
          out.add(item.getEvent());
        }
      }
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
        throw e;
      }
    }
    return out;
  }

  private static List<CreatorEvent> concat(List<CreatorEvent> a, List<CreatorEvent> b) {
    List<CreatorEvent> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
