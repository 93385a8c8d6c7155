package io.creatorgov.creator.domain;

import java.util.Objects;

/**
 * The result of a lifecycle change, to be persisted with one status history entry.
 *
 * @param next the creator's lifecycle state after the change (the unchanged state when {@code
 *     alreadyApplied})
 * @param kind what the history entry records
 * @param alreadyApplied true when the same enforcement action had already put the creator in this
 *     state (a SUSPEND or BAN replay): nothing changes and no new entry is written
 */
public record TransitionOutcome(
    LifecycleState next, StatusChangeKind kind, boolean alreadyApplied) {
  public TransitionOutcome {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(kind, "kind");
  }
}
