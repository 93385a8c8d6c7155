package io.creatorgov.enforcement.domain;

/**
 * The kind of enforcement action, mildest first: the declaration order is the severity order, as in
 * the contract's {@code EnforcementActionType} numbering (WARNING = 1 … BAN = 7).
 */
public enum ActionType {
  /** A recorded warning; no capability is limited. */
  WARNING,
  /** The offending content is taken down. */
  CONTENT_REMOVAL,
  /** The live stream in progress is stopped; live is disabled for the duration. */
  LIVE_INTERRUPTION,
  /** Recommendation traffic is limited for the duration. */
  TRAFFIC_RESTRICTION,
  /** Commission is frozen and pending commission held. */
  COMMISSION_FREEZE,
  /** The creator is suspended until the end of the duration. */
  SUSPENSION,
  /** The creator is banned; reversible only by an overturned appeal or a reversal. */
  BAN;

  /** Whether this type is more severe than {@code other} (declaration order). */
  public boolean moreSevereThan(ActionType other) {
    return compareTo(other) > 0;
  }

  /**
   * Whether this action restricts the creator beyond a warning. The simulation's ADDED and REMOVED
   * kinds are defined by it; CONTENT_REMOVAL counts, being a visibility restriction (a statement of
   * reasons has no restriction category only for a WARNING).
   */
  public boolean restricting() {
    return this != WARNING;
  }
}
