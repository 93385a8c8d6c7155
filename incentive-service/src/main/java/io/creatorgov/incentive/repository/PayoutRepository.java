package io.creatorgov.incentive.repository;

import io.creatorgov.incentive.domain.PayoutKind;
import io.creatorgov.incentive.domain.PayoutRule;
import io.creatorgov.incentive.domain.PayoutState;
import io.creatorgov.incentive.domain.TransferState;
import io.creatorgov.kit.error.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class PayoutRepository implements PanacheRepositoryBase<PayoutEntity, String> {

  /** The resource type named by NOT_FOUND errors. */
  public static final String RESOURCE_TYPE = "Payout";

  /** ListPayouts' filters; null or empty matches all. */
  public record Filter(
      String programId,
      String creatorId,
      Collection<String> markets,
      PayoutRule rule,
      PayoutKind kind,
      PayoutState state,
      TransferState transferState) {}

  /** Money sums of a programme's payouts, for the budget status. */
  public record Sums(long paid, long forfeited, long heldBack, long adjusted, long clawedBack) {}

  private static final String SUMS =
      "SELECT"
          + " COALESCE(SUM(amount_minor) FILTER (WHERE kind = 'SETTLEMENT'), 0),"
          + " COALESCE(SUM(forfeited_minor) FILTER (WHERE kind = 'SETTLEMENT'), 0),"
          + " COALESCE(SUM(amount_minor) FILTER (WHERE state = 'HELD_BACK'), 0),"
          + " COALESCE(SUM(amount_minor) FILTER (WHERE kind = 'ADJUSTMENT'), 0),"
          + " COALESCE(SUM(amount_minor) FILTER (WHERE kind = 'CLAWBACK'), 0)"
          + " FROM payout WHERE program_id = :program";

  private static final String ADD_REPORT =
      "INSERT INTO payout_transfer_report (payout_id, report_no, state, transfer_reference,"
          + " failure_reason, request_id, report_time)"
          + " SELECT :payout, COALESCE(MAX(report_no), 0) + 1, :state, :reference, :failure,"
          + " :request, :at FROM payout_transfer_report WHERE payout_id = :payout";

  /** The payout; NOT_FOUND when absent. */
  public Uni<PayoutEntity> existing(String payoutId) {
    return findById(payoutId).map(p -> required(payoutId, p));
  }

  /** The payout locked for update; NOT_FOUND when absent. */
  public Uni<PayoutEntity> locked(String payoutId) {
    return findById(payoutId, LockModeType.PESSIMISTIC_WRITE).map(p -> required(payoutId, p));
  }

  private static PayoutEntity required(String payoutId, PayoutEntity p) {
    if (p == null) {
      throw ApiException.notFound(RESOURCE_TYPE, payoutId);
    }
    return p;
  }

  /**
   * A payout already read in this session, locked for update and re-read (its state may have
   * changed since the plain read).
   */
  public Uni<PayoutEntity> relock(PayoutEntity p) {
    return Panache.getSession()
        .chain(s -> s.refresh(p, LockModeType.PESSIMISTIC_WRITE))
        .replaceWith(p);
  }

  /** Every payout of a programme, oldest first. */
  public Uni<List<PayoutEntity>> ofProgram(String programId) {
    return find("programId = ?1 order by createTime, payoutId", programId).list();
  }

  /** The creator's SETTLEMENT payout in the programme, locked for update, or null. */
  public Uni<PayoutEntity> settlementOf(String programId, String creatorId) {
    return find(
            "programId = ?1 and creatorId = ?2 and kind = ?3",
            programId,
            creatorId,
            PayoutKind.SETTLEMENT)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResult();
  }

  /** The ADJUSTMENT or CLAWBACK payout a triggering event already produced, or null. */
  public Uni<PayoutEntity> triggeredBy(
      String programId, String creatorId, PayoutKind kind, String triggerId) {
    return find(
            "programId = ?1 and creatorId = ?2 and kind = ?3 and triggerId = ?4",
            programId,
            creatorId,
            kind,
            triggerId)
        .firstResult();
  }

  /**
   * HELD_BACK payouts held for {@code appealId}, oldest first (not locked: see {@link #relock}).
   */
  public Uni<List<PayoutEntity>> heldFor(String appealId) {
    return find(
            "state = ?1 and (heldBackForAppeals = ?2 or heldBackForAppeals like ?3"
                + " or heldBackForAppeals like ?4 or heldBackForAppeals like ?5)"
                + " order by createTime, payoutId",
            PayoutState.HELD_BACK,
            appealId,
            appealId + ",%",
            "%," + appealId,
            "%," + appealId + ",%")
        .list();
  }

  /** A page by create time then payout id, after the cursor. */
  public Uni<List<PayoutEntity>> page(
      Filter f, OffsetDateTime afterTime, String afterId, int limit) {
    StringBuilder q = new StringBuilder("1 = 1");
    Parameters p = new Parameters();
    if (afterTime != null) {
      q.append(" and (createTime > :t or (createTime = :t and payoutId > :id))");
      p = p.and("t", afterTime).and("id", afterId);
    }
    if (!f.programId().isEmpty()) {
      q.append(" and programId = :program");
      p = p.and("program", f.programId());
    }
    if (!f.creatorId().isEmpty()) {
      q.append(" and creatorId = :creator");
      p = p.and("creator", f.creatorId());
    }
    if (!f.markets().isEmpty()) {
      q.append(" and market in :markets");
      p = p.and("markets", f.markets());
    }
    if (f.rule() != null) {
      q.append(" and kind = :settlement and ruleApplied = :rule");
      p = p.and("settlement", PayoutKind.SETTLEMENT).and("rule", f.rule());
    }
    if (f.kind() != null) {
      q.append(" and kind = :kind");
      p = p.and("kind", f.kind());
    }
    if (f.state() != null) {
      q.append(" and state = :state");
      p = p.and("state", f.state());
    }
    if (f.transferState() != null) {
      q.append(" and transferState = :transfer");
      p = p.and("transfer", f.transferState());
    }
    return find(q + " order by createTime, payoutId", p).page(0, limit).list();
  }

  /** The lines of these payouts, by payout and line number. */
  public Uni<List<PayoutLineEntity>> linesOf(Collection<String> payoutIds) {
    if (payoutIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return Panache.getSession()
        .chain(
            s ->
                s.createQuery(
                        "from PayoutLineEntity where payoutId in :ids order by payoutId, lineNo",
                        PayoutLineEntity.class)
                    .setParameter("ids", payoutIds)
                    .getResultList());
  }

  public Uni<Void> persistLines(List<PayoutLineEntity> lines) {
    return Panache.getSession().chain(s -> s.persistAll(lines.toArray()));
  }

  /** Appends a transfer report to the payout's history. */
  public Uni<Integer> addReport(
      String payoutId,
      TransferState state,
      String reference,
      String failure,
      String requestId,
      OffsetDateTime at) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(ADD_REPORT)
                    .setParameter("payout", payoutId)
                    .setParameter("state", state.name())
                    .setParameter("reference", reference)
                    .setParameter("failure", failure)
                    .setParameter("request", requestId)
                    .setParameter("at", at)
                    .executeUpdate());
  }

  /** The programme's payout sums, in one statement. */
  public Uni<Sums> sums(String programId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(SUMS, Object[].class)
                    .setParameter("program", programId)
                    .getSingleResult())
        .map(r -> new Sums(num(r[0]), num(r[1]), num(r[2]), num(r[3]), num(r[4])));
  }

  private static long num(Object o) {
    return ((Number) o).longValue();
  }
}
