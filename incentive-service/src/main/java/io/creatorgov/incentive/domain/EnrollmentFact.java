package io.creatorgov.incentive.domain;

/**
 * What the creator and enforcement feeds tell incentive-service about a creator, in the domain's
 * words ({@link EnrollmentReactions} decides what each means for an enrolment). {@code actionId} is
 * the enforcement action behind the fact, empty when none is named.
 */
public sealed interface EnrollmentFact {

  String creatorId();

  /** The enforcement action the fact is about; empty when none. */
  String actionId();

  /** creator feed STATUS_CHANGED to SUSPENDED (a new suspension or an extension). */
  record CreatorSuspended(String creatorId, String actionId) implements EnrollmentFact {}

  /** creator feed STATUS_CHANGED to BANNED. */
  record CreatorBanned(String creatorId, String actionId) implements EnrollmentFact {}

  /** creator feed STATUS_CHANGED to OFFBOARDED. */
  record CreatorOffboarded(String creatorId, String actionId) implements EnrollmentFact {}

  /** creator feed RESTRICTION_APPLIED of a CAMPAIGN_INELIGIBLE restriction. */
  record CampaignIneligible(String creatorId, String actionId, String restrictionId)
      implements EnrollmentFact {}

  /**
   * creator feed STATUS_CHANGED out of SUSPENDED that is neither an appeal nor a reversal: the
   * suspension ran out (SUSPENSION_EXPIRED) or an operator ended it early (REINSTATED without an
   * appeal or reversal basis).
   */
  record SuspensionEnded(String creatorId, String actionId) implements EnrollmentFact {}

  /**
   * enforcement feed ACTION_OVERTURNED or ACTION_MODIFIED ({@link Undo#APPEAL}) or ACTION_REVERSED
   * ({@link Undo#REVERSAL}): the action no longer stands.
   */
  record ActionUndone(String creatorId, String actionId, Undo undo) implements EnrollmentFact {}

  /**
   * enforcement feed APPEAL_DECIDED or APPEAL_WITHDRAWN: the appeal is closed. No enrolment moves
   * (an overturn moves them through {@link ActionUndone}); settlement payouts held back for the
   * appeal are released.
   */
  record AppealClosed(String creatorId, String actionId, String appealId, boolean overturned)
      implements EnrollmentFact {}

  /** How an enforcement action was undone. */
  enum Undo {
    /** Overturned (or replaced by a modified action) on appeal. */
    APPEAL,
    /** Reversed outside an appeal. */
    REVERSAL;

    public EnrollmentStateReason reason() {
      return this == APPEAL
          ? EnrollmentStateReason.REINSTATED_AFTER_APPEAL
          : EnrollmentStateReason.REINSTATED_AFTER_REVERSAL;
    }
  }
}
