package io.creatorgov.incentive.repository;

import io.creatorgov.incentive.domain.EnrollmentState;
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
public class EnrollmentRepository implements PanacheRepositoryBase<EnrollmentEntity, String> {

  /** The resource type named by NOT_FOUND and ALREADY_EXISTS errors. */
  public static final String RESOURCE_TYPE = "Enrollment";

  /** The unique constraint of one enrolment per programme and creator (V3__enrollments.sql). */
  public static final String PROGRAM_CREATOR_UNIQUE = "enrollment_program_creator_unique";

  /** The enrolment; NOT_FOUND when absent. */
  public Uni<EnrollmentEntity> existing(String enrollmentId) {
    return findById(enrollmentId).map(e -> required(enrollmentId, e));
  }

  /** The enrolment locked for update; NOT_FOUND when absent. */
  public Uni<EnrollmentEntity> locked(String enrollmentId) {
    return findById(enrollmentId, LockModeType.PESSIMISTIC_WRITE)
        .map(e -> required(enrollmentId, e));
  }

  /** The creator's enrolment in the programme, or null. */
  public Uni<EnrollmentEntity> of(String programId, String creatorId) {
    return find("programId = ?1 and creatorId = ?2", programId, creatorId).firstResult();
  }

  /** Every enrolment of the programme, oldest first; locked for update when {@code lock}. */
  public Uni<List<EnrollmentEntity>> ofProgram(String programId, boolean lock) {
    var query = find("programId = ?1 order by enrollTime, enrollmentId", programId);
    return (lock ? query.withLock(LockModeType.PESSIMISTIC_WRITE) : query).list();
  }

  /**
   * The creator's enrolments a creator or enforcement fact can move (ENROLLED, PAUSED,
   * DISQUALIFIED), as (enrolment id, programme id), by programme id: the order they are locked in.
   */
  public Uni<List<Object[]>> movableOf(String creatorId) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "SELECT enrollment_id, program_id FROM enrollment WHERE creator_id = :creator"
                            + " AND state IN ('ENROLLED', 'PAUSED', 'DISQUALIFIED')"
                            + " ORDER BY program_id, enrollment_id",
                        Object[].class)
                    .setParameter("creator", creatorId)
                    .getResultList());
  }

  /** Creators with a movable enrolment, by creator id after {@code afterCreatorId} (paging). */
  public Uni<List<String>> creatorsWithMovable(String afterCreatorId, int limit) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "SELECT DISTINCT creator_id FROM enrollment WHERE creator_id > :after"
                            + " AND state IN ('ENROLLED', 'PAUSED', 'DISQUALIFIED')"
                            + " ORDER BY creator_id LIMIT :limit",
                        String.class)
                    .setParameter("after", afterCreatorId)
                    .setParameter("limit", limit)
                    .getResultList());
  }

  private static EnrollmentEntity required(String enrollmentId, EnrollmentEntity e) {
    if (e == null) {
      throw ApiException.notFound(RESOURCE_TYPE, enrollmentId);
    }
    return e;
  }

  /**
   * A page oldest first (enrol time, then enrolment id), after the cursor.
   *
   * @param programId only this programme (empty: any)
   * @param creatorId only this creator (empty: any)
   * @param markets only these markets (empty: every market)
   * @param state only this state (null: any)
   */
  public Uni<List<EnrollmentEntity>> page(
      String programId,
      String creatorId,
      Collection<String> markets,
      EnrollmentState state,
      OffsetDateTime afterTime,
      String afterId,
      int limit) {
    StringBuilder q = new StringBuilder("1 = 1");
    Parameters p = new Parameters();
    if (afterTime != null) {
      q.append(" and (enrollTime > :t or (enrollTime = :t and enrollmentId > :id))");
      p = p.and("t", afterTime).and("id", afterId);
    }
    if (!programId.isEmpty()) {
      q.append(" and programId = :program");
      p = p.and("program", programId);
    }
    if (!creatorId.isEmpty()) {
      q.append(" and creatorId = :creator");
      p = p.and("creator", creatorId);
    }
    if (!markets.isEmpty()) {
      q.append(" and market in :markets");
      p = p.and("markets", markets);
    }
    if (state != null) {
      q.append(" and state = :state");
      p = p.and("state", state);
    }
    return find(q + " order by enrollTime, enrollmentId", p).page(0, limit).list();
  }
}
