package io.creatorgov.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * One scrape of a service's {@code /q/metrics} (Prometheus text, Micrometer names) and {@code
 * /q/health}, as an operator's dashboard would read them.
 */
final class ServiceMetrics {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String text;
  private final String health;

  private ServiceMetrics(String text, String health) {
    this.text = text;
    this.health = health;
  }

  static ServiceMetrics scrape(int port) throws IOException, InterruptedException {
    String metrics = get(port, "/q/metrics");
    String health = new ObjectMapper().readTree(get(port, "/q/health")).path("status").asText();
    return new ServiceMetrics(metrics, health);
  }

  /** The overall health status ({@code UP} or {@code DOWN}). */
  String health() {
    return health;
  }

  /**
   * The sum of the samples named {@code name} whose labels contain every one of {@code labels}
   * (each a fragment such as {@code state="open"}); 0 when there is none.
   */
  double value(String name, String... labels) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      boolean labelled = brace >= 0 && brace < space;
      String sample = line.substring(0, labelled ? brace : space);
      if (!sample.equals(name)) {
        continue;
      }
      int close = labelled ? line.indexOf('}', brace) : space - 1;
      String labelText = labelled ? line.substring(brace, close + 1) : "";
      if (Arrays.stream(labels).allMatch(labelText::contains)) {
        sum += Double.parseDouble(line.substring(close + 1).trim().split(" ")[0]);
      }
    }
    return sum;
  }

  private static String get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
