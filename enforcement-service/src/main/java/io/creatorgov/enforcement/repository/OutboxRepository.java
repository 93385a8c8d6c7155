package io.creatorgov.enforcement.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The outbox's SQL: claiming due rows with a lease ({@code FOR UPDATE SKIP LOCKED}, so concurrent
 * workers never claim the same row and never wait for each other), recording each attempt, and the
 * backlog figures for the gauges.
 */
@ApplicationScoped
public class OutboxRepository {

  /**
   * A claimed row: which delivery, of which action, the attempt number it is on, and its purpose
   * ({@code APPLY} or {@code REVERSE}).
   */
  public record Claimed(long deliveryId, String actionId, int attempt, String purpose) {}

  /** The backlog: rows not yet delivered, and the creation time of the oldest (null if none). */
  public record Backlog(long size, OffsetDateTime oldest) {}

  /**
   * A replacement (appeal MODIFY) is applied only once the undo of the action it replaces has
   * reached creator-service: an UNBAN before the replacement's SUSPEND, say.
   */
  private static final String REPLACED_FIRST =
      "     AND NOT (d.purpose = 'APPLY' AND EXISTS (SELECT 1 FROM enforcement_action x"
          + "       JOIN action_delivery u ON u.action_id = x.replaces_action_id"
          + "         AND u.purpose = 'REVERSE' AND u.state IN ('PENDING', 'DELIVERING')"
          + "       WHERE x.action_id = d.action_id))";

  private static final String CLAIM =
      "UPDATE action_delivery SET state = 'DELIVERING', lease_until = :leaseUntil,"
          + " attempts = attempts + 1, last_attempt_at = :now, updated_at = :now"
          + " WHERE delivery_id IN (SELECT d.delivery_id FROM action_delivery d"
          + "   WHERE ((d.state = 'PENDING' AND d.next_attempt_at <= :now)"
          + "      OR (d.state = 'DELIVERING' AND d.lease_until <= :now))"
          // an undo waits while the same action's application is on its way
          + "     AND NOT (d.purpose = 'REVERSE' AND EXISTS (SELECT 1 FROM action_delivery a"
          + "       WHERE a.action_id = d.action_id AND a.purpose = 'APPLY'"
          + "         AND a.state = 'DELIVERING'))"
          + REPLACED_FIRST
          + "   ORDER BY d.next_attempt_at LIMIT :batch FOR UPDATE OF d SKIP LOCKED)"
          + " RETURNING delivery_id, action_id, attempts, purpose";
  private static final String CLAIM_ONE =
      "UPDATE action_delivery SET state = 'DELIVERING', lease_until = :leaseUntil,"
          + " attempts = attempts + 1, last_attempt_at = :now, updated_at = :now"
          + " WHERE delivery_id = (SELECT d.delivery_id FROM action_delivery d"
          + "   WHERE d.action_id = :actionId AND d.purpose = 'APPLY' AND d.state = 'PENDING'"
          + REPLACED_FIRST
          + "   FOR UPDATE SKIP LOCKED)"
          + " RETURNING delivery_id, action_id, attempts, purpose";
  private static final String FINISH =
      "UPDATE action_delivery SET state = :state, next_attempt_at = :next, lease_until = NULL,"
          + " last_error = :error, updated_at = :now,"
          + " delivered_at = CASE WHEN CAST(:state AS VARCHAR) = 'APPLIED' THEN CAST(:now AS TIMESTAMPTZ)"
          + "   ELSE delivered_at END"
          + " WHERE delivery_id = :id AND state = 'DELIVERING' AND attempts = :attempt";
  private static final String ATTEMPT =
      "INSERT INTO delivery_attempt (delivery_id, attempt_no, started_at, finished_at, outcome, error)"
          + " VALUES (:id, :attempt, :started, :finished, :outcome, :error)";
  private static final String BACKLOG =
      "SELECT count(*), min(created_at) FROM action_delivery"
          + " WHERE state IN ('PENDING', 'DELIVERING')";

  /** Claims up to {@code batch} due rows (or rows whose lease ran out) until {@code leaseUntil}. */
  public Uni<List<Claimed>> claim(OffsetDateTime now, OffsetDateTime leaseUntil, int batch) {
    return Panache.getSession()
        .chain(
            s ->
                s.<Object[]>createNativeQuery(CLAIM)
                    .setParameter("leaseUntil", leaseUntil)
                    .setParameter("now", now)
                    .setParameter("batch", batch)
                    .getResultList())
        .map(rows -> rows.stream().map(OutboxRepository::claimed).toList());
  }

  /**
   * Claims the PENDING application of one action, if no worker holds it: the in-call delivery of a
   * just-decided action. Empty when there is nothing to claim.
   */
  public Uni<List<Claimed>> claimApplication(
      String actionId, OffsetDateTime now, OffsetDateTime leaseUntil) {
    return Panache.getSession()
        .chain(
            s ->
                s.<Object[]>createNativeQuery(CLAIM_ONE)
                    .setParameter("leaseUntil", leaseUntil)
                    .setParameter("now", now)
                    .setParameter("actionId", actionId)
                    .getResultList())
        .map(rows -> rows.stream().map(OutboxRepository::claimed).toList());
  }

  /**
   * Ends an attempt: the row's new state, when to try again, the error. Only if the row is still
   * this attempt's (a worker whose lease ran out finds it taken over): returns whether it was.
   */
  public Uni<Boolean> finish(
      Claimed claim, String state, OffsetDateTime next, String error, OffsetDateTime now) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(FINISH)
                    .setParameter("state", state)
                    .setParameter("next", next)
                    .setParameter("error", error == null ? "" : error)
                    .setParameter("now", now)
                    .setParameter("id", claim.deliveryId())
                    .setParameter("attempt", claim.attempt())
                    .executeUpdate())
        .map(updated -> updated == 1);
  }

  /** Logs one attempt. */
  public Uni<Void> logAttempt(
      Claimed claim,
      OffsetDateTime started,
      OffsetDateTime finished,
      String outcome,
      String error) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(ATTEMPT)
                    .setParameter("id", claim.deliveryId())
                    .setParameter("attempt", claim.attempt())
                    .setParameter("started", started)
                    .setParameter("finished", finished)
                    .setParameter("outcome", outcome)
                    .setParameter("error", error == null ? "" : error)
                    .executeUpdate())
        .replaceWithVoid();
  }

  public Uni<Backlog> backlog() {
    return Panache.getSession()
        .chain(s -> s.<Object[]>createNativeQuery(BACKLOG).getSingleResult())
        .map(
            r ->
                new Backlog(
                    ((Number) r[0]).longValue(),
                    r[1] == null ? null : StandingRepository.toOffset(r[1])));
  }

  private static Claimed claimed(Object[] r) {
    return new Claimed(
        ((Number) r[0]).longValue(), (String) r[1], ((Number) r[2]).intValue(), (String) r[3]);
  }
}
