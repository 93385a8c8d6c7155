package io.creatorgov.creator.service;

import io.creatorgov.creator.client.PolicyGateway;
import io.creatorgov.creator.client.Resolved;
import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.CreatorTier;
import io.creatorgov.creator.domain.PerformanceSnapshot;
import io.creatorgov.creator.domain.TierAssessment;
import io.creatorgov.creator.domain.TierCalculator;
import io.creatorgov.creator.domain.TierThresholds;
import io.creatorgov.creator.repository.CommissionRepositories;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.PerformanceSnapshotEntity;
import io.creatorgov.creator.repository.TierAssessmentEntity;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.idempotency.Reply;
import io.creatorgov.kit.ids.ResourceIds;
import io.creatorgov.kit.time.StoredTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * RecordPerformanceSnapshot: performance snapshots assessed against the market's tier thresholds
 * from policy-service (resolved before the transaction opens), the tier history kept and a tier
 * change announced. Idempotent by request id; serializes on the creator row.
 */
@ApplicationScoped
public class TierCommands {
  static final String TIERS_POLICY = "creator.tiers";

  /** RecordPerformanceSnapshot's input. */
  public record RecordSnapshot(String requestId, String creatorId, PerformanceSnapshot snapshot) {}

  /**
   * The stored snapshot and its assessment (null for the snapshot of an older period than the
   * newest: stored, but the tier follows the newest period).
   */
  public record SnapshotRecorded(
      PerformanceSnapshotEntity snapshot, TierAssessmentEntity assessment) {}

  /** A locked creator and the end of its newest recorded period, if any. */
  private record Loaded(CreatorEntity creator, Optional<Instant> latestPeriodEnd) {}

  /** The rows to store for a snapshot: the snapshot, and its assessment unless it is a backfill. */
  private record Recording(
      CreatorEntity creator,
      PerformanceSnapshotEntity snapshotRow,
      TierAssessment assessment,
      TierAssessmentEntity assessmentRow,
      OffsetDateTime at) {}

  private final CreatorRepository creators;
  private final CommissionRepositories.Snapshots snapshots;
  private final CommissionRepositories.Assessments assessments;
  private final CreatorJournal journal;
  private final PolicyGateway policies;
  private final StoredForms forms;

  public TierCommands(
      CreatorRepository creators,
      CommissionRepositories.Snapshots snapshots,
      CommissionRepositories.Assessments assessments,
      CreatorJournal journal,
      PolicyGateway policies,
      StoredForms forms) {
    this.creators = creators;
    this.snapshots = snapshots;
    this.assessments = assessments;
    this.journal = journal;
    this.policies = policies;
    this.forms = forms;
  }

  public <R> Uni<R> recordSnapshot(
      CallerIdentity caller, RecordSnapshot cmd, Reply<SnapshotRecorded, R> reply) {
    Inputs.requireCreatorId(cmd.creatorId());
    checkSnapshot(cmd.snapshot());
    // 1. remote reads, no transaction open: the market's tier thresholds
    //    (a replay is answered as stored before them, even while their peers are down)
    // 2. the transaction: database only
    return Reply.onceAfter(
        "RecordPerformanceSnapshot",
        caller,
        cmd.requestId(),
        reply,
        () -> thresholdsFor(cmd.creatorId()),
        thresholds -> recordLocked(caller, cmd, thresholds));
  }

  private static void checkSnapshot(PerformanceSnapshot s) {
    Violations v = new Violations();
    v.require(
        s.periodStart() == null || s.periodEnd() == null,
        "snapshot.period",
        "required: start_time and end_time");
    v.require(
        s.periodStart() != null && s.periodEnd() != null && !s.periodEnd().isAfter(s.periodStart()),
        "snapshot.period.end_time",
        "must be after start_time");
    v.require(
        s.gmv() == null || s.gmv().amountMinor() < 0,
        "snapshot.gmv",
        "required, 0 or more (minor units)");
    v.require(
        s.liveDuration() == null || s.liveDuration().isNegative(),
        "snapshot.live_duration",
        "required, 0 or more");
    v.require(s.orders() < 0, "snapshot.orders", "0 or more");
    v.require(s.qualityScore() < 0 || s.qualityScore() > 1000, "snapshot.quality_score", "0-1000");
    v.throwIfAny();
  }

  /** The tier thresholds of the creator's home market; null when the creator does not exist. */
  private Uni<Resolved<TierThresholds>> thresholdsFor(String creatorId) {
    return CommandSteps.forHomeMarket(
        creators, creatorId, market -> policies.tierThresholds(TIERS_POLICY, market));
  }

