package io.creatorgov.creator.service;

import com.google.protobuf.Message;
import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.CreatorTier;
import io.creatorgov.common.v1.PolicyRef;
import io.creatorgov.creator.client.PolicyGateway;
import io.creatorgov.creator.domain.TierCalculator;
import io.creatorgov.creator.repository.CommissionRepositories;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.PerformanceSnapshotEntity;
import io.creatorgov.creator.repository.TierAssessmentEntity;
import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorEventType;
import io.creatorgov.creator.v1.PerformanceSnapshot;
import io.creatorgov.creator.v1.TierAssessment;
import io.creatorgov.creator.v1.TierChanged;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
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
  public record SnapshotRecorded(PerformanceSnapshot snapshot, TierAssessment assessment) {}

  /** A locked creator and the end of its newest recorded period, if any. */
  private record Loaded(CreatorEntity creator, Optional<Instant> latestPeriodEnd) {}

  /** The rows to store for a snapshot: the snapshot, and its assessment unless it is a backfill. */
  private record Recording(
      CreatorEntity creator,
      PerformanceSnapshot snapshot,
      PerformanceSnapshotEntity snapshotRow,
      TierAssessment assessment,
      TierAssessmentEntity assessmentRow,
      OffsetDateTime at) {}

  private final CreatorRepository creators;
  private final CommissionRepositories.Snapshots snapshots;
  private final CommissionRepositories.Assessments assessments;
  private final CreatorJournal journal;
  private final PolicyGateway policies;

  public TierCommands(
      CreatorRepository creators,
      CommissionRepositories.Snapshots snapshots,
      CommissionRepositories.Assessments assessments,
      CreatorJournal journal,
      PolicyGateway policies) {
    this.creators = creators;
    this.snapshots = snapshots;
    this.assessments = assessments;
    this.journal = journal;
    this.policies = policies;
  }

  public <R extends Message> Uni<R> recordSnapshot(
      CallerIdentity caller, RecordSnapshot cmd, Reply<SnapshotRecorded, R> reply) {
    Inputs.requireCreatorId(cmd.creatorId());
    checkSnapshot(cmd.snapshot());
    // 1. remote reads, no transaction open: the market's tier thresholds
    return thresholdsFor(cmd.creatorId())
        // 2. the transaction: database only
        .chain(
            thresholds ->
                CommandSteps.once(
                    "RecordPerformanceSnapshot",
                    caller,
                    cmd.requestId(),
                    reply,
                    () -> recordLocked(caller, cmd, thresholds)));
  }

  private static void checkSnapshot(PerformanceSnapshot s) {
    Violations v = new Violations();
    v.require(
        !s.hasPeriod() || !s.getPeriod().hasStartTime() || !s.getPeriod().hasEndTime(),
        "snapshot.period",
        "required: start_time and end_time");
    v.require(
        s.hasPeriod()
            && s.getPeriod().hasStartTime()
            && s.getPeriod().hasEndTime()
            && !ProtoTime.toInstant(s.getPeriod().getEndTime())
                .isAfter(ProtoTime.toInstant(s.getPeriod().getStartTime())),
        "snapshot.period.end_time",
        "must be after start_time");
    v.require(
        !s.hasGmv() || s.getGmv().getAmountMinor() < 0,
        "snapshot.gmv",
        "required, 0 or more (minor units)");
    v.require(
        !s.hasLiveDuration() || s.getLiveDuration().getSeconds() < 0,
        "snapshot.live_duration",
        "required, 0 or more");
    v.require(s.getOrders() < 0, "snapshot.orders", "0 or more");
    v.require(
        s.getQualityScore() < 0 || s.getQualityScore() > 1000, "snapshot.quality_score", "0-1000");
    v.throwIfAny();
  }

  /** The tier thresholds of the creator's home market; null when the creator does not exist. */
  private Uni<ResolvedPolicy> thresholdsFor(String creatorId) {
    return CommandSteps.forHomeMarket(
        creators, creatorId, market -> policies.resolve(TIERS_POLICY, market));
  }

  private Uni<SnapshotRecorded> recordLocked(
      CallerIdentity caller, RecordSnapshot cmd, ResolvedPolicy thresholds) {
    return creators
        .lockedFor(caller, cmd.creatorId())
        .invoke(TierCommands::requireNotOffboarded)
        .chain(this::withLatestPeriod)
        .map(loaded -> recording(caller, cmd, thresholds, loaded))
        .chain(recording -> persistRecording(caller, recording));
  }

  /** Decide: an offboarded creator's performance is no longer recorded. */
  private static void requireNotOffboarded(CreatorEntity c) {
    if (c.status.equals(CreatorStatus.CREATOR_STATUS_OFFBOARDED.name())) {
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
  private static Recording recording(
      CallerIdentity caller, RecordSnapshot cmd, ResolvedPolicy thresholds, Loaded loaded) {
    CreatorEntity c = loaded.creator();
    OffsetDateTime now = CommandSteps.now();
    AuditStamp stamp = CreatorJournal.stamp(caller, now, "", cmd.requestId());
    PerformanceSnapshot snapshot =
        cmd.snapshot().toBuilder()
            .setSnapshotId(CommandSteps.sortableId("ps_"))
            .setCreatorId(c.creatorId)
            .setRecorded(stamp)
            .build();
    PerformanceSnapshotEntity snapshotRow = snapshotRow(c, snapshot, now);
    if (!TierCalculator.isAssessed(
        ProtoTime.toInstant(snapshot.getPeriod().getEndTime()), loaded.latestPeriodEnd())) {
      // an older period (a backfill): stored, but the tier follows the newest period
      return new Recording(c, snapshot, snapshotRow, null, null, now);
    }
    PolicyRef policy = CommandSteps.policyRef(thresholds, c.market);
    CreatorTier previous = CreatorTier.valueOf(c.tier);
    TierCalculator.Assessment a =
        TierCalculator.assess(
            snapshot, thresholds.getContent().getTierThresholds(), policy, previous);
    TierAssessment assessment =
        TierAssessment.newBuilder()
            .setAssessmentId(CommandSteps.sortableId("ta_"))
            .setCreatorId(c.creatorId)
            .setTier(a.tier())
            .setPreviousTier(previous)
            .setTierChanged(a.tierChanged())
            .setSnapshotId(snapshot.getSnapshotId())
            .setThresholdsPolicy(policy)
            .setAssessTime(ProtoTime.of(now))
            .build();
    TierAssessmentEntity assessmentRow = new TierAssessmentEntity();
    assessmentRow.assessmentId = assessment.getAssessmentId();
    assessmentRow.creatorId = c.creatorId;
    assessmentRow.payload = assessment.toByteArray();
    assessmentRow.tierChanged = a.tierChanged();
    assessmentRow.assessTime = now;
    if (a.tierChanged()) {
      c.tier = a.tier().name();
      c.updateTime = now;
      c.lastChange = stamp.toByteArray();
    }
    return new Recording(c, snapshot, snapshotRow, assessment, assessmentRow, now);
  }

  private static PerformanceSnapshotEntity snapshotRow(
      CreatorEntity c, PerformanceSnapshot snapshot, OffsetDateTime now) {
    PerformanceSnapshotEntity row = new PerformanceSnapshotEntity();
    row.snapshotId = snapshot.getSnapshotId();
    row.creatorId = c.creatorId;
    row.payload = snapshot.toByteArray();
    row.periodEnd = ProtoTime.toOffsetDateTime(snapshot.getPeriod().getEndTime());
    row.createdAt = now;
    return row;
  }

  private Uni<SnapshotRecorded> persistRecording(CallerIdentity caller, Recording recording) {
    SnapshotRecorded recorded = new SnapshotRecorded(recording.snapshot(), recording.assessment());
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
    if (!recording.assessment().getTierChanged()) {
      return Uni.createFrom().voidItem();
    }
    CreatorEntity c = recording.creator();
    return journal.event(
        CreatorEvent.newBuilder()
            .setTierChanged(TierChanged.newBuilder().setAssessment(recording.assessment())),
        CreatorEventType.CREATOR_EVENT_TYPE_TIER_CHANGED,
        c.creatorId,
        c.market,
        caller,
        recording.at());
  }
}
