package io.creatorgov.incentive.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.common.v1.AuditStamp;
import io.creatorgov.incentive.domain.ProgramLifecycle.Phase;
import io.creatorgov.incentive.domain.ProgramTerms;
import io.creatorgov.incentive.service.Page;
import io.creatorgov.incentive.service.ProgramView;
import io.creatorgov.incentive.v1.ActivateProgramResponse;
import io.creatorgov.incentive.v1.CreateProgramResponse;
import io.creatorgov.incentive.v1.EndProgramResponse;
import io.creatorgov.incentive.v1.GetProgramResponse;
import io.creatorgov.incentive.v1.ListProgramsResponse;
import io.creatorgov.incentive.v1.PauseProgramResponse;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.UpdateProgramResponse;
import io.creatorgov.kit.time.ProtoTime;

/** Programme views into responses. */
final class ProgramResponses {
  private ProgramResponses() {}

  static CreateProgramResponse created(ProgramView v) {
    return CreateProgramResponse.newBuilder().setProgram(program(v)).build();
  }

  static GetProgramResponse found(ProgramView v) {
    return GetProgramResponse.newBuilder().setProgram(program(v)).build();
  }

  static ListProgramsResponse programs(Page<ProgramView> page) {
    ListProgramsResponse.Builder r =
        ListProgramsResponse.newBuilder().setNextPageToken(page.nextPageToken());
    page.items().forEach(v -> r.addPrograms(program(v)));
    return r.build();
  }

  static UpdateProgramResponse updated(ProgramView v) {
    return UpdateProgramResponse.newBuilder().setProgram(program(v)).build();
  }

  static ActivateProgramResponse activated(ProgramView v) {
    return ActivateProgramResponse.newBuilder().setProgram(program(v)).build();
  }

  static PauseProgramResponse paused(ProgramView v) {
    return PauseProgramResponse.newBuilder().setProgram(program(v)).build();
  }

  static EndProgramResponse ended(ProgramView v) {
    return EndProgramResponse.newBuilder().setProgram(program(v)).build();
  }

  static Program program(ProgramView v) {
    ProgramTerms t = v.terms();
    Phase phase = v.phase();
    Program.Builder p =
        Program.newBuilder()
            .setProgramId(v.programId())
            .setDisplayName(t.displayName())
            .setDescription(t.description())
            .setMarket(t.market())
            .setCurrencyCode(v.currencyCode())
            .setWindow(ProgramMessages.window(t.window()))
            .setEligibility(ProgramMessages.eligibility(t.eligibility()))
            .setSuspensionSettlementRule(ProgramMessages.suspensionRule(t.suspensionRule()))
            .setState(ProgramMessages.state(phase.state()))
            .setSettlementId(v.settlementId())
            .setEtag(v.etag())
            .setCreateTime(ProtoTime.of(v.createTime()))
            .setUpdateTime(ProtoTime.of(v.updateTime()))
            .setCreated(stamp(v.created()))
            .setLastUpdated(stamp(v.lastUpdated()));
    t.rewards().forEach(r -> p.addRewards(ProgramMessages.reward(r)));
    if (t.budget() != null) {
      p.setBudget(ProgramMessages.budget(t.budget()));
    }
    phase.pausedIntervals().forEach(i -> p.addPausedIntervals(ProgramMessages.interval(i)));
    if (phase.activateTime() != null) {
      p.setActivateTime(ProtoTime.of(phase.activateTime()));
    }
    if (phase.endedTime() != null) {
      p.setEndedTime(ProtoTime.of(phase.endedTime()));
    }
    return p.build();
  }

  private static AuditStamp stamp(byte[] stored) {
    try {
      return AuditStamp.parseFrom(stored);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a stored audit stamp is corrupt", e);
    }
  }
}
