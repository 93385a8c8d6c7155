package io.creatorgov.enforcement.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link StandingCalculator#decide}: the chosen consequence, why, and how the
 * violation moved the creator's standing.
 *
 * @param consequence the consequence to apply: the most severe of the catalogue default, the
 *     standing rule (threshold or milestone) and the repeat-offence escalations that fired
 * @param basis the kind of rule that determined it
 * @param pointsBefore points ladder: active points just before the violation (0 under a health
 *     rating)
 * @param pointsAfter points ladder: active points with the violation (0 under a health rating)
 * @param pointsExpireTime points ladder: when this violation's points stop counting; null under a
 *     health rating
 * @param scoreBefore health rating: score just before the violation, earn-back included (0 under a
 *     points ladder)
 * @param scoreAfter health rating: score after the deduction (0 under a points ladder)
 * @param repeatOffence whether a repeat-offence rule fired (its occurrences were reached)
 * @param repeatCount the occurrences, this violation included, counted by the most relevant
 *     repeat-offence rule: the most severe one that fired; else the code-specific rule matching
 *     this code with the highest count; else a {@code *} rule's highest count; 1 when no rule
 *     matches the code
 * @param thresholdReached the ladder threshold's points or the milestone's score newly reached by
 *     this violation (reported whether or not it determined the consequence); null if none
 * @param rulesFired every rule that fired, the catalogue default first, then the standing rule,
 *     then the repeat-offence rules in policy order; exactly one is determinative
 */
public record Decision(
    Consequence consequence,
    DecisionBasis basis,
    int pointsBefore,
    int pointsAfter,
    Instant pointsExpireTime,
    int scoreBefore,
    int scoreAfter,
    boolean repeatOffence,
    int repeatCount,
    Integer thresholdReached,
    List<FiredRule> rulesFired) {

  public Decision {
    Objects.requireNonNull(consequence, "consequence");
    Objects.requireNonNull(basis, "basis");
    rulesFired = List.copyOf(rulesFired);
  }

  /** The rule whose consequence was chosen. */
  public FiredRule determinativeRule() {
    return rulesFired.stream().filter(FiredRule::determinative).findFirst().orElseThrow();
  }
}
