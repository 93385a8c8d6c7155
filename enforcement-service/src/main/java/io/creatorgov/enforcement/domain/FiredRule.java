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
}
