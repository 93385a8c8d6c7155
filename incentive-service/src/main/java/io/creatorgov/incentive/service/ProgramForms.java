package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.Eligibility;
import io.creatorgov.incentive.domain.PausedInterval;
import io.creatorgov.incentive.domain.RewardRule;
import io.creatorgov.kit.auth.CallerIdentity;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * How a programme's structured settings and audit stamps are kept in their rows' payload columns.
 * The stored form is the contract's messages, so the API returns them as stored; the API layer
 * implements it (grpc/ProtoProgramForms), service/ only hands over domain values.
 */
public interface ProgramForms {

  /** The audit stamp of a change {@code caller} makes at {@code at}. */
  byte[] stamp(CallerIdentity caller, OffsetDateTime at, String reason, String requestId);

  byte[] rewards(List<RewardRule> rewards);

  List<RewardRule> rewards(byte[] stored);

  byte[] eligibility(Eligibility eligibility);

  Eligibility eligibility(byte[] stored);

  byte[] pausedIntervals(List<PausedInterval> intervals);

  List<PausedInterval> pausedIntervals(byte[] stored);
}
