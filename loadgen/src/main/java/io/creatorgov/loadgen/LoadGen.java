package io.creatorgov.loadgen;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The load generator's command line:
 *
 * <pre>
 * java -jar loadgen/target/loadgen.jar --target 127.0.0.1:8081 --scenario resolve \
 *     --mode closed --concurrency 64 --warmup 5 --duration 15 --server-pid 1234 \
 *     --token "$TOKEN" --policy-key live.prohibited-items --markets ID,MY --json out.jsonl
 * java -jar loadgen/target/loadgen.jar ... --mode open --rate 5000
 * </pre>
 *
 * Prints one summary line and, with {@code --json}, appends one JSON object per measured phase.
 * With {@code --max-errors N} it exits 1 when more than N calls failed (the CI smoke uses 0).
 */
public final class LoadGen {

  private LoadGen() {}

  /** What one measured phase reports. */
  record Report(
      String label,
      String scenario,
      String mode,
      int concurrency,
      int rate,
      Phase.Result result,
      long serverCpuMicros,
      long serverRssKib) {

    double cpuMicrosPerRpc() {
      long calls = result.ok() + result.errors();
      return calls == 0 ? 0 : (double) serverCpuMicros / calls;
    }

    String summary() {
      Histogram h = result.latencyNanos();
      return String.format(
          Locale.ROOT,
          "%-28s %-11s %8.0f ok/s  p50 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  max %8.2f ms"
              + "  ok %d  errors %d %s dropped %d  server %.0f µs CPU/RPC, RSS %d MiB",
          label,
          scenario,
          result.throughput(),
          h.getValueAtPercentile(50) / 1e6,
          h.getValueAtPercentile(99) / 1e6,
          h.getValueAtPercentile(99.9) / 1e6,
          h.getMaxValue() / 1e6,
          result.ok(),
          result.errors(),
          result.outcomes(),
          result.dropped(),
          cpuMicrosPerRpc(),
          serverRssKib / 1024);
    }

    String json() {
      Histogram h = result.latencyNanos();
      StringBuilder outcomes = new StringBuilder("{");
      result
          .outcomes()
          .forEach(
              (code, n) ->
                  outcomes
                      .append(outcomes.length() > 1 ? "," : "")
                      .append(quote(code))
                      .append(':')
                      .append(n));
      outcomes.append('}');
      return String.format(
          Locale.ROOT,
          "{\"label\":%s,\"scenario\":%s,\"mode\":%s,\"concurrency\":%d,\"rate\":%d,"
              + "\"seconds\":%.3f,\"throughput\":%.1f,\"ok\":%d,\"errors\":%d,\"dropped\":%d,"
              + "\"outcomes\":%s,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f,"
              + "\"server_cpu_us_per_rpc\":%.1f,\"server_rss_mib\":%d,\"error_samples\":%s}",
          quote(label),
          quote(scenario),
          quote(mode),
          concurrency,
          rate,
          result.elapsed().toNanos() / 1e9,
          result.throughput(),
          result.ok(),
          result.errors(),
          result.dropped(),
          outcomes,
          h.getValueAtPercentile(50) / 1e6,
          h.getValueAtPercentile(99) / 1e6,
          h.getValueAtPercentile(99.9) / 1e6,
          h.getMaxValue() / 1e6,
          cpuMicrosPerRpc(),
          serverRssKib / 1024,
          samples());
    }

    /** The first description of each failing status code, as a JSON object. */
    private String samples() {
      StringBuilder json = new StringBuilder("{");
      for (Map.Entry<String, String> e : result.errorSamples().entrySet()) {
        json.append(json.length() > 1 ? "," : "")
            .append(quote(e.getKey()))
            .append(':')
            .append(quote(e.getValue()));
      }
      return json.append('}').toString();
    }

    private static String quote(String s) {
      return '"'
          + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ")
          + '"';
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = arguments(args);
    Report report = run(a);
    System.out.println(report.summary());
    if (a.containsKey("json")) {
      Files.writeString(
          Path.of(a.get("json")),
          report.json() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    long maxErrors = Long.parseLong(a.getOrDefault("max-errors", "-1"));
    if (maxErrors >= 0 && report.result().errors() + report.result().dropped() > maxErrors) {
      System.err.println("loadgen: more than " + maxErrors + " calls failed or were dropped");
      System.exit(1);
    }
  }

  static Report run(Map<String, String> a) throws InterruptedException {
    String target = required(a, "target");
    String scenarioName = required(a, "scenario");
    String mode = a.getOrDefault("mode", "closed");
    int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "64"));
    int rate = Integer.parseInt(a.getOrDefault("rate", "1000"));
    Duration warmup = Duration.ofSeconds(Long.parseLong(a.getOrDefault("warmup", "5")));
    Duration duration = Duration.ofSeconds(Long.parseLong(a.getOrDefault("duration", "15")));
    ServerProcess server = new ServerProcess(Long.parseLong(a.getOrDefault("server-pid", "0")));
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(target)
            .usePlaintext()
            .maxInboundMessageSize(16 * 1024 * 1024)
            .build();
    try {
      Scenario.Settings settings =
          new Scenario.Settings(
              channel,
              bearer(a.getOrDefault("token", System.getenv().getOrDefault("LOADGEN_TOKEN", ""))),
              Long.parseLong(a.getOrDefault("deadline-ms", "5000")),
              a.getOrDefault("policy-key", "live.prohibited-items"),
              list(a.getOrDefault("markets", "ID,MY,PH,SG,TH,VN,JP,KR")),
              list(a.getOrDefault("creators", "")),
              a.getOrDefault("violation-code", "FAKE_DISCOUNT"),
              UUID.randomUUID().toString().substring(0, 8));
      Scenario scenario = Scenario.named(scenarioName, settings);
      if (!warmup.isZero()) {
        measure(scenario, mode, concurrency, rate, warmup); // discarded
      }
      long cpuBefore = server.cpuMicros();
      Phase.Result result = measure(scenario, mode, concurrency, rate, duration);
      long cpu = server.cpuMicros() - cpuBefore;
      return new Report(
          a.getOrDefault("label", scenarioName),
          scenarioName,
          mode,
          mode.equals("open") ? 0 : concurrency,
          mode.equals("open") ? rate : 0,
          result,
          cpu,
          server.rssKib());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static Phase.Result measure(
      Scenario scenario, String mode, int concurrency, int rate, Duration duration)
      throws InterruptedException {
    Phase phase = new Phase(scenario);
    return switch (mode) {
      case "closed" -> phase.closedLoop(concurrency, duration);
      case "open" -> phase.openLoop(rate, duration);
      default -> throw new IllegalArgumentException("--mode is closed or open, not " + mode);
    };
  }

  /** {@code authorization: Bearer <token>} on every call (none when the token is empty). */
  static CallCredentials bearer(String token) {
    Metadata.Key<String> authorization =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        if (!token.isBlank()) {
          headers.put(authorization, "Bearer " + token.trim());
        }
        applier.apply(headers);
      }
    };
  }

  static Map<String, String> arguments(String[] args) {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "arguments are --name value pairs; unexpected " + Arrays.toString(args));
      }
      a.put(args[i].substring(2), args[++i]);
    }
    return a;
  }

  private static List<String> list(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  private static String required(Map<String, String> a, String name) {
    String v = a.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }
}
