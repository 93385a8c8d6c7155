package io.creatorgov.enforcement.domain;

import java.util.Objects;

/**
 * One violation code of the market's catalogue, as resolved for the decision.
 *
 * @param code the stable UPPER_SNAKE_CASE code
 * @param title short human-readable name
 * @param severity how serious the violation is
 * @param points points added per confirmed violation under a points ladder (0 or more)
 * @param healthDeduction score deducted per confirmed violation under a health rating (0 or more)
 * @param defaultConsequence what a single occurrence brings before the standing model applies
 * @param statementTemplate the statement-of-reasons template ({@link StatementOfReasons})
 * @param groundType the legal basis category
 * @param legalReference the legal provision or terms clause relied on
 * @param category the violation category's name (for example {@code
 *     INTELLECTUAL_PROPERTY_INFRINGEMENTS}); copied into statements, not interpreted here
 */
public record CatalogueEntry(
    String code,
    String title,
    Severity severity,
    int points,
    int healthDeduction,
    Consequence defaultConsequence,
    String statementTemplate,
    GroundType groundType,
    String legalReference,
    String category) {

  public CatalogueEntry {
    Objects.requireNonNull(code, "code");
    Checks.require(
        !code.isBlank() && !RepeatOffenceRule.ANY_CODE.equals(code), "invalid code " + code);
    Objects.requireNonNull(severity, "severity");
    Checks.require(points >= 0, "points must not be negative");
    Checks.require(healthDeduction >= 0, "health deduction must not be negative");
    Objects.requireNonNull(defaultConsequence, "defaultConsequence");
    Objects.requireNonNull(groundType, "groundType");
  }
}
