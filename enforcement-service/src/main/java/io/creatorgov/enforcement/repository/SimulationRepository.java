package io.creatorgov.enforcement.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulation tables (simulation, simulation_candidate, simulation_result): the worker's claim
 * with a lease ({@code FOR UPDATE SKIP LOCKED}, as the action outbox claims), the pinned candidate,
 * the results, and the reads the worker makes of the recorded history (never a write to it).
 */
@ApplicationScoped
public class SimulationRepository implements PanacheRepositoryBase<SimulationEntity, String> {

  /** A claimed simulation and the attempt number its lease belongs to. */
  public record Claimed(String simulationId, int attempt) {}

  /** A page position of ListSimulationResults: after (market, creator id). */
  public record ResultKeyset(String market, String creatorId) {}

  /** One stored result row. */
  public record ResultRow(String market, String creatorId, byte[] payload) {}

  /** A creator in a market: the unit a run replays, and its keyset position. */
  public record CreatorKey(String market, String creatorId) {
    /** Before every creator. */
    public static final CreatorKey FIRST = new CreatorKey("", "");
  }

  private static final String CLAIM =
      "UPDATE simulation SET state = 'RUNNING', lease_until = :leaseUntil,"
          + " attempts = attempts + 1, start_at = COALESCE(start_at, :now), updated_at = :now,"
          + " etag_version = etag_version + CASE WHEN state = 'PENDING' THEN 1 ELSE 0 END"
          + " WHERE simulation_id IN (SELECT s.simulation_id FROM simulation s"
          + "   WHERE s.state = 'PENDING' OR (s.state = 'RUNNING' AND s.lease_until <= :now)"
          + "   ORDER BY s.created_at LIMIT :batch FOR UPDATE OF s SKIP LOCKED)"
          + " RETURNING simulation_id, attempts";
  private static final String FINISH =
      "UPDATE simulation SET state = :state, progress_percent = :progress, summary = :summary,"
          + " violations_replayed = :violations, decisions_changed = :decisions, error = :error,"
          + " lease_until = NULL, end_at = :now, updated_at = :now, etag_version = etag_version + 1"
          + " WHERE simulation_id = :id AND state = 'RUNNING' AND attempts = :attempt";
  private static final String PROGRESS =
      "UPDATE simulation SET progress_percent = :progress, summary = :summary,"
          + " violations_replayed = :violations, decisions_changed = :decisions,"
          + " lease_until = :leaseUntil, updated_at = :now, etag_version = etag_version + 1"
          + " WHERE simulation_id = :id AND state = 'RUNNING' AND attempts = :attempt";
  private static final String DELETE_RESULTS =
      "DELETE FROM simulation_result WHERE simulation_id = :id";
  private static final String WINDOW_CREATORS =
      "SELECT DISTINCT market, creator_id FROM violation WHERE market IN (:markets)"
          + " AND observed_at >= :from AND observed_at < :before"
          + " AND (market, creator_id) > (:afterMarket, :afterCreator)"
          + " ORDER BY market, creator_id LIMIT :limit";
  private static final String WINDOW_COUNT =
      "SELECT count(*) FROM violation WHERE market IN (:markets)"
          + " AND observed_at >= :from AND observed_at < :before";
  private static final String CANDIDATE =
      "INSERT INTO simulation_candidate (simulation_id, market, resolved)"
          + " VALUES (:id, :market, :resolved)";
  private static final String CANDIDATES =
      "SELECT market, resolved FROM simulation_candidate WHERE simulation_id = :id";
  private static final String RESULT =
      "INSERT INTO simulation_result"
          + " (simulation_id, market, creator_id, change_kind, decisions, payload)"
          + " VALUES (:id, :market, :creator, :kind, :decisions, :payload)";
  private static final String ACTIVE =
      "SELECT count(*) FROM simulation WHERE state IN ('PENDING', 'RUNNING')";
  private static final String PURGE = "DELETE FROM simulation WHERE created_at < :before";
  private static final String STARTS =
      "SELECT creator_id, market, standing_start FROM creator_standing"
          + " WHERE market IN (:markets) AND creator_id IN (:creators)";

  /** The simulation, locked for the rest of the transaction (null when absent). */
  public Uni<SimulationEntity> lock(String simulationId) {
    return findById(simulationId, LockModeType.PESSIMISTIC_WRITE);
  }

