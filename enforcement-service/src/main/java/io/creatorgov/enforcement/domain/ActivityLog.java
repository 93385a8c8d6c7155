package io.creatorgov.enforcement.domain;

import java.time.Instant;

/**
 * Whether a creator had qualifying activity (a live session or an attributed order) in a period,
 * the condition for health-rating earn-back.
 */
@FunctionalInterface
public interface ActivityLog {

  /**
   * Assumes activity in every period. The documented assumption while enforcement-service has no
   * activity data: a creator without violations is treated as active, so a compliant creator's
   * score recovers rather than staying penalised for data we lack.
   */
  ActivityLog ALWAYS = (from, to) -> true;

  /** No activity in any period: nothing is ever earned back. */
  ActivityLog NEVER = (from, to) -> false;

  /** Whether there was at least one qualifying activity in {@code [from, to)}. */
  boolean hadQualifyingActivity(Instant from, Instant to);
}
