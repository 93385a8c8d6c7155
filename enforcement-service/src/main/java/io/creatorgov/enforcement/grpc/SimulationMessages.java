package io.creatorgov.enforcement.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.Actor;
import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.common.v1.PolicyRef;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.common.v1.StandingModelKind;
import io.creatorgov.common.v1.TimeWindow;
import io.creatorgov.enforcement.domain.Decision;
import io.creatorgov.enforcement.domain.DecisionBasis;
import io.creatorgov.enforcement.domain.RestrictionKind;
import io.creatorgov.enforcement.domain.SimulationDiff.ActionSummary;
import io.creatorgov.enforcement.domain.SimulationDiff.Change;
import io.creatorgov.enforcement.domain.SimulationDiff.DecisionChange;
import io.creatorgov.enforcement.domain.SimulationReplay;
import io.creatorgov.enforcement.domain.SimulationReplay.EndStanding;
import io.creatorgov.enforcement.domain.SimulationReplay.SimulatedDecision;
import io.creatorgov.enforcement.domain.SimulationReplay.Totals;
import io.creatorgov.enforcement.repository.SimulationEntity;
import io.creatorgov.enforcement.service.DecisionRecords;
import io.creatorgov.enforcement.service.SimulationForms.ViolationMeta;
import io.creatorgov.enforcement.service.Simulations;
import io.creatorgov.enforcement.v1.AppliedRule;
import io.creatorgov.enforcement.v1.RuleKind;
import io.creatorgov.enforcement.v1.SimulatedDecisionChange;
import io.creatorgov.enforcement.v1.SimulatedStanding;
import io.creatorgov.enforcement.v1.Simulation;
import io.creatorgov.enforcement.v1.SimulationChangeKind;
import io.creatorgov.enforcement.v1.SimulationResult;
import io.creatorgov.enforcement.v1.SimulationState;
import io.creatorgov.enforcement.v1.SimulationSummary;
import io.creatorgov.kit.time.ProtoTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Simulations, their totals and their per-creator results as the contract shows them. No I/O. */
final class SimulationMessages {
  private SimulationMessages() {}

  /** A simulation; {@code detailed} adds the per-market summaries (not in listings). */
  static Simulation simulation(SimulationEntity s, boolean detailed) {
    Simulation.Builder b =
        Simulation.newBuilder()
            .setSimulationId(s.simulationId)
            .setCandidate(
                PolicyRef.newBuilder().setPolicyKey(s.policyKey).setPolicyVersion(s.policyVersion))
            .setCandidateContentHash(s.candidateContentHash)
            .addAllMarkets(Arrays.asList(s.markets.split(",")))
            .setReplayWindow(
                TimeWindow.newBuilder()
                    .setStartTime(ProtoTime.of(s.windowStart))
                    .setEndTime(ProtoTime.of(s.windowEnd)))
            .setState(SimulationState.valueOf("SIMULATION_STATE_" + s.state))
            .setDone(Simulations.done(s.state))
            .setProgressPercent(s.progressPercent)
            .setError(s.state.equals("FAILED") ? EnforcementMessages.nz(s.error) : "")
            .setCreated(created(s));
    if (s.startAt != null) {
      b.setStartTime(ProtoTime.of(s.startAt));
    }
    if (s.endAt != null) {
      b.setEndTime(ProtoTime.of(s.endAt));
    }
    if (s.summary != null && s.summary.length > 0) {
      Simulation summary = parse(s.summary);
      b.setTotals(summary.getTotals())
          .addAllMissingViolationCodes(summary.getMissingViolationCodesList());
      if (detailed) {
        b.addAllPerMarket(summary.getPerMarketList());
      }
    }
    return b.build();
  }

  private static AuditStamp created(SimulationEntity s) {
    try {
      return AuditStamp.newBuilder()
          .setActor(Actor.parseFrom(s.createdActor))
          .setCommitTime(ProtoTime.of(s.createdAt))
          .setRequestId(s.createdRequestId)
          .build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored actor of simulation " + s.simulationId, e);
    }
  }

  private static Simulation parse(byte[] summary) {
    try {
      return Simulation.parseFrom(summary);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored simulation summary", e);
    }
  }

  /** The stored summary: overall totals, one summary per market and the missing codes. */
  static Simulation summary(Totals overall, Map<String, Totals> perMarket) {
    Simulation.Builder b =
        Simulation.newBuilder()
            .setTotals(summary("", overall))
            .addAllMissingViolationCodes(overall.missingCodes());
    perMarket.forEach((market, totals) -> b.addPerMarket(summary(market, totals)));
    return b.build();
  }

