package io.creatorgov.suite;

import io.creatorgov.enforcement.v1.ReportViolationRequest;
import io.creatorgov.enforcement.v1.ReportViolationResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A steady stream of ReportViolation calls: several threads take the next report of a plan, send it
 * as a moderator (each report once, with its own request id), record the answer and pause before
 * the next. A test injects its fault while the stream runs and reads every answer afterwards.
 */
final class ReportLoad {

  /**
   * One report and its answer.
   *
   * @param response the answer, or null when refused
   * @param refusal the status code it was refused with, or null when answered
   * @param millis how long the call took
   */
  record Sent(
      ReportViolationRequest request,
      ReportViolationResponse response,
      Status.Code refusal,
      long millis) {
    boolean accepted() {
      return response != null;
    }
  }

  private final Platform platform;
  private final Queue<ReportViolationRequest> plan;
  private final Duration pause;
  private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService threads;
  private final List<Future<?>> workers = new ArrayList<>();

  private ReportLoad(
      Platform platform, List<ReportViolationRequest> plan, int threads, Duration p) {
    this.platform = platform;
    this.plan = new ConcurrentLinkedQueue<>(plan);
    this.pause = p;
    this.threads = Executors.newFixedThreadPool(threads);
  }

  /** Starts {@code threads} senders over {@code plan}, each pausing {@code pause} between calls. */
  static ReportLoad start(
      Platform platform, List<ReportViolationRequest> plan, int threads, Duration pause) {
    ReportLoad load = new ReportLoad(platform, plan, threads, pause);
    for (int i = 0; i < threads; i++) {
      load.workers.add(load.threads.submit(load::work));
    }
    return load;
  }

  /** Calls answered (or refused) so far. */
  int answered() {
    return sent.size();
  }

  /** Waits until the plan is sent and every call answered; returns every answer. */
  List<Sent> finish() throws Exception {
    for (Future<?> worker : workers) {
      worker.get(10, TimeUnit.MINUTES);
    }
    threads.shutdown();
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  /** The refusals of {@code answers} by status code. */
  static Map<Status.Code, Long> refusals(List<Sent> answers) {
    return answers.stream()
        .filter(s -> !s.accepted())
        .collect(Collectors.groupingBy(Sent::refusal, TreeMap::new, Collectors.counting()));
  }

  private void work() {
    for (ReportViolationRequest r = plan.poll(); r != null; r = plan.poll()) {
      sent.add(send(r));
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Sent send(ReportViolationRequest request) {
    long start = System.nanoTime();
    try {
      ReportViolationResponse response = platform.report(request);
      return new Sent(request, response, null, (System.nanoTime() - start) / 1_000_000);
    } catch (StatusRuntimeException e) {
      return new Sent(
          request, null, e.getStatus().getCode(), (System.nanoTime() - start) / 1_000_000);
    }
  }
}
