package io.creatorgov.incentive.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.incentive.domain.Eligibility;
import io.creatorgov.incentive.domain.PausedInterval;
import io.creatorgov.incentive.domain.RewardRule;
import io.creatorgov.incentive.service.ProgramForms;
import io.creatorgov.incentive.v1.EligibilityCriteria;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.kit.auth.CallerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A programme's parts stored as the contract's messages: reward rules and paused intervals as a
 * {@link Program} holding only them, eligibility as {@link EligibilityCriteria}, stamps as {@code
 * AuditStamp}.
 */
@ApplicationScoped
public class ProtoProgramForms implements ProgramForms {

  @Override
  public byte[] stamp(CallerIdentity caller, OffsetDateTime at, String reason, String requestId) {
    return caller.stamp(at, reason, requestId).toByteArray();
  }

  @Override
  public byte[] rewards(List<RewardRule> rewards) {
    Program.Builder p = Program.newBuilder();
    rewards.forEach(r -> p.addRewards(ProgramMessages.reward(r)));
    return p.build().toByteArray();
  }

  @Override
  public List<RewardRule> rewards(byte[] stored) {
    return ProgramMessages.rewards(parseProgram(stored).getRewardsList());
  }

  @Override
  public byte[] eligibility(Eligibility eligibility) {
    return ProgramMessages.eligibility(eligibility).toByteArray();
  }

  @Override
  public Eligibility eligibility(byte[] stored) {
    try {
      return ProgramMessages.eligibility(true, EligibilityCriteria.parseFrom(stored));
    } catch (InvalidProtocolBufferException e) {
      throw corrupt(e);
    }
  }

  @Override
  public byte[] pausedIntervals(List<PausedInterval> intervals) {
    Program.Builder p = Program.newBuilder();
    intervals.forEach(i -> p.addPausedIntervals(ProgramMessages.interval(i)));
    return p.build().toByteArray();
  }

  @Override
  public List<PausedInterval> pausedIntervals(byte[] stored) {
    return ProgramMessages.pausedIntervals(parseProgram(stored).getPausedIntervalsList());
  }

  private static Program parseProgram(byte[] stored) {
    try {
      return Program.parseFrom(stored);
    } catch (InvalidProtocolBufferException e) {
      throw corrupt(e);
    }
  }

  private static IllegalStateException corrupt(InvalidProtocolBufferException e) {
    return new IllegalStateException("a stored programme part is corrupt", e);
  }
}
