package io.creatorgov.kit.feed;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes change-feed events so that their {@code sequence} (a BIGSERIAL) follows commit order — the
 * property {@link SequencedFeed} relies on: a reader that has seen sequence N never later finds an
 * event below N committing after it. Each feed has its own transaction-scoped advisory lock; a
 * writer takes it before inserting, so concurrent writers of one feed insert and commit one after
 * the other (the lock is released at commit). Writers of different feeds do not wait for each
 * other.
 */
public final class FeedWriter {
  private FeedWriter() {}

  /**
   * Runs {@code insert} (the event row) inside the caller's transaction after taking the feed's
   * lock; the lock is held until that transaction ends.
   *
   * @param feedLock the feed's advisory lock key (a constant of the service)
   */
  public static Uni<Void> appendInCommitOrder(
      Mutiny.Session session, long feedLock, Supplier<Uni<?>> insert) {
    return session
        .createNativeQuery("select pg_advisory_xact_lock(" + feedLock + ")")
        .getResultList()
        .chain(insert)
        .replaceWithVoid();
  }
}
