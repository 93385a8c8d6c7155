package io.creatorgov.creator.service;

import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.kit.auth.CallerIdentity;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/** The steps every creator use case is made of: its transaction, its clock, its ids. */
final class CommandSteps {
  private CommandSteps() {}

  /**
   * Runs {@code command} in a new transaction, once per request id of this caller for this RPC
   * (scope {@code <rpc>:<caller subject>}); its result becomes the API's reply, stored with the
   * command's effects and returned as stored to a replay.
   */
  static <A, R> Uni<R> once(
      String rpc,
      CallerIdentity caller,
      String requestId,
      Reply<A, R> reply,
      Supplier<Uni<A>> command) {
    return reply.once(rpc, caller.subject(), requestId, command);
  }

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

  /** Now, at the database's precision. */
  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  /** A random id with a type prefix, for example {@code cr_…}. */
  static String randomId(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "");
  }

  /** Ids that sort by creation time, so paging by id is chronological. */
  static String sortableId(String prefix) {
    return prefix
        + String.format("%013d", System.currentTimeMillis())
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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
