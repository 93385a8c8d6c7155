package io.creatorgov.incentive.repository;

import io.creatorgov.incentive.domain.EnrollmentState;
import io.creatorgov.incentive.domain.ProgramState;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.List;

@ApplicationScoped
public class TrafficBoostRepository implements PanacheRepositoryBase<TrafficBoostEntity, String> {

  /** The enrolment's boost record locked for update, or null when there is none yet. */
  public Uni<TrafficBoostEntity> lockedFor(String enrollmentId) {
    return findById(enrollmentId, LockModeType.PESSIMISTIC_WRITE);
  }

  /** Every boost record of the programme, locked for update, in enrolment id order. */
  public Uni<List<TrafficBoostEntity>> lockedOfProgram(String programId) {
    return find("programId = ?1 order by enrollmentId", programId)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .list();
  }

  /**
   * ACTIVE programmes whose window has started and not ended at {@code now} with an ENROLLED
   * creator whose boost is not granted yet: the boosts the window's start turns on.
   */
  public Uni<List<String>> programsWithPendingBoosts(OffsetDateTime now, int limit) {
    return getSession()
        .chain(
            s ->
                s.createSelectionQuery(
                        "select distinct b.programId from TrafficBoostEntity b, ProgramEntity p,"
                            + " EnrollmentEntity e where b.granted = false"
                            + " and p.programId = b.programId and e.enrollmentId = b.enrollmentId"
                            + " and p.state = :active and e.state = :enrolled"
                            + " and p.windowStart <= :now and p.windowEnd > :now"
                            + " order by b.programId",
                        String.class)
                    .setParameter("active", ProgramState.ACTIVE)
                    .setParameter("enrolled", EnrollmentState.ENROLLED)
                    .setParameter("now", now)
                    .setMaxResults(limit)
                    .getResultList());
  }

  /**
   * The programme's enrolment rows locked for update, in enrolment id order: a programme move that
   * decides its boosts waits for an enrolment move in flight and then sees its outcome.
   */
  public Uni<List<EnrollmentEntity>> lockedEnrollmentsOf(String programId) {
    return getSession()
        .chain(
            s ->
                s.createSelectionQuery(
                        "from EnrollmentEntity where programId = :program order by enrollmentId",
                        EnrollmentEntity.class)
                    .setParameter("program", programId)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getResultList());
  }
}
