package io.creatorgov.enforcement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatementOfReasonsTest {
  private static final String SEED_EXCERPT =
      "Hello {{creator_handle}}, we have taken action on your account.\n\n"
          + "Ground: rule {{violation_code}} ({{violation_title}}) of policy {{policy_key}} version"
          + " {{policy_version}}, as it applies in market {{market}}.\n\n"
          + "Decision: {{action_type}}. Restrictions applied: {{restriction_types}}, in force until"
          + " {{end_time}}.\n\nRedress: you may appeal until {{appeal_deadline}}.";

  @Test
  void everyAllowedPlaceholderIsFilledWithItsValue() {
    Map<String, String> values =
        Map.ofEntries(
            Map.entry("creator_handle", "@mira"),
            Map.entry("violation_code", "COUNTERFEIT_GOODS"),
            Map.entry("violation_title", "Counterfeit or infringing goods"),
            Map.entry("policy_key", "live.prohibited-items"),
            Map.entry("policy_version", "3"),
            Map.entry("market", "MY"),
            Map.entry("action_type", "COMMISSION_FREEZE"),
            Map.entry("restriction_types", "COMMISSION_FROZEN"),
            Map.entry("end_time", "2025-05-01T00:00:00Z"),
            Map.entry("appeal_deadline", "2025-05-01T00:00:00Z"));

    String text = StatementOfReasons.render(SEED_EXCERPT, values);

    assertThat(text)
        .startsWith("Hello @mira, we have")
        .contains(
            "rule COUNTERFEIT_GOODS (Counterfeit or infringing goods) of policy live.prohibited-items version 3, as it applies in market MY.")
        .contains(
            "Decision: COMMISSION_FREEZE. Restrictions applied: COMMISSION_FROZEN, in force until 2025-05-01T00:00:00Z.")
        .endsWith("appeal until 2025-05-01T00:00:00Z.")
        .doesNotContain("{{", "}}");
  }

  @Test
  void allTwelveContractPlaceholdersAreAccepted() {
    StringBuilder template = new StringBuilder();
    Map<String, String> values = new HashMap<>();
    for (String p : StatementOfReasons.PLACEHOLDERS) {
      template.append("{{").append(p).append("}};");
      values.put(p, p.toUpperCase());
    }

    assertThat(StatementOfReasons.PLACEHOLDERS)
        .hasSize(12)
        .contains("observed_time", "evidence_summary");
    assertThat(StatementOfReasons.render(template.toString(), values))
        .isEqualTo(String.join(";", StatementOfReasons.PLACEHOLDERS).toUpperCase() + ";");
  }

  @Test
  void aMissingValueRendersAsEmptyText() {
    assertThat(StatementOfReasons.render("Evidence: [{{evidence_summary}}]", Map.of()))
        .isEqualTo("Evidence: []");
  }

  @Test
  void valuesAreInsertedVerbatimAndNeverExpanded() {
    assertThat(
            StatementOfReasons.render(
                "{{creator_handle}}!", Map.of("creator_handle", "{{market}} $1 \\")))
        .isEqualTo("{{market}} $1 \\!");
  }

  @Test
  void textWithoutPlaceholdersIsUnchanged() {
    assertThat(StatementOfReasons.render("Plain } text {", Map.of())).isEqualTo("Plain } text {");
  }

  @Test
  void anUnknownPlaceholderIsRejectedWithItsName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StatementOfReasons.render("Dear {{seller_name}},", Map.of()))
        .withMessageContaining("unknown placeholder {{seller_name}}")
        .withMessageContaining("creator_handle");
  }

  @Test
  void aPlaceholderWithSpacesIsUnknown() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StatementOfReasons.validate("Hi {{ creator_handle }}"))
        .withMessageContaining("{{ creator_handle }}");
  }

  @Test
  void anUnclosedOpeningIsRejectedWithItsPosition() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> StatementOfReasons.render("Hi {{creator_handle}}, see {{market", Map.of()))
        .withMessageContaining("unclosed {{ at character 27");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StatementOfReasons.validate("{{creator_handle}"))
        .withMessageContaining("unclosed");
  }

  @Test
  void aPlaceholderCannotSpanLines() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StatementOfReasons.validate("{{creator_\nhandle}}"))
        .withMessageContaining("unclosed");
  }
}
