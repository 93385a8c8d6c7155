package io.creatorgov.incentive.repository;

import io.creatorgov.incentive.domain.ProgramState;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class ProgramRepository implements PanacheRepositoryBase<ProgramEntity, String> {

  /** The resource type named by NOT_FOUND and ALREADY_EXISTS errors. */
  public static final String RESOURCE_TYPE = "Program";

  /**
   * The programme row locked for update, for a command in the caller's markets; NOT_FOUND when
   * absent, MARKET_OUT_OF_SCOPE outside the caller's markets.
   */
  public Uni<ProgramEntity> lockedFor(CallerIdentity caller, String programId) {
    return withLock(programId, LockModeType.PESSIMISTIC_WRITE)
        .map(p -> inCallerMarket(caller, programId, p, false));
  }

  /**
   * The programme as the caller may read it: in their markets; a caller who may not see drafts (a
   * creator) gets NOT_FOUND for a DRAFT programme.
   */
  public Uni<ProgramEntity> readableBy(
      CallerIdentity caller, String programId, boolean hideDrafts) {
    return findById(programId).map(p -> inCallerMarket(caller, programId, p, hideDrafts));
  }

  /**
   * As {@link #readableBy}, with the row share-locked until the transaction ends: an enrolment
   * admitted against its state is not overtaken by a concurrent pause or end.
   */
  public Uni<ProgramEntity> sharedFor(CallerIdentity caller, String programId, boolean hideDrafts) {
    return withLock(programId, LockModeType.PESSIMISTIC_READ)
        .map(p -> inCallerMarket(caller, programId, p, hideDrafts));
  }

  private static ProgramEntity inCallerMarket(
      CallerIdentity caller, String programId, ProgramEntity p, boolean hideDrafts) {
    if (p == null || (hideDrafts && p.state == ProgramState.DRAFT)) {
      throw ApiException.notFound(RESOURCE_TYPE, programId);
    }
    caller.requireMarket(p.market);
    return p;
  }

  /**
   * Running (ACTIVE or PAUSED) programmes whose window ended at or before {@code now}, earliest end
   * first: the scheduler ends them.
   */
  public Uni<List<ProgramEntity>> dueToEnd(OffsetDateTime now, int limit) {
    return find(
            "state in :running and windowEnd <= :now order by windowEnd, programId",
            Parameters.with("running", List.of(ProgramState.ACTIVE, ProgramState.PAUSED))
                .and("now", now))
        .page(0, limit)
        .list();
  }

  /** The programme row locked for update, or null (a job acting for the suite itself). */
  /** The programme share-locked (commands on it wait; accruals do not), or null. */
  public Uni<ProgramEntity> locked(String programId) {
    return withLock(programId, LockModeType.PESSIMISTIC_WRITE);
  }

  /** The programme row share-locked, or null (a job or feed consumer acting for the suite). */
  public Uni<ProgramEntity> shared(String programId) {
    return withLock(programId, LockModeType.PESSIMISTIC_READ);
  }

  /**
   * The programme row locked with {@code mode} and read under the lock. Not {@code findById(id,
   * mode)}: when the session already holds the programme (a plain read earlier in the same
   * session), Hibernate Reactive upgrades the lock with a statement built from the entity's
   * property names instead of its column names ({@code select programId from program where
   * programId=$1 and rowVersion=$2 for no key update}: SQLSTATE 42703, an INTERNAL error). A
   * refresh with the lock mode goes through the entity loader (real column names) and re-reads the
   * row under the lock, so a state read before the lock is never acted on.
   */
  private Uni<ProgramEntity> withLock(String programId, LockModeType mode) {
    return getSession()
        .chain(
            s ->
                s.find(ProgramEntity.class, programId)
                    .chain(
                        p ->
                            p == null
                                ? Uni.createFrom().nullItem()
                                : s.refresh(p, mode).replaceWith(p)));
  }

  /** Whether another programme of {@code market} has {@code displayName}, ignoring case. */
  public Uni<Boolean> nameTaken(String market, String displayName, String exceptProgramId) {
    return count(
            "market = ?1 and lower(displayName) = lower(?2) and programId <> ?3",
            market,
            displayName,
            exceptProgramId)
        .map(n -> n > 0);
  }

  /**
   * A page newest first (create time descending, then programme id descending), after the cursor.
   *
   * @param markets the markets to include (empty: every market)
   * @param state only this state (null: any)
   * @param hideDrafts leave DRAFT programmes out
   */
  public Uni<List<ProgramEntity>> page(
      Collection<String> markets,
      ProgramState state,
      boolean hideDrafts,
      OffsetDateTime beforeTime,
      String beforeId,
      int limit) {
    StringBuilder q = new StringBuilder("1 = 1");
    Parameters p = new Parameters();
    if (beforeTime != null) {
      q.append(" and (createTime < :t or (createTime = :t and programId < :id))");
      p = p.and("t", beforeTime).and("id", beforeId);
    }
    if (!markets.isEmpty()) {
      q.append(" and market in :markets");
      p = p.and("markets", markets);
    }
    if (state != null) {
      q.append(" and state = :state");
      p = p.and("state", state);
    }
    if (hideDrafts) {
      q.append(" and state <> :draft");
      p = p.and("draft", ProgramState.DRAFT);
    }
    return find(q + " order by createTime desc, programId desc", p).page(0, limit).list();
  }
}