  /**
   * A page of ListSimulations: newest first, ties by id (descending), optionally of one policy key
   * and only simulations every market of which is in {@code scope} (empty: any). The scope is part
   * of the query, so a page is full whenever more simulations match.
   */
  public Uni<List<SimulationEntity>> page(
      String policyKey, Collection<String> scope, Repositories.Keyset after, int limit) {
    StringBuilder sql = new StringBuilder("SELECT s.* FROM simulation s WHERE 1 = 1");
    Map<String, Object> params = new HashMap<>();
    if (policyKey != null) {
      sql.append(" AND s.policy_key = :key");
      params.put("key", policyKey);
    }
    if (!scope.isEmpty()) {
      sql.append(
          " AND NOT EXISTS (SELECT 1 FROM unnest(string_to_array(s.markets, ',')) AS m(code)"
              + " WHERE m.code NOT IN (:scope))");
      params.put("scope", scope);
    }
    if (after.time() != null) {
      sql.append(" AND (s.created_at, s.simulation_id) < (:at, :id)");
      params.put("at", after.time());
      params.put("id", after.id());
    }
    sql.append(" ORDER BY s.created_at DESC, s.simulation_id DESC LIMIT :limit");
    params.put("limit", limit);
    return Panache.getSession()
        .chain(
            s -> {
              var query = s.createNativeQuery(sql.toString(), SimulationEntity.class);
              params.forEach(query::setParameter);
              return query.getResultList();
            });
  }

  /** Claims up to {@code batch} PENDING simulations (or RUNNING ones whose lease ran out). */
  public Uni<List<Claimed>> claim(OffsetDateTime now, OffsetDateTime leaseUntil, int batch) {
    return Panache.getSession()
        .chain(
            s ->
                s.<Object[]>createNativeQuery(CLAIM)
                    .setParameter("leaseUntil", leaseUntil)
                    .setParameter("now", now)
                    .setParameter("batch", batch)
                    .getResultList())
        .map(
            rows ->
                rows.stream()
                    .map(r -> new Claimed((String) r[0], ((Number) r[1]).intValue()))
                    .toList());
  }

