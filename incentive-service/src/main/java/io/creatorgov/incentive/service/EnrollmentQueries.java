package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.EligibilityEvaluation;
import io.creatorgov.incentive.domain.EnrollmentState;
import io.creatorgov.incentive.domain.ProgramState;
import io.creatorgov.incentive.repository.EnrollmentEntity;
import io.creatorgov.incentive.repository.EnrollmentRepository;
import io.creatorgov.incentive.repository.ProgramRepository;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.paging.PageSize;
import io.creatorgov.kit.paging.PageTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TreeSet;

/**
 * CheckEligibility, GetEnrollment and ListEnrollments: read-only. CheckEligibility reads the
 * programme in a short session, then the creator's data live (no session open), then the creator's
 * enrolment state.
 */
@ApplicationScoped
public class EnrollmentQueries {

  /**
   * CheckEligibility's answer: the evaluation, the programme's state, the enrolment's (or null).
   */
  public record Eligibility(
      EligibilityEvaluation evaluation, ProgramState programState, EnrollmentState enrollment) {}

  /** ListEnrollments' input: page and filters (empty or null: any). */
  public record ListEnrollments(
      int pageSize,
      String pageToken,
      String programId,
      String creatorId,
      String market,
      EnrollmentState state) {}

  /** Where a page starts: after the enrolment made at {@code time} with {@code id}. */
  private record Cursor(OffsetDateTime time, String id) {
    static Cursor parse(String cursor) {
      if (cursor == null) {
        return new Cursor(null, null);
      }
      int colon = cursor.indexOf(':');
      long micros = Long.parseLong(cursor.substring(0, colon));
      return new Cursor(
          Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC),
          cursor.substring(colon + 1));
    }

    static String after(EnrollmentEntity e) {
      return ChronoUnit.MICROS.between(Instant.EPOCH, e.enrollTime.toInstant())
          + ":"
          + e.enrollmentId;
    }
  }

  /** A resolved listing: the filters the caller may use, and the page. */
  private record Listing(
      ListEnrollments q,
      String creatorId,
      List<String> markets,
      String query,
      Cursor cursor,
      int size) {}

  /** A programme evaluated for a creator. */
  private record Evaluated(ProgramView program, EligibilityEvaluation evaluation) {}

  private final EnrollmentRepository enrollments;
  private final ProgramRepository programs;
  private final ProgramViews programViews;
  private final EnrollmentViews views;
  private final ProgramInputs inputs;
  private final EligibilityReader eligibility;
  private final PageTokens pageTokens;

  public EnrollmentQueries(
      EnrollmentRepository enrollments,
      ProgramRepository programs,
      ProgramViews programViews,
      EnrollmentViews views,
      ProgramInputs inputs,
      EligibilityReader eligibility,
      PageTokens pageTokens) {
    this.enrollments = enrollments;
    this.programs = programs;
    this.programViews = programViews;
    this.views = views;
    this.inputs = inputs;
    this.eligibility = eligibility;
    this.pageTokens = pageTokens;
  }

  // ---- CheckEligibility -------------------------------------------------------------------------

  public Uni<Eligibility> check(CallerIdentity caller, String programId, String creatorId) {
    caller.requireSelfOrAnyRole(creatorId, EnrollmentRules.READERS);
    return Panache.withSession(() -> readable(caller, programId))
        .chain(
            program ->
                eligibility.evaluate(program, creatorId).map(ev -> new Evaluated(program, ev)))
        .chain(evaluated -> withEnrollmentState(evaluated, creatorId));
  }

  private Uni<ProgramView> readable(CallerIdentity caller, String programId) {
    return programs
        .readableBy(caller, programId, ProgramQueries.hidesDrafts(caller))
        .map(programViews::view);
  }

  private Uni<Eligibility> withEnrollmentState(Evaluated evaluated, String creatorId) {
    String programId = evaluated.program().programId();
    return Panache.withSession(() -> enrollments.of(programId, creatorId))
        .map(
            e ->
                new Eligibility(
                    evaluated.evaluation(),
                    evaluated.program().phase().state(),
                    e == null ? null : e.state));
  }

  // ---- GetEnrollment ----------------------------------------------------------------------------

  public Uni<EnrollmentView> get(CallerIdentity caller, String enrollmentId) {
    return Panache.withSession(() -> enrollments.existing(enrollmentId))
        .map(e -> EnrollmentCommands.owned(caller, e, EnrollmentRules.READERS))
        .map(views::view);
  }

  // ---- ListEnrollments --------------------------------------------------------------------------

  public Uni<Page<EnrollmentView>> list(CallerIdentity caller, ListEnrollments q) {
    Listing listing = listing(caller, q);
    return Panache.withSession(() -> programFilter(caller, q).chain(ignored -> page(listing)))
        .map(rows -> Page.of(rows, listing.size(), e -> token(listing, e)))
        .map(page -> page.map(views::view));
  }

  /**
   * The listing the caller may see: a creator only their own enrolments (the creator filter
   * defaults to them); a market filter must be a configured market in the caller's scope; without
   * one, the caller's markets (all for an unscoped caller).
   */
  private Listing listing(CallerIdentity caller, ListEnrollments q) {
    int size = PageSize.resolve(q.pageSize());
    boolean ownOnly = !caller.hasAnyRole(EnrollmentRules.READERS) && caller.hasRole(Role.CREATOR);
    String creatorId = ownOnly && q.creatorId().isEmpty() ? caller.subject() : q.creatorId();
    if (ownOnly) {
      caller.requireSelfOrAnyRole(creatorId, EnrollmentRules.READERS);
    }
    List<String> markets;
    if (q.market().isEmpty()) {
      markets = List.copyOf(new TreeSet<>(caller.marketScope()));
    } else {
      inputs.requireKnownMarket(q.market(), "market");
      caller.requireMarket(q.market());
      markets = List.of(q.market());
    }
    String query =
        "enrollments|program="
            + q.programId()
            + "|creator="
            + creatorId
            + "|markets="
            + String.join(",", markets)
            + "|state="
            + q.state();
    Cursor cursor = Cursor.parse(pageTokens.decode(q.pageToken(), query));
    return new Listing(q, creatorId, markets, query, cursor, size);
  }

  /** A programme filter must name a programme the caller may see (NOT_FOUND otherwise). */
  private Uni<Void> programFilter(CallerIdentity caller, ListEnrollments q) {
    if (q.programId().isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return programs
        .readableBy(caller, q.programId(), ProgramQueries.hidesDrafts(caller))
        .replaceWithVoid();
  }

  private Uni<List<EnrollmentEntity>> page(Listing l) {
    return enrollments.page(
        l.q().programId(),
        l.creatorId(),
        l.markets(),
        l.q().state(),
        l.cursor().time(),
        l.cursor().id(),
        l.size() + 1);
  }

  private String token(Listing listing, EnrollmentEntity last) {
    return pageTokens.encode(listing.query(), Cursor.after(last));
  }
}
