package io.creatorgov.enforcement.domain;

/** A reviewer's outcome, the appeal state it leads to and what happens to the action's money. */
public enum AppealOutcome {
  /** The action stands; a held commission is forfeited. */
  UPHOLD(AppealState.UPHELD, HoldSettlement.APPEAL_UPHELD),
  /** The action is undone with every effect, standing included; a held commission is released. */
  OVERTURN(AppealState.OVERTURNED, HoldSettlement.APPEAL_OVERTURNED),
  /** The action is undone and replaced; the violation keeps counting; its hold is released. */
  MODIFY(AppealState.MODIFIED, HoldSettlement.APPEAL_MODIFIED);

  private final AppealState result;
  private final HoldSettlement settlement;

  AppealOutcome(AppealState result, HoldSettlement settlement) {
    this.result = result;
    this.settlement = settlement;
  }

  public AppealState result() {
    return result;
  }

  /** How the appealed action's commission hold is settled by this outcome. */
  public HoldSettlement settlement() {
    return settlement;
  }

  /** Whether the appealed action's effects are undone in creator-service. */
  public boolean undoesTheAction() {
    return this != UPHOLD;
  }
}
