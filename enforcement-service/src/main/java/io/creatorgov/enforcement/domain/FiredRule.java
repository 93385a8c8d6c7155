package io.creatorgov.enforcement.domain;

import java.util.Objects;

/**
 * A rule that fired while deciding (the contract's {@code AppliedRule}, without the policy
 * references the caller adds).
 *
 * @param basis the kind of rule
 * @param index the rule's position in its policy list: {@code thresholds[index]}, {@code
 *     milestones[index]} or {@code repeat_offence_rules[index]}; -1 for {@link
 *     DecisionBasis#DEFAULT} (the catalogue entry, referenced by its code)
 * @param consequence the consequence the rule prescribes
 * @param determinative true for the single rule whose consequence was chosen
 */
public record FiredRule(
    DecisionBasis basis, int index, Consequence consequence, boolean determinative) {

  public FiredRule {
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(consequence, "consequence");
  }

  /**
   * Where in its policy this rule is, as statements of reasons cite it ({@code
   * AppliedRule.rule_ref}): the catalogue entry of {@code code} for {@link DecisionBasis#DEFAULT},
   * else the standing rule's position.
   */
  public String ref(String code) {
    return switch (basis) {
      case DEFAULT -> "violation_catalogue.entries[\"" + code + "\"]";
      case LADDER_THRESHOLD -> "standing_model.points_ladder.thresholds[" + index + "]";
      case HEALTH_MILESTONE -> "standing_model.health_rating.milestones[" + index + "]";
      case REPEAT_OFFENCE -> "standing_model.repeat_offence_rules[" + index + "]";
    };
  }
}
