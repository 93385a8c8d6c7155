package io.creatorgov.creator.service;

import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Steps creator use cases share beyond the kit's (idempotent transaction {@code Reply.once}, ids
 * {@code ResourceIds}, {@code StoredTime}).
 */
final class CommandSteps {
  private CommandSteps() {}

  /**
   * A remote read for the creator's home market (which never changes), made before any transaction
   * opens. Null when the creator does not exist: the command's transaction then answers NOT_FOUND
   * with the caller's access rules.
   */
  static <T> Uni<T> forHomeMarket(
      CreatorRepository creators, String creatorId, Function<String, Uni<T>> read) {
    return creators
        .marketOf(creatorId)
        .chain(m -> m.isEmpty() ? Uni.createFrom().nullItem() : read.apply(m.get()));
  }

  /** Runs {@code step} for each item, one after the other, in order. */
  static <T> Uni<Void> each(List<T> items, Function<? super T, Uni<?>> step) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (T item : items) {
      chain = chain.call(() -> step.apply(item));
    }
    return chain;
  }

  /** Restrictions in force now: active, and not past their end time. */
  static int inForce(List<RestrictionEntity> active) {
    Instant now = Instant.now();
    return (int)
        active.stream()
            .filter(r -> r.endTime == null || r.endTime.toInstant().isAfter(now))
            .count();
  }
}
