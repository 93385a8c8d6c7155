package io.creatorgov.policy.service;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One step per item, in order and one at a time: a reactive session runs one operation at a time,
 * and callers rely on the order of the results.
 */
final class InTurn {
  private InTurn() {}

  /** The results of {@code step} for each item, in the items' order. */
  static <T, R> Uni<List<R>> map(Iterable<T> items, Function<T, Uni<R>> step) {
    Uni<List<R>> results = Uni.createFrom().item(ArrayList::new);
    for (T item : items) {
      results = results.call(list -> step.apply(item).invoke(list::add));
    }
    return results;
  }

  /** Runs {@code step} for each item. */
  static <T> Uni<Void> each(Iterable<T> items, Function<T, Uni<?>> step) {
    Uni<Void> done = Uni.createFrom().voidItem();
    for (T item : items) {
      done = done.call(() -> step.apply(item));
    }
    return done;
  }
}
