package io.creatorgov.incentive.domain;

import static io.creatorgov.incentive.domain.ProgramFixtures.END;
import static io.creatorgov.incentive.domain.ProgramFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.incentive.domain.ProgramLifecycle.Move;
import io.creatorgov.incentive.domain.ProgramLifecycle.Phase;
import io.creatorgov.incentive.domain.ProgramLifecycle.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProgramLifecycleTest {
  private static final ProgramWindow WINDOW = new ProgramWindow(START, END);
  private static final Instant T1 = START.plus(Duration.ofDays(1));
  private static final Instant T2 = START.plus(Duration.ofDays(2));
  private static final Instant T3 = START.plus(Duration.ofDays(3));

  private static Phase in(ProgramState state) {
    return new Phase(state, List.of(), state == ProgramState.DRAFT ? null : START, null);
  }

  @Test
  void activatingADraftOpensItAndStampsTheFirstActivation() {
    Move move = ProgramLifecycle.activate(Phase.draft(), WINDOW, T1);
    assertThat(move.refused()).isFalse();
    assertThat(move.next().state()).isEqualTo(ProgramState.ACTIVE);
    assertThat(move.next().activateTime()).isEqualTo(T1);
  }

  @Test
  void aDraftMayBeActivatedBeforeItsWindowStarts() {
    Move move = ProgramLifecycle.activate(Phase.draft(), WINDOW, START.minusSeconds(3_600));
    assertThat(move.next().state()).isEqualTo(ProgramState.ACTIVE);
  }

  @Test
  void activationNeedsAWindowThatHasNotEnded() {
    Move move = ProgramLifecycle.activate(Phase.draft(), WINDOW, END);
    assertThat(move.refusal()).isEqualTo(Refusal.WINDOW_ENDED);
    assertThat(move.next()).isEqualTo(Phase.draft());
  }

  @Test
  void pauseOpensAnIntervalAndResumeClosesItKeepingTheFirstActivation() {
    Phase active = ProgramLifecycle.activate(Phase.draft(), WINDOW, T1).next();
    Phase paused = ProgramLifecycle.pause(active, T2).next();
    assertThat(paused.state()).isEqualTo(ProgramState.PAUSED);
    assertThat(paused.pausedIntervals()).containsExactly(new PausedInterval(T2, null));

    Phase resumed = ProgramLifecycle.activate(paused, WINDOW, T3).next();
    assertThat(resumed.state()).isEqualTo(ProgramState.ACTIVE);
    assertThat(resumed.pausedIntervals()).containsExactly(new PausedInterval(T2, T3));
    assertThat(resumed.activateTime()).isEqualTo(T1);
  }

  @Test
  void endingAPausedProgrammeClosesItsOpenInterval() {
    Phase paused =
        ProgramLifecycle.pause(ProgramLifecycle.activate(Phase.draft(), WINDOW, T1).next(), T2)
            .next();
    Phase ended = ProgramLifecycle.end(paused, WINDOW, T3).next();
    assertThat(ended.state()).isEqualTo(ProgramState.ENDED);
    assertThat(ended.endedTime()).isEqualTo(T3);
    assertThat(ended.pausedIntervals()).containsExactly(new PausedInterval(T2, T3));
  }

  @Test
  void endingAfterTheWindowEndsAtTheWindowsEnd() {
    Phase ended = ProgramLifecycle.end(in(ProgramState.ACTIVE), WINDOW, END.plusSeconds(60)).next();
    assertThat(ended.endedTime()).isEqualTo(END);
  }

  @ParameterizedTest
  @EnumSource(
      value = ProgramState.class,
      names = {"ACTIVE", "ENDED", "SETTLED"})
  void onlyDraftAndPausedProgrammesActivate(ProgramState state) {
    Move move = ProgramLifecycle.activate(in(state), WINDOW, T1);
    assertThat(move.refusal()).isEqualTo(Refusal.ILLEGAL_TRANSITION);
    assertThat(move.requested()).isEqualTo(ProgramState.ACTIVE);
  }

  @ParameterizedTest
  @EnumSource(
      value = ProgramState.class,
      names = {"DRAFT", "PAUSED", "ENDED", "SETTLED"})
  void onlyActiveProgrammesPause(ProgramState state) {
    assertThat(ProgramLifecycle.pause(in(state), T1).refusal())
        .isEqualTo(Refusal.ILLEGAL_TRANSITION);
  }

  @ParameterizedTest
  @EnumSource(
      value = ProgramState.class,
      names = {"DRAFT", "ENDED", "SETTLED"})
  void onlyActiveAndPausedProgrammesEnd(ProgramState state) {
    assertThat(ProgramLifecycle.end(in(state), WINDOW, T1).refusal())
        .isEqualTo(Refusal.ILLEGAL_TRANSITION);
  }
}
