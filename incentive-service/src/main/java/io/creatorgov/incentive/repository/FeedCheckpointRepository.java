package io.creatorgov.incentive.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/**
 * Where each consumed feed stands (V5__feed_consumers.sql) and the enforcement actions known to be
 * undone, in plain SQL. The checkpoint row of a feed is locked by every transaction that applies
 * one of its items: items of one feed are applied one at a time whatever the number of instances,
 * and an item at or below the stored sequence is recognised as already applied.
 */
@ApplicationScoped
public class FeedCheckpointRepository {

  /** A feed's stored position. */
  public record Stored(
      String resumeToken,
      long lastSequence,
      OffsetDateTime updatedTime,
      OffsetDateTime tokenExpiredTime) {}

  private static final String ENSURE =
      "INSERT INTO feed_checkpoint (feed, updated_time) VALUES (:feed, :now)"
          + " ON CONFLICT DO NOTHING";

  private static final String READ =
      "SELECT resume_token, last_sequence, updated_time, token_expired_time"
          + " FROM feed_checkpoint WHERE feed = :feed";

  private static final String ADVANCE =
      "UPDATE feed_checkpoint SET resume_token = :token, last_sequence = :sequence,"
          + " last_event_id = CASE WHEN :event = '' THEN last_event_id ELSE :event END,"
          + " updated_time = :now WHERE feed = :feed";

  private static final String EXPIRED =
      "UPDATE feed_checkpoint SET resume_token = '', token_expired_time = :now,"
          + " reconciled_time = NULL, updated_time = :now WHERE feed = :feed";

  private static final String RECONCILED =
      "UPDATE feed_checkpoint SET token_expired_time = NULL, reconciled_time = :now"
          + " WHERE feed = :feed";

  private static final String RECORD_UNDONE =
      "INSERT INTO undone_enforcement_action"
          + " (enforcement_action_id, creator_id, outcome, event_id, occurred_time)"
          + " VALUES (:action, :creator, :outcome, :event, :at) ON CONFLICT DO NOTHING";

  private static final String IS_UNDONE =
      "SELECT COUNT(*) FROM undone_enforcement_action WHERE enforcement_action_id = :action";

  /** The feed's position, locked for update (created empty on first use). */
  public Uni<Stored> locked(String feed, OffsetDateTime now) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(ENSURE)
                    .setParameter("feed", feed)
                    .setParameter("now", now)
                    .executeUpdate()
                    .chain(
                        ignored ->
                            s.createNativeQuery(READ + " FOR UPDATE", Object[].class)
                                .setParameter("feed", feed)
                                .getSingleResult()))
        .map(FeedCheckpointRepository::stored);
  }

  /** The feed's position; null before the feed was ever consumed. */
  public Uni<Stored> read(String feed) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(READ, Object[].class)
                    .setParameter("feed", feed)
                    .getResultList())
        .map(rows -> rows.isEmpty() ? null : stored(rows.get(0)));
  }

  /** Moves the (locked) position to {@code token}; {@code eventId} empty for a checkpoint. */
  public Uni<Integer> advance(
      String feed, String token, long sequence, String eventId, OffsetDateTime now) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(ADVANCE)
                    .setParameter("feed", feed)
                    .setParameter("token", token)
                    .setParameter("sequence", sequence)
                    .setParameter("event", eventId)
                    .setParameter("now", now)
                    .executeUpdate());
  }

  /** The stored token was refused as expired: forget it, note when, await reconciliation. */
  public Uni<Integer> tokenExpired(String feed, OffsetDateTime now) {
    return update(EXPIRED, feed, now);
  }

  /** The enrolments were reconciled with the peers' current state after an expired token. */
  public Uni<Integer> reconciled(String feed, OffsetDateTime now) {
    return update(RECONCILED, feed, now);
  }

  private Uni<Integer> update(String sql, String feed, OffsetDateTime now) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(ENSURE)
                    .setParameter("feed", feed)
                    .setParameter("now", now)
                    .executeUpdate()
                    .chain(
                        ignored ->
                            s.createNativeQuery(sql)
                                .setParameter("feed", feed)
                                .setParameter("now", now)
                                .executeUpdate()));
  }

  /** Remembers that {@code actionId} was undone (once). */
  public Uni<Integer> recordUndone(
      String actionId, String creatorId, String outcome, String eventId, OffsetDateTime at) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(RECORD_UNDONE)
                    .setParameter("action", actionId)
                    .setParameter("creator", creatorId)
                    .setParameter("outcome", outcome)
                    .setParameter("event", eventId)
                    .setParameter("at", at)
                    .executeUpdate());
  }

  /** Whether the enforcement feed reported {@code actionId} undone. */
  public Uni<Boolean> undone(String actionId) {
    if (actionId.isEmpty()) {
      return Uni.createFrom().item(false);
    }
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(IS_UNDONE, Object.class)
                    .setParameter("action", actionId)
                    .getSingleResult())
        .map(n -> ((Number) n).longValue() > 0);
  }

  private static Stored stored(Object[] r) {
    return new Stored(
        (String) r[0], ((Number) r[1]).longValue(), time(r[2]), r[3] == null ? null : time(r[3]));
  }

  private static OffsetDateTime time(Object o) {
    if (o instanceof OffsetDateTime t) {
      return t;
    }
    if (o instanceof java.time.LocalDateTime t) {
      return t.atOffset(java.time.ZoneOffset.UTC);
    }
    if (o instanceof java.time.Instant t) {
      return t.atOffset(java.time.ZoneOffset.UTC);
    }
    throw new IllegalStateException("unexpected time " + o);
  }
}
