package io.creatorgov.incentive.grpc;

import io.creatorgov.incentive.domain.ProgramTerms;
import io.creatorgov.incentive.service.ProgramCommands;
import io.creatorgov.incentive.service.ProgramQueries;
import io.creatorgov.incentive.v1.ActivateProgramRequest;
import io.creatorgov.incentive.v1.CreateProgramRequest;
import io.creatorgov.incentive.v1.EndProgramRequest;
import io.creatorgov.incentive.v1.ListProgramsRequest;
import io.creatorgov.incentive.v1.PauseProgramRequest;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.UpdateProgramRequest;

/** Programme requests into the use cases' inputs. Output-only fields of a Program are ignored. */
final class ProgramRequests {
  private ProgramRequests() {}

  static ProgramCommands.Create create(CreateProgramRequest r) {
    return new ProgramCommands.Create(r.getRequestId(), terms(r.getProgram()));
  }

  static ProgramCommands.Update update(UpdateProgramRequest r) {
    return new ProgramCommands.Update(
        r.getRequestId(),
        r.getProgramId(),
        r.getEtag(),
        r.getUpdateMask().getPathsList(),
        terms(r.getProgram()));
  }

  static ProgramCommands.ChangeState activate(ActivateProgramRequest r) {
    return new ProgramCommands.ChangeState(r.getRequestId(), r.getProgramId(), r.getEtag(), "");
  }

  static ProgramCommands.ChangeState pause(PauseProgramRequest r) {
    return new ProgramCommands.ChangeState(
        r.getRequestId(), r.getProgramId(), r.getEtag(), r.getReason());
  }

  static ProgramCommands.ChangeState end(EndProgramRequest r) {
    return new ProgramCommands.ChangeState(
        r.getRequestId(), r.getProgramId(), r.getEtag(), r.getReason());
  }

  static ProgramQueries.ListPrograms list(ListProgramsRequest r) {
    return new ProgramQueries.ListPrograms(
        r.getPageSize(),
        r.getPageToken(),
        r.getMarket(),
        ProgramMessages.stateFilter(r.getState()));
  }

  /** The settings a request's programme carries, as given (the service checks them). */
  static ProgramTerms terms(Program p) {
    return new ProgramTerms(
        p.getDisplayName(),
        p.getDescription(),
        p.getMarket(),
        ProgramMessages.window(p.hasWindow(), p.getWindow()),
        ProgramMessages.rewards(p.getRewardsList()),
        ProgramMessages.eligibility(p.hasEligibility(), p.getEligibility()),
        ProgramMessages.budget(p.hasBudget(), p.getBudget()),
        ProgramMessages.suspensionRule(p.getSuspensionSettlementRule()));
  }
}
