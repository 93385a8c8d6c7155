package io.creatorgov.loadgen;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One run of a scenario for a duration: closed loop (a fixed number of calls outstanding, the next
 * sent when one completes) or open loop (calls sent at a fixed rate whatever the answers, each
 * call's latency counted from the moment it was due, so a stalled server is charged for every call
 * it delayed — no coordinated omission).
 */
final class Phase {
  /** Open loop: calls outstanding beyond this are not sent, and counted as dropped. */
  static final int MAX_OUTSTANDING = 10_000;

  private final Scenario scenario;
  private final Recorder latencies = new Recorder(3);
  private final Map<Status.Code, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final LongAdder dropped = new LongAdder();

  /** The first description seen per failing status code (what the error was, for the report). */
  private final Map<Status.Code, String> samples = new ConcurrentHashMap<>();

  private final AtomicLong sequence = new AtomicLong();

  Phase(Scenario scenario) {
    this.scenario = scenario;
  }

  /** The results of one phase. */
  record Result(
      Histogram latencyNanos,
      Map<String, Long> outcomes,
      Map<String, String> errorSamples,
      long ok,
      long errors,
      long dropped,
      Duration elapsed) {
    double throughput() {
      return ok / (elapsed.toNanos() / 1e9);
    }
  }

  /** Keeps {@code concurrency} calls outstanding for {@code duration}. */
  Result closedLoop(int concurrency, Duration duration) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    CountDownLatch done = new CountDownLatch(concurrency);
    for (int i = 0; i < concurrency; i++) {
      sendClosed(end, done);
    }
    done.await();
    return result(System.nanoTime() - start);
  }

  private void sendClosed(long end, CountDownLatch done) {
    if (System.nanoTime() >= end) {
      done.countDown();
      return;
    }
    long sent = System.nanoTime();
    observe(send(), sent, () -> sendClosed(end, done));
  }

  /** Sends {@code rate} calls per second for {@code duration}, each due at its own instant. */
  Result openLoop(int rate, Duration duration) throws InterruptedException {
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime();
    long calls = duration.toNanos() / period;
    Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
    for (long i = 0; i < calls; i++) {
      long due = start + i * period;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (!outstanding.tryAcquire()) {
        dropped.increment();
        continue;
      }
      observe(send(), due, outstanding::release);
    }
    outstanding.acquire(MAX_OUTSTANDING); // wait for the last answers
    outstanding.release(MAX_OUTSTANDING);
    return result(Math.max(System.nanoTime() - start, duration.toNanos()));
  }

  private ListenableFuture<?> send() {
    try {
      return scenario.send(sequence.getAndIncrement());
    } catch (RuntimeException e) {
      return Futures.immediateFailedFuture(e);
    }
  }

  private void observe(ListenableFuture<?> call, long since, Runnable then) {
    Futures.addCallback(
        call,
        new FutureCallback<Object>() {
          @Override
          public void onSuccess(Object result) {
            record(Status.Code.OK, since);
            then.run();
          }

          @Override
          public void onFailure(Throwable t) {
            Status status = Status.fromThrowable(t);
            samples.putIfAbsent(status.getCode(), String.valueOf(status.getDescription()));
            record(status.getCode(), since);
            then.run();
          }
        },
        MoreExecutors.directExecutor());
  }

  private void record(Status.Code code, long since) {
    latencies.recordValue(Math.max(0, System.nanoTime() - since));
    outcomes.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  private Result result(long elapsedNanos) {
    Map<String, Long> counted = new TreeMap<>();
    long ok = 0;
    long errors = 0;
    for (Map.Entry<Status.Code, LongAdder> e : outcomes.entrySet()) {
      long n = e.getValue().sum();
      counted.put(e.getKey().name(), n);
      if (e.getKey() == Status.Code.OK) {
        ok += n;
      } else {
        errors += n;
      }
    }
    Map<String, String> described = new TreeMap<>();
    samples.forEach((code, description) -> described.put(code.name(), description));
    return new Result(
        latencies.getIntervalHistogram(),
        counted,
        described,
        ok,
        errors,
        dropped.sum(),
        Duration.ofNanos(elapsedNanos));
  }
}