  static SimulationSummary summary(String market, Totals t) {
    SimulationSummary.Builder b =
        SimulationSummary.newBuilder()
            .setMarket(market)
            .setViolationsReplayed(t.violationsReplayed())
            .setCreatorsReplayed(t.creatorsReplayed())
            .setDecisionsChanged(t.decisionsChanged())
            .setCreatorsCrossingThreshold(t.creatorsCrossingThreshold())
            .setViolationsWithoutRule(t.violationsWithoutRule())
            .setCreatorsAdded(t.creatorsPerChange().get(Change.ADDED))
            .setCreatorsRemoved(t.creatorsPerChange().get(Change.REMOVED))
            .setCreatorsEscalated(t.creatorsPerChange().get(Change.ESCALATED))
            .setCreatorsDeEscalated(t.creatorsPerChange().get(Change.DE_ESCALATED))
            .setCreatorsChanged(t.creatorsPerChange().get(Change.CHANGED));
    t.actionTypeCounts()
        .forEach(
            (type, counts) ->
                b.addActionTypeCounts(
                    io.creatorgov.enforcement.v1.ActionTypeCount.newBuilder()
                        .setActionType(Vocabulary.actionType(type))
                        .setBeforeCount(counts[0])
                        .setAfterCount(counts[1])));
    return b.build();
  }

  /** One changed creator's result row. */
  static SimulationResult result(
      String market,
      SimulationReplay.Changed changed,
      Map<String, ViolationMeta> meta,
      String candidateKey,
      String standingKey) {
    EndStanding before = changed.replay().recorded();
    SimulationResult.Builder r =
        SimulationResult.newBuilder()
            .setCreatorId(changed.replay().creatorId())
            .setMarket(market)
            .setModelKind(
                before.healthRating()
                    ? StandingModelKind.STANDING_MODEL_KIND_HEALTH_RATING
                    : StandingModelKind.STANDING_MODEL_KIND_POINTS_LADDER)
            .setChangeKind(changeKind(changed.change().change()))
            .setBefore(standing(before))
            .setAfter(standing(changed.replay().simulated()));
    for (DecisionChange change : changed.change().decisionChanges()) {
      SimulatedDecision d =
          changed.replay().decisions().stream()
              .filter(x -> x.violation().violationId().equals(change.violationId()))
              .findFirst()
              .orElseThrow();
      r.addDecisionChanges(
          decisionChange(d, change, meta.get(change.violationId()), candidateKey, standingKey));
    }
    return r.build();
  }

  static SimulationChangeKind changeKind(Change change) {
    return SimulationChangeKind.valueOf("SIMULATION_CHANGE_KIND_" + change.name());
  }

  private static SimulatedDecisionChange decisionChange(
      SimulatedDecision d,
      DecisionChange change,
      ViolationMeta meta,
      String candidateKey,
      String standingKey) {
    SimulatedDecisionChange.Builder b =
        SimulatedDecisionChange.newBuilder()
            .setViolationId(d.violation().violationId())
            .setViolationCode(d.violation().code())
            .setObservedTime(ProtoTime.of(d.violation().observedTime()))
            .setBeforeActionId(meta.actionId())
            .setBeforePolicyVersion(meta.candidateKeyVersion());
    ActionSummary before = change.actual();
    if (before != null) {
      b.setBeforeActionType(Vocabulary.actionType(before.type()))
          .addAllBeforeRestrictionTypes(restrictions(before.restrictions()));
      if (before.duration() != null) {
        b.setBeforeDuration(ProtoTime.of(before.duration()));
      }
    }
    ActionSummary after = change.simulated();
    if (after != null) {
      b.setAfterActionType(Vocabulary.actionType(after.type()))
          .addAllAfterRestrictionTypes(restrictions(after.restrictions()));
      if (after.duration() != null) {
        b.setAfterDuration(ProtoTime.of(after.duration()));
      }
    }
    if (d.decision() != null) {
      b.setAfterRule(rule(d.decision(), d.violation().code(), meta.catalogueKey(), standingKey));
    }
    return b.build();
  }

  private static AppliedRule rule(
      Decision decision, String code, String catalogueKey, String standingKey) {
    var fired = decision.determinativeRule();
    String ref = DecisionRecords.ruleRef(fired, code);
    return AppliedRule.newBuilder()
        .setKind(RuleKind.valueOf("RULE_KIND_" + DecisionRecords.ruleKind(fired.basis())))
        .setPolicyKey(fired.basis() == DecisionBasis.DEFAULT ? catalogueKey : standingKey)
        .setRuleRef(ref)
        .setDescription(DecisionRecords.describe(fired.consequence()))
        .setDeterminative(true)
        .build();
  }

  private static SimulatedStanding standing(EndStanding s) {
    SimulatedStanding.Builder b = SimulatedStanding.newBuilder();
    if (s.healthRating()) {
      b.setScore(s.value());
    } else {
      b.setActivePoints(s.value());
    }
    if (s.thresholdReached() != null) {
      b.setThresholdReached(
          EnforcementMessages.threshold(s.thresholdReached(), s.thresholdConsequence()));
    }
    return b.build();
  }

  private static List<RestrictionType> restrictions(Set<RestrictionKind> kinds) {
    return kinds.stream().map(k -> Vocabulary.restrictionType(k)).toList();
  }
}