  private Uni<SnapshotRecorded> recordLocked(
      CallerIdentity caller, RecordSnapshot cmd, Resolved<TierThresholds> thresholds) {
    return creators
        .lockedFor(caller, cmd.creatorId())
        .invoke(TierCommands::requireNotOffboarded)
        .chain(this::withLatestPeriod)
        .map(loaded -> recording(caller, cmd, thresholds, loaded))
        .chain(recording -> persistRecording(caller, recording));
  }

  /** Decide: an offboarded creator's performance is no longer recorded. */
  private static void requireNotOffboarded(CreatorEntity c) {
    if (c.status == CreatorStatus.OFFBOARDED) {
      throw ApiException.notAllowedInState("OFFBOARDED", "recording performance");
    }
  }

  private Uni<Loaded> withLatestPeriod(CreatorEntity c) {
    return snapshots
        .latest(c.creatorId)
        .map(
            latest ->
                new Loaded(
                    c,
                    latest == null ? Optional.empty() : Optional.of(latest.periodEnd.toInstant())));
  }

  /**
   * Decide: the snapshot as stored (id, creator, who recorded it) and, for the newest period, its
   * assessment against the thresholds ({@link TierCalculator}); a tier change moves the creator.
   */
  private Recording recording(
      CallerIdentity caller,
      RecordSnapshot cmd,
      Resolved<TierThresholds> thresholds,
      Loaded loaded) {
    CreatorEntity c = loaded.creator();
    OffsetDateTime now = StoredTime.now();
    byte[] stamp = journal.stamp(caller, now, "", cmd.requestId());
    PerformanceSnapshot snapshot =
        cmd.snapshot().recordedAs(ResourceIds.sortable("ps_"), c.creatorId);
    PerformanceSnapshotEntity snapshotRow = snapshotRow(c, snapshot, stamp, now);
    if (!TierCalculator.isAssessed(snapshot.periodEnd(), loaded.latestPeriodEnd())) {
      // an older period (a backfill): stored, but the tier follows the newest period
      return new Recording(c, snapshotRow, null, null, now);
    }
    CreatorTier previous = c.tier;
    TierCalculator.Assessment a =
        TierCalculator.assess(snapshot, thresholds.content(), thresholds.policy(), previous);
    TierAssessment assessment =
        new TierAssessment(
            ResourceIds.sortable("ta_"),
            c.creatorId,
            a.tier(),
            previous,
            a.tierChanged(),
            snapshot.snapshotId(),
            thresholds.policy(),
            now.toInstant());
    TierAssessmentEntity assessmentRow = new TierAssessmentEntity();
    assessmentRow.assessmentId = assessment.assessmentId();
    assessmentRow.creatorId = c.creatorId;
    assessmentRow.payload = forms.assessment(assessment);
    assessmentRow.tierChanged = a.tierChanged();
    assessmentRow.assessTime = now;
    if (a.tierChanged()) {
      c.tier = a.tier();
      c.updateTime = now;
      c.lastChange = stamp;
    }
    return new Recording(c, snapshotRow, assessment, assessmentRow, now);
  }

  private PerformanceSnapshotEntity snapshotRow(
      CreatorEntity c, PerformanceSnapshot snapshot, byte[] recorded, OffsetDateTime now) {
    PerformanceSnapshotEntity row = new PerformanceSnapshotEntity();
    row.snapshotId = snapshot.snapshotId();
    row.creatorId = c.creatorId;
    row.payload = forms.snapshot(snapshot, recorded);
    row.periodEnd = snapshot.periodEnd().atOffset(ZoneOffset.UTC);
    row.createdAt = now;
    return row;
  }

  private Uni<SnapshotRecorded> persistRecording(CallerIdentity caller, Recording recording) {
    SnapshotRecorded recorded =
        new SnapshotRecorded(recording.snapshotRow(), recording.assessmentRow());
    if (recording.assessment() == null) {
      return snapshots.persist(recording.snapshotRow()).replaceWith(recorded);
    }
    return snapshots
        .persist(recording.snapshotRow())
        .chain(() -> assessments.persist(recording.assessmentRow()))
        .call(() -> creators.flush())
        .call(() -> announceTierChange(caller, recording))
        .replaceWith(recorded);
  }

  private Uni<Void> announceTierChange(CallerIdentity caller, Recording recording) {
    if (!recording.assessment().tierChanged()) {
      return Uni.createFrom().voidItem();
    }
    CreatorEntity c = recording.creator();
    return journal.event(
        new FeedChange.TierChanged(recording.assessment()),
        c.creatorId,
        c.market,
        caller,
        recording.at());
  }
}
