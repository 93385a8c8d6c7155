package io.creatorgov.enforcement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Notices and decision automation by detection source, as the contract states them. */
class DetectionSourceTest {

  @Test
  void onlyUserReportsAndTrustedFlaggersCarryANotice() {
    assertThat(DetectionSource.USER_REPORT.requiresNotice()).isTrue();
    assertThat(DetectionSource.TRUSTED_FLAGGER.requiresNotice()).isTrue();
    assertThat(DetectionSource.AUTOMATED_SIGNAL.requiresNotice()).isFalse();
    assertThat(DetectionSource.MODERATOR.requiresNotice()).isFalse();
  }

  @Test
  void anUnreviewedReportIsDecidedFullyAutomatedAndAReviewedOrModeratorOnePartially() {
    assertThat(DetectionSource.AUTOMATED_SIGNAL.decisionAutomation(false))
        .isEqualTo(DecisionAutomation.FULLY_AUTOMATED);
    assertThat(DetectionSource.USER_REPORT.decisionAutomation(false))
        .isEqualTo(DecisionAutomation.FULLY_AUTOMATED);
    assertThat(DetectionSource.AUTOMATED_SIGNAL.decisionAutomation(true))
        .isEqualTo(DecisionAutomation.PARTIALLY_AUTOMATED);
    // a moderator's report is human-reviewed whatever the flag says
    assertThat(DetectionSource.MODERATOR.decisionAutomation(false))
        .isEqualTo(DecisionAutomation.PARTIALLY_AUTOMATED);
  }

  @Test
  void onlyAnAutomatedSignalIsAutomatedDetection() {
    assertThat(DetectionSource.AUTOMATED_SIGNAL.automatedDetection()).isTrue();
    assertThat(DetectionSource.TRUSTED_FLAGGER.automatedDetection()).isFalse();
  }
}
