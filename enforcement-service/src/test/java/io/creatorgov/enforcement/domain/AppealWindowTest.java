package io.creatorgov.enforcement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AppealWindowTest {
  private static final Instant DECIDED = Instant.parse("2025-03-10T09:15:00Z");

  /** enforcement.appeals base window. */
  private static final Duration THIRTY_DAYS = Duration.ofSeconds(2_592_000);

  @Test
  void theDeadlineIsTheDecisionPlusTheMarketsWindow() {
    assertThat(AppealWindow.deadline(DECIDED, THIRTY_DAYS))
        .isEqualTo(Instant.parse("2025-04-09T09:15:00Z"));
    assertThat(AppealWindow.deadline(DECIDED, Duration.ofSeconds(5_184_000)))
        .as("JP: 60 days")
        .isEqualTo(Instant.parse("2025-05-09T09:15:00Z"));
  }

  @Test
  void anAppealIsAcceptedUpToAndIncludingTheDeadline() {
    Instant deadline = AppealWindow.deadline(DECIDED, THIRTY_DAYS);

    assertThat(AppealWindow.isOpen(DECIDED, THIRTY_DAYS, DECIDED)).isTrue();
    assertThat(AppealWindow.isOpen(DECIDED, THIRTY_DAYS, deadline.minusNanos(1))).isTrue();
    assertThat(AppealWindow.isOpen(DECIDED, THIRTY_DAYS, deadline)).isTrue();
    assertThat(AppealWindow.isOpen(DECIDED, THIRTY_DAYS, deadline.plusNanos(1))).isFalse();
  }

  @Test
  void aWindowMustBePositive() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> AppealWindow.deadline(DECIDED, Duration.ZERO));
  }
}
