package io.creatorgov.kit.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import build.buf.protovalidate.exceptions.CompilationException;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.Money;
import io.creatorgov.creator.v1.GetTierRequest;
import io.creatorgov.creator.v1.PerformanceSnapshot;
import io.creatorgov.creator.v1.RecordPerformanceSnapshotRequest;
import io.creatorgov.incentive.v1.CreateProgramRequest;
import io.creatorgov.incentive.v1.GmvMilestone;
import io.creatorgov.incentive.v1.GmvMilestoneCashReward;
import io.creatorgov.incentive.v1.Program;
import io.creatorgov.incentive.v1.ProgramBudget;
import io.creatorgov.incentive.v1.RewardRule;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of the contracts (Money.currency_code: ^[A-Z]{3}$), without Quarkus. */
class RequestValidatorTest {

  private static final String PATTERN_MESSAGE = "value does not match regex pattern `^[A-Z]{3}$`";

  private final RequestValidator validator = new RequestValidator();

  private static Money money(long minor, String currency) {
    return Money.newBuilder().setAmountMinor(minor).setCurrencyCode(currency).build();
  }

  @Test
  void aValidMoneyHasNoViolations() {
    assertThat(validator.violations(money(150_000, "MYR"))).isEmpty();
  }

  @Test
  void aBadCurrencyCodeIsAViolationOfCurrencyCodeWithProtovalidatesDescription() {
    assertThat(validator.violations(money(150_000, "myr")))
        .containsExactly(new FieldViolation("currency_code", PATTERN_MESSAGE));
    assertThat(validator.violations(money(1, "")))
        .extracting(FieldViolation::field)
        .containsExactly("currency_code");
    assertThat(validator.violations(money(1, "EURO")))
        .extracting(FieldViolation::field)
        .containsExactly("currency_code");
  }

  @Test
  void aMoneyInsideARequestIsNamedByItsPathInTheRequest() {
    RecordPerformanceSnapshotRequest request =
        RecordPerformanceSnapshotRequest.newBuilder()
            .setRequestId("r-1")
            .setCreatorId("c-1")
            .setSnapshot(PerformanceSnapshot.newBuilder().setGmv(money(30_000_000, "sgd")))
            .build();

    assertThat(validator.violations(request))
        .containsExactly(new FieldViolation("snapshot.gmv.currency_code", PATTERN_MESSAGE));
  }

  @Test
  void repeatedElementsAreNamedByIndexAndEveryViolationIsReported() {
    CreateProgramRequest request =
        CreateProgramRequest.newBuilder()
            .setRequestId("r-2")
            .setProgram(
                Program.newBuilder()
                    .setBudget(
                        ProgramBudget.newBuilder()
                            .setTotal(money(1_000_000, "Myr"))
                            .setPerCreatorCap(money(10_000, "MYR")))
                    .addRewards(RewardRule.getDefaultInstance())
                    .addRewards(
                        RewardRule.newBuilder()
                            .setGmvMilestoneCash(
                                GmvMilestoneCashReward.newBuilder()
                                    .addMilestones(
                                        GmvMilestone.newBuilder()
                                            .setGmvThreshold(money(100_000, "MY"))
                                            .setCashReward(money(5_000, "MYR")))
                                    .addMilestones(
                                        GmvMilestone.newBuilder()
                                            .setGmvThreshold(money(200_000, "MYR"))
                                            .setCashReward(money(9_000, ""))))))
            .build();

    assertThat(validator.violations(request))
        .extracting(FieldViolation::field)
        .containsExactlyInAnyOrder(
            "program.rewards[1].gmv_milestone_cash.milestones[0].gmv_threshold.currency_code",
            "program.rewards[1].gmv_milestone_cash.milestones[1].cash_reward.currency_code",
            "program.budget.total.currency_code");
  }

  @Test
  void unsetMoneyIsNotChecked() {
    assertThat(
            validator.violations(
                io.creatorgov.creator.v1.PerformanceSnapshot.newBuilder().setOrders(3).build()))
        .isEmpty();
  }

  @Test
  void aMessageWithoutRulesIsAlwaysValid() {
    GetTierRequest request = GetTierRequest.newBuilder().setCreatorId("anything at all").build();

    for (int i = 0; i < 1_000; i++) {
      assertThat(validator.violations(request)).isEmpty();
    }
  }

  @Test
  void requireValidThrowsTheKitsInvalidArgumentListingEveryField() {
    ApiException e =
        catchThrowableOfType(ApiException.class, () -> validator.requireValid(money(1, "usd")));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(e.fieldViolations())
        .isEqualTo(List.of(new FieldViolation("currency_code", PATTERN_MESSAGE)));
    assertThat(e.getMessage()).isEqualTo("currency_code: " + PATTERN_MESSAGE);
  }

  @Test
  void rulesThatDoNotCompileAreAServerBugNotInvalidInput() {
    assertThatThrownBy(() -> validator.violations(BrokenRules.message("x")))
        .isInstanceOf(ValidationRulesException.class)
        .isNotInstanceOf(ApiException.class)
        .hasMessageContaining("test.broken.v1.Broken")
        .hasCauseInstanceOf(CompilationException.class);
  }
}
