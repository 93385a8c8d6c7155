package io.creatorgov.policy.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Wakes this instance's change-feed streams when a change commits (here, or on another instance via
 * the Redis invalidation channel); streams also poll, so a lost signal only delays delivery.
 */
@ApplicationScoped
public class FeedSignals {
  private final BroadcastProcessor<Long> signals = BroadcastProcessor.create();
  private long counter;

  public synchronized void changed() {
    signals.onNext(++counter);
  }

  public Multi<Long> stream() {
    return signals;
  }
}
