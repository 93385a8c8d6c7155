package io.creatorgov.incentive.domain;

import java.util.List;

/**
 * What a programme offers, to whom and on which money: every setting CreateProgram takes and
 * UpdateProgram may change. Values are as the caller gave them until {@link ProgramRules} accepts
 * them.
 *
 * @param budget null when the programme has no budget (every reward a traffic boost)
 * @param suspensionRule null when the request left it out
 */
public record ProgramTerms(
    String displayName,
    String description,
    String market,
    ProgramWindow window,
    List<RewardRule> rewards,
    Eligibility eligibility,
    Budget budget,
    SuspensionRule suspensionRule) {

  public ProgramTerms {
    displayName = displayName == null ? "" : displayName;
    description = description == null ? "" : description;
    market = market == null ? "" : market;
    window = window == null ? new ProgramWindow(null, null) : window;
    rewards = List.copyOf(rewards);
    eligibility = eligibility == null ? Eligibility.none() : eligibility;
  }

  /** Whether any reward is paid from the budget. */
  public boolean monetary() {
    return rewards.stream().anyMatch(r -> r.kind() != null && r.kind().monetary());
  }

  /** The same terms with the display name trimmed (names are compared and stored trimmed). */
  public ProgramTerms trimmed() {
    return new ProgramTerms(
        displayName.strip(),
        description,
        market,
        window,
        rewards,
        eligibility,
        budget,
        suspensionRule);
  }
}
