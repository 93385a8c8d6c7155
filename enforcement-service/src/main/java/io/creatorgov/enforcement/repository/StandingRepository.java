package io.creatorgov.enforcement.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/**
 * The creator_standing row of a creator in a market: the point every decision for that creator in
 * that market serialises on. {@link #lock} creates it on first use and takes its row lock for the
 * rest of the transaction; decisions for other creators or markets never wait on it.
 */
@ApplicationScoped
public class StandingRepository {

  /** The standing after the last decision, as the row holds it. */
  public record StandingRow(
      String creatorId,
      String market,
      int activePoints,
      Integer score,
      OffsetDateTime standingStart,
      long decisions) {}

  private static final String CREATE =
      "INSERT INTO creator_standing (creator_id, market, standing_start, updated_at)"
          + " VALUES (:creatorId, :market, :at, :at) ON CONFLICT (creator_id, market) DO NOTHING";
  private static final String LOCK =
      "SELECT creator_id, market, active_points, score, standing_start, decisions"
          + " FROM creator_standing WHERE creator_id = :creatorId AND market = :market FOR UPDATE";
  private static final String UPDATE =
      "UPDATE creator_standing SET model_kind = :modelKind, active_points = :points,"
          + " score = CASE WHEN CAST(:health AS BOOLEAN) THEN CAST(:score AS INTEGER) ELSE NULL END, decisions = decisions + 1, updated_at = :at"
          + " WHERE creator_id = :creatorId AND market = :market";

  private static final String START =
      "SELECT standing_start FROM creator_standing WHERE creator_id = :creatorId AND market = :market";

  /**
   * When the creator was first seen in the market (the row's creation), without locking or creating
   * the row: for reads. Null when no decision was ever taken for them there.
   */
  public Uni<OffsetDateTime> standingStart(String creatorId, String market) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(START)
                    .setParameter("creatorId", creatorId)
                    .setParameter("market", market)
                    .getResultList())
        .map(rows -> rows.isEmpty() ? null : toOffset(rows.get(0)));
  }

  /** Creates the row if missing, then locks it until the transaction ends. */
  public Uni<StandingRow> lock(String creatorId, String market, OffsetDateTime at) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(CREATE)
                    .setParameter("creatorId", creatorId)
                    .setParameter("market", market)
                    .setParameter("at", at)
                    .executeUpdate()
                    .chain(
                        ignored ->
                            s.<Object[]>createNativeQuery(LOCK)
                                .setParameter("creatorId", creatorId)
                                .setParameter("market", market)
                                .getSingleResult()))
        .map(StandingRepository::row);
  }

  /** Records the standing after a decision (the row must be locked by this transaction). */
  public Uni<Void> update(
      String creatorId,
      String market,
      String modelKind,
      int points,
      boolean health,
      int score,
      OffsetDateTime at) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(UPDATE)
                    .setParameter("modelKind", modelKind)
                    .setParameter("points", points)
                    .setParameter("health", health)
                    .setParameter("score", score)
                    .setParameter("at", at)
                    .setParameter("creatorId", creatorId)
                    .setParameter("market", market)
                    .executeUpdate())
        .replaceWithVoid();
  }

  private static StandingRow row(Object[] r) {
    return new StandingRow(
        (String) r[0],
        (String) r[1],
        ((Number) r[2]).intValue(),
        r[3] == null ? null : ((Number) r[3]).intValue(),
        toOffset(r[4]),
        ((Number) r[5]).longValue());
  }

  static OffsetDateTime toOffset(Object value) {
    if (value instanceof OffsetDateTime o) {
      return o;
    }
    if (value instanceof java.time.Instant i) {
      return i.atOffset(java.time.ZoneOffset.UTC);
    }
    if (value instanceof java.time.LocalDateTime l) {
      return l.atOffset(java.time.ZoneOffset.UTC);
    }
    return ((java.sql.Timestamp) value).toInstant().atOffset(java.time.ZoneOffset.UTC);
  }
}
