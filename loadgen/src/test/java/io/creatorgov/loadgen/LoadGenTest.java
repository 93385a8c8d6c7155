package io.creatorgov.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator against a local gRPC health server (the smoke CI runs: it starts, drives a
 * scenario for a few seconds and reports no errors), and the measurements it must get right.
 */
class LoadGenTest {
  private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong answered = new AtomicLong();
  private Server server;

  @AfterEach
  void stop() throws InterruptedException {
    delays.shutdownNow();
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aClosedLoopDrivesTheScenarioAndReportsEveryCallWithTheServersCpuAndRss() throws Exception {
    start(0, Status.OK);

    LoadGen.Report report =
        LoadGen.run(
            Map.of(
                "target", "127.0.0.1:" + server.getPort(),
                "scenario", "health",
                "concurrency", "8",
                "warmup", "1",
                "duration", "2",
                "server-pid", Long.toString(ProcessHandle.current().pid())));

    assertThat(report.result().errors()).isZero();
    assertThat(report.result().ok()).isPositive();
    assertThat(report.result().latencyNanos().getTotalCount()).isEqualTo(report.result().ok());
    assertThat(answered.get()).as("warm-up calls are sent too").isGreaterThan(report.result().ok());
    assertThat(report.serverRssKib()).isPositive();
    assertThat(report.cpuMicrosPerRpc()).isPositive();
    assertThat(report.json()).contains("\"scenario\":\"health\"", "\"errors\":0");
  }

  @Test
  void anOpenLoopSendsAtTheRateAndCountsLatencyFromWhenEachCallWasDue() throws Exception {
    start(50, Status.OK); // every answer takes 50 ms

    LoadGen.Report report =
        LoadGen.run(
            Map.of(
                "target", "127.0.0.1:" + server.getPort(),
                "scenario", "health",
                "mode", "open",
                "rate", "200",
                "warmup", "0",
                "duration", "2"));

    assertThat(report.result().ok()).isBetween(390L, 400L);
    assertThat(report.result().dropped()).isZero();
    assertThat(report.result().latencyNanos().getValueAtPercentile(50))
        .isGreaterThanOrEqualTo(50_000_000L);
  }

  @Test
  void failedCallsAreCountedByStatusCode() throws Exception {
    start(0, Status.UNAVAILABLE);

    LoadGen.Report report =
        LoadGen.run(
            Map.of(
                "target", "127.0.0.1:" + server.getPort(),
                "scenario", "health",
                "concurrency", "4",
                "warmup", "0",
                "duration", "1"));

    assertThat(report.result().ok()).isZero();
    assertThat(report.result().outcomes()).containsOnlyKeys("UNAVAILABLE");
    assertThat(report.result().errors()).isEqualTo(report.result().outcomes().get("UNAVAILABLE"));
    assertThat(report.result().errorSamples()).containsOnlyKeys("UNAVAILABLE");
    assertThat(report.json()).contains("\"error_samples\":{\"UNAVAILABLE\":");
  }

  private void start(long delayMillis, Status status) throws Exception {
    server =
        NettyServerBuilder.forPort(0)
            .addService(
                new HealthGrpc.HealthImplBase() {
                  @Override
                  public void check(
                      HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
                    Runnable answer =
                        () -> {
                          answered.incrementAndGet();
                          if (!status.isOk()) {
                            out.onError(status.asRuntimeException());
                            return;
                          }
                          out.onNext(
                              HealthCheckResponse.newBuilder()
                                  .setStatus(HealthCheckResponse.ServingStatus.SERVING)
                                  .build());
                          out.onCompleted();
                        };
                    if (delayMillis == 0) {
                      answer.run();
                    } else {
                      delays.schedule(answer, delayMillis, TimeUnit.MILLISECONDS);
                    }
                  }
                })
            .build()
            .start();
  }
}
