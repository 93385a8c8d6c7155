package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.EnrollmentState;
import io.creatorgov.incentive.domain.ProgramState;
import io.creatorgov.incentive.domain.ProgramTerms;
import io.creatorgov.incentive.domain.RewardRule.TrafficBoost;
import io.creatorgov.incentive.domain.TrafficBoosts;
import io.creatorgov.incentive.domain.TrafficBoosts.Announcement;
import io.creatorgov.incentive.repository.EnrollmentEntity;
import io.creatorgov.incentive.repository.ProgramEntity;
import io.creatorgov.incentive.repository.ProgramRepository;
import io.creatorgov.incentive.repository.TrafficBoostEntity;
import io.creatorgov.incentive.repository.TrafficBoostRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps each enrolment's traffic-boost record ({@code traffic_boost}) in step with whether the
 * boost applies, inside the transaction of the change, and answers the starts and stops to announce
 * ({@link TrafficBoosts} decides). Used by {@link IncentiveJournal} only: every enrolment or
 * programme change it journals is checked, so no move can start or stop a boost unannounced.
 *
 * <p>Locks follow the service's order: a programme move holds its programme row, then locks the
 * programme's enrolment rows and their boost records; an enrolment move holds its enrolment row,
 * then locks its boost record. A programme move and an enrolment move therefore meet on the
 * enrolment row and see each other's result.
 */
@ApplicationScoped
public class TrafficBoostTracker {

  /** A programme's boost facts: its state and window, and its rule (empty: no boost). */
  private record BoostProgram(
      ProgramEntity program, ProgramTerms terms, Optional<TrafficBoost> rule) {}

  /** An enrolment of a boost programme with its record (null: none yet). */
  private record Tracked(EnrollmentEntity enrollment, TrafficBoostEntity record) {}

  /** A decision: the record to create (null: it existed) and the announcement, if any. */
  private record Decided(TrafficBoostEntity created, Optional<BoostChange> change) {}

  private final ProgramRepository programs;
  private final ProgramViews programViews;
  private final TrafficBoostRepository boosts;
  private final Clock clock;

  public TrafficBoostTracker(
      ProgramRepository programs,
      ProgramViews programViews,
      TrafficBoostRepository boosts,
      Clock clock) {
    this.programs = programs;
    this.programViews = programViews;
    this.boosts = boosts;
    this.clock = clock;
  }

  /** After one enrolment was created or changed state: its boost start or stop, if any. */
  public Uni<List<BoostChange>> afterEnrollmentChange(EnrollmentView enrollment) {
    return programs
        .findById(enrollment.programId())
        .map(this::boostProgram)
        .chain(bp -> trackEnrollment(bp, enrollment));
  }

  private Uni<List<BoostChange>> trackEnrollment(BoostProgram bp, EnrollmentView enrollment) {
    if (bp.rule().isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return boosts
        .lockedFor(enrollment.enrollmentId())
        .map(
            record ->
                decide(
                    bp,
                    record,
                    enrollment.enrollmentId(),
                    enrollment.creatorId(),
                    enrollment.state()))
        .call(d -> persistCreated(List.of(d)))
        .map(d -> d.change().map(List::of).orElse(List.of()));
  }

  /**
   * After a programme move (or its window's start), with the programme row locked: the boost starts
   * and stops of all its enrolments.
   */
  public Uni<List<BoostChange>> afterProgramChange(String programId) {
    return programs.findById(programId).map(this::boostProgram).chain(this::trackProgram);
  }

  private Uni<List<BoostChange>> trackProgram(BoostProgram bp) {
    if (bp.rule().isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    String programId = bp.program().programId;
    return boosts
        .lockedEnrollmentsOf(programId)
        .chain(enrolments -> withRecords(programId, enrolments))
        .map(tracked -> decideEach(bp, tracked))
        .call(this::persistCreated)
        .map(TrafficBoostTracker::changes);
  }

  private Uni<List<Tracked>> withRecords(String programId, List<EnrollmentEntity> enrolments) {
    return boosts.lockedOfProgram(programId).map(records -> pair(enrolments, records));
  }

  private static List<Tracked> pair(
      List<EnrollmentEntity> enrolments, List<TrafficBoostEntity> records) {
    Map<String, TrafficBoostEntity> byEnrollment =
        records.stream().collect(Collectors.toMap(r -> r.enrollmentId, Function.identity()));
    return enrolments.stream().map(e -> new Tracked(e, byEnrollment.get(e.enrollmentId))).toList();
  }

  private List<Decided> decideEach(BoostProgram bp, List<Tracked> tracked) {
    List<Decided> decided = new ArrayList<>();
    for (Tracked t : tracked) {
      EnrollmentEntity e = t.enrollment();
      decided.add(decide(bp, t.record(), e.enrollmentId, e.creatorId, e.state));
    }
    return decided;
  }

  private static List<BoostChange> changes(List<Decided> decided) {
    return decided.stream().flatMap(d -> d.change().stream()).toList();
  }

  /**
   * Persist: the records created by the decisions (changed ones are managed, flushed at commit).
   */
  private Uni<Void> persistCreated(List<Decided> decided) {
    List<TrafficBoostEntity> created =
        decided.stream().map(Decided::created).filter(r -> r != null).toList();
    return created.isEmpty() ? Uni.createFrom().voidItem() : boosts.persist(created);
  }

  private BoostProgram boostProgram(ProgramEntity p) {
    ProgramTerms terms = programViews.terms(p);
    return new BoostProgram(p, terms, TrafficBoosts.rule(terms.rewards()));
  }

  /**
   * Decide (pure, {@link TrafficBoosts}) from what was last announced and whether the boost applies
   * now; write the record (created on the enrolment's first change) with the outcome.
   */
  private Decided decide(
      BoostProgram bp,
      TrafficBoostEntity record,
      String enrollmentId,
      String creatorId,
      EnrollmentState state) {
    Instant now = clock.instant();
    ProgramState programState = bp.program().state;
    boolean granted = record != null && record.granted;
    boolean applies = TrafficBoosts.applies(programState, bp.terms().window(), state, now);
    Announcement announcement = TrafficBoosts.decide(granted, applies);
    int multiplier = bp.rule().orElseThrow().multiplierPermille();
    TrafficBoostEntity created = record == null ? newRecord(bp, enrollmentId, now) : null;
    TrafficBoostEntity written = record == null ? created : record;
    if (announcement == Announcement.NONE) {
      return new Decided(created, Optional.empty());
    }
    written.granted = announcement == Announcement.GRANT;
    written.multiplierPermille = multiplier;
    written.changeTime = now.atOffset(ZoneOffset.UTC);
    BoostChange change =
        new BoostChange(
            bp.program().programId,
            enrollmentId,
            creatorId,
            bp.program().market,
            written.granted,
            multiplier,
            written.granted ? bp.terms().window().end() : null);
    return new Decided(created, Optional.of(change));
  }

  private static TrafficBoostEntity newRecord(BoostProgram bp, String enrollmentId, Instant now) {
    TrafficBoostEntity r = new TrafficBoostEntity();
    r.enrollmentId = enrollmentId;
    r.programId = bp.program().programId;
    r.granted = false;
    r.multiplierPermille = bp.rule().orElseThrow().multiplierPermille();
    r.changeTime = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    return r;
  }
}
