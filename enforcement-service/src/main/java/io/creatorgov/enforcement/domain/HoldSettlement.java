package io.creatorgov.enforcement.domain;

/**
 * Why a commission hold was settled, and whether that pays the held commission to the creator
 * (RELEASED) or lets the platform keep it (FORFEITED).
 */
public enum HoldSettlement {
  APPEAL_OVERTURNED(true),
  ACTION_REVERSED(true),
  NOT_APPEALED(false),
  APPEAL_UPHELD(false),
  APPEAL_WITHDRAWN(false),
  APPEAL_MODIFIED(true);

  private final boolean releases;

  HoldSettlement(boolean releases) {
    this.releases = releases;
  }

  public boolean releases() {
    return releases;
  }

  /** The hold's state after this settlement: {@code RELEASED} or {@code FORFEITED}. */
  public String resultState() {
    return releases ? "RELEASED" : "FORFEITED";
  }
}