  /**
   * Ends a run (SUCCEEDED or FAILED), only if the simulation is still this attempt's RUNNING one
   * (not cancelled, not taken over): returns whether it was.
   */
  public Uni<Boolean> finish(
      Claimed claim,
      String state,
      byte[] summary,
      long violations,
      long decisions,
      String error,
      OffsetDateTime now) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(FINISH)
                    .setParameter("state", state)
                    .setParameter("progress", "SUCCEEDED".equals(state) ? 100 : 0)
                    .setParameter("summary", summary)
                    .setParameter("violations", violations)
                    .setParameter("decisions", decisions)
                    .setParameter("error", error == null ? "" : error)
                    .setParameter("now", now)
                    .setParameter("id", claim.simulationId())
                    .setParameter("attempt", claim.attempt())
                    .executeUpdate())
        .map(updated -> updated == 1);
  }

  /**
   * Records a running simulation's progress, partial totals and a renewed lease, only if it is
   * still this attempt's RUNNING one: returns whether it was (false: cancelled or taken over).
   */
  public Uni<Boolean> progress(
      Claimed claim,
      int percent,
      byte[] summary,
      long violations,
      long decisions,
      OffsetDateTime leaseUntil,
      OffsetDateTime now) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(PROGRESS)
                    .setParameter("progress", percent)
                    .setParameter("summary", summary)
                    .setParameter("violations", violations)
                    .setParameter("decisions", decisions)
                    .setParameter("leaseUntil", leaseUntil)
                    .setParameter("now", now)
                    .setParameter("id", claim.simulationId())
                    .setParameter("attempt", claim.attempt())
                    .executeUpdate())
        .map(updated -> updated == 1);
  }

  /** Discards a simulation's results (a cancelled, failed or restarted run keeps none). */
  public Uni<Void> deleteResults(String simulationId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(DELETE_RESULTS)
                    .setParameter("id", simulationId)
                    .executeUpdate())
        .replaceWithVoid();
  }

  /**
   * The next {@code limit} (market, creator) pairs with a violation observed in {@code [from,
   * before)}, in (market, creator id) order after {@code after}: a run's batches.
   */
  public Uni<List<CreatorKey>> windowCreators(
      Collection<String> markets,
      OffsetDateTime from,
      OffsetDateTime before,
      CreatorKey after,
      int limit) {
    return Panache.getSession()
        .chain(
            s ->
                s.<Object[]>createNativeQuery(WINDOW_CREATORS)
                    .setParameter("markets", markets)
                    .setParameter("from", from)
                    .setParameter("before", before)
                    .setParameter("afterMarket", after.market())
                    .setParameter("afterCreator", after.creatorId())
                    .setParameter("limit", limit)
                    .getResultList())
        .map(rows -> rows.stream().map(r -> new CreatorKey((String) r[0], (String) r[1])).toList());
  }

  /** How many violations were observed in {@code [from, before)} in these markets. */
  public Uni<Long> windowCount(
      Collection<String> markets, OffsetDateTime from, OffsetDateTime before) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(WINDOW_COUNT)
                    .setParameter("markets", markets)
                    .setParameter("from", from)
                    .setParameter("before", before)
                    .getSingleResult())
        .map(n -> ((Number) n).longValue());
  }

  public Uni<Void> saveCandidate(String simulationId, String market, byte[] resolved) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(CANDIDATE)
                    .setParameter("id", simulationId)
                    .setParameter("market", market)
                    .setParameter("resolved", resolved)
                    .executeUpdate())
        .replaceWithVoid();
  }

  /** The pinned candidate per market. */
  public Uni<Map<String, byte[]>> candidates(String simulationId) {
    return Panache.getSession()
        .chain(
            s ->
                s.<Object[]>createNativeQuery(CANDIDATES)
                    .setParameter("id", simulationId)
                    .getResultList())
        .map(
            rows -> {
              Map<String, byte[]> byMarket = new HashMap<>();
              rows.forEach(r -> byMarket.put((String) r[0], (byte[]) r[1]));
              return byMarket;
            });
  }

  public Uni<Void> saveResult(
      String simulationId,
      String market,
      String creatorId,
      String changeKind,
      int decisions,
      byte[] payload) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(RESULT)
                    .setParameter("id", simulationId)
                    .setParameter("market", market)
                    .setParameter("creator", creatorId)
                    .setParameter("kind", changeKind)
                    .setParameter("decisions", decisions)
                    .setParameter("payload", payload)
                    .executeUpdate())
        .replaceWithVoid();
  }

  /** A page of results in (market, creator id) order, optionally of one kind and market. */
  public Uni<List<ResultRow>> results(
      String simulationId, String changeKind, String market, ResultKeyset after, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT market, creator_id, payload FROM simulation_result WHERE simulation_id = :id");
    Map<String, Object> params = resultFilters(sql, simulationId, changeKind, market);
    if (after != null) {
      sql.append(" AND (market, creator_id) > (:afterMarket, :afterCreator)");
      params.put("afterMarket", after.market());
      params.put("afterCreator", after.creatorId());
    }
    sql.append(" ORDER BY market, creator_id LIMIT :limit");
    params.put("limit", limit);
    return Panache.getSession()
        .chain(
            s -> {
              var query = s.<Object[]>createNativeQuery(sql.toString());
              params.forEach(query::setParameter);
              return query.getResultList();
            })
        .map(
            rows ->
                rows.stream()
                    .map(r -> new ResultRow((String) r[0], (String) r[1], (byte[]) r[2]))
                    .toList());
  }

  /** How many results match the filters. */
  public Uni<Long> countResults(String simulationId, String changeKind, String market) {
    StringBuilder sql =
        new StringBuilder("SELECT count(*) FROM simulation_result WHERE simulation_id = :id");
    Map<String, Object> params = resultFilters(sql, simulationId, changeKind, market);
    return Panache.getSession()
        .chain(
            s -> {
              var query = s.createNativeQuery(sql.toString());
              params.forEach(query::setParameter);
              return query.getSingleResult();
            })
        .map(n -> ((Number) n).longValue());
  }

  private static Map<String, Object> resultFilters(
      StringBuilder sql, String simulationId, String changeKind, String market) {
    Map<String, Object> params = new HashMap<>();
    params.put("id", simulationId);
    if (changeKind != null) {
      sql.append(" AND change_kind = :kind");
      params.put("kind", changeKind);
    }
    if (market != null) {
      sql.append(" AND market = :market");
      params.put("market", market);
    }
    return params;
  }

  /** PENDING and RUNNING simulations. */
  public Uni<Long> active() {
    return Panache.getSession()
        .chain(s -> s.createNativeQuery(ACTIVE).getSingleResult())
        .map(n -> ((Number) n).longValue());
  }

  /** Deletes simulations (with their candidates and results) created before {@code before}. */
  public Uni<Integer> purge(OffsetDateTime before) {
    return Panache.getSession()
        .chain(s -> s.createNativeQuery(PURGE).setParameter("before", before).executeUpdate());
  }

  /** First-seen times of these creators in these markets, keyed {@code creator|market}. */
  public Uni<Map<String, OffsetDateTime>> standingStarts(
      Collection<String> markets, Collection<String> creators) {
    if (markets.isEmpty() || creators.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return Panache.getSession()
        .chain(
            s ->
                s.<Object[]>createNativeQuery(STARTS)
                    .setParameter("markets", markets)
                    .setParameter("creators", creators)
                    .getResultList())
        .map(
            rows -> {
              Map<String, OffsetDateTime> starts = new HashMap<>();
              rows.forEach(r -> starts.put(r[0] + "|" + r[1], StandingRepository.toOffset(r[2])));
              return starts;
            });
  }
}
