package io.creatorgov.incentive.domain;

/**
 * A cumulative GMV threshold (inclusive) and the cash earned on reaching it; either may be null
 * when the request left it out ({@link ProgramRules} reports it).
 */
public record GmvMilestone(Money gmvThreshold, Money cashReward) {}
