package io.creatorgov.incentive.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The programme state machine of the contract:
 *
 * <pre>
 *   DRAFT ──Activate──▶ ACTIVE ◀──Activate── PAUSED
 *                          │  ──Pause──────▶   │
 *                          └──End──▶ ENDED ◀──End┘
 *   ENDED ──Settle──▶ SETTLED
 * </pre>
 *
 * Each move answers the next {@link Phase} or why it is refused; nothing else is decided here.
 */
public final class ProgramLifecycle {
  private ProgramLifecycle() {}

  /**
   * A programme's lifecycle facts.
   *
   * @param pausedIntervals oldest first; the last one is open while PAUSED
   * @param activateTime when it first became ACTIVE; null while DRAFT
   * @param endedTime when it became ENDED; null before
   */
  public record Phase(
      ProgramState state,
      List<PausedInterval> pausedIntervals,
      Instant activateTime,
      Instant endedTime) {
    public Phase {
      pausedIntervals = List.copyOf(pausedIntervals);
    }

    /** A new programme: DRAFT, never paused, activated or ended. */
    public static Phase draft() {
      return new Phase(ProgramState.DRAFT, List.of(), null, null);
    }
  }

  /** Why a move is refused. */
  public enum Refusal {
    NONE,
    /** The state machine has no such move from the current state. */
    ILLEGAL_TRANSITION,
    /** Activation needs a window that has not ended yet. */
    WINDOW_ENDED
  }

  /** The outcome of a move: the next phase, or the refusal (and the phase unchanged). */
  public record Move(Refusal refusal, Phase next, ProgramState requested) {
    public boolean refused() {
      return refusal != Refusal.NONE;
    }
  }

  /**
   * DRAFT → ACTIVE (first activation) or PAUSED → ACTIVE (resuming: the open paused interval closes
   * now). Either needs the window not to have ended at {@code now}.
   */
  public static Move activate(Phase phase, ProgramWindow window, Instant now) {
    ProgramState state = phase.state();
    if (state != ProgramState.DRAFT && state != ProgramState.PAUSED) {
      return refused(phase, Refusal.ILLEGAL_TRANSITION, ProgramState.ACTIVE);
    }
    if (window.endedAt(now)) {
      return refused(phase, Refusal.WINDOW_ENDED, ProgramState.ACTIVE);
    }
    Instant activated = phase.activateTime() == null ? now : phase.activateTime();
    return moved(
        new Phase(ProgramState.ACTIVE, closeOpen(phase.pausedIntervals(), now), activated, null));
  }

  /** ACTIVE → PAUSED: a new open paused interval starts now. */
  public static Move pause(Phase phase, Instant now) {
    if (phase.state() != ProgramState.ACTIVE) {
      return refused(phase, Refusal.ILLEGAL_TRANSITION, ProgramState.PAUSED);
    }
    List<PausedInterval> paused = new ArrayList<>(phase.pausedIntervals());
    paused.add(new PausedInterval(now, null));
    return moved(new Phase(ProgramState.PAUSED, paused, phase.activateTime(), null));
  }

  /**
   * ACTIVE or PAUSED → ENDED now, or at the window's end if that came first (performance after the
   * window earns nothing either way); an open paused interval closes at the end.
   */
  public static Move end(Phase phase, ProgramWindow window, Instant now) {
    ProgramState state = phase.state();
    if (state != ProgramState.ACTIVE && state != ProgramState.PAUSED) {
      return refused(phase, Refusal.ILLEGAL_TRANSITION, ProgramState.ENDED);
    }
    Instant end = window.endedAt(now) ? window.end() : now;
    return moved(
        new Phase(
            ProgramState.ENDED,
            closeOpen(phase.pausedIntervals(), end),
            phase.activateTime(),
            end));
  }

  /** ENDED → SETTLED: the one settlement; the phase is otherwise unchanged. */
  public static Move settle(Phase phase) {
    if (phase.state() != ProgramState.ENDED) {
      return refused(phase, Refusal.ILLEGAL_TRANSITION, ProgramState.SETTLED);
    }
    return moved(
        new Phase(
            ProgramState.SETTLED,
            phase.pausedIntervals(),
            phase.activateTime(),
            phase.endedTime()));
  }

  private static List<PausedInterval> closeOpen(List<PausedInterval> intervals, Instant at) {
    List<PausedInterval> closed = new ArrayList<>(intervals);
    int last = closed.size() - 1;
    if (last >= 0 && closed.get(last).open()) {
      PausedInterval open = closed.get(last);
      closed.set(last, open.closedAt(at.isBefore(open.start()) ? open.start() : at));
    }
    return closed;
  }

  private static Move moved(Phase next) {
    return new Move(Refusal.NONE, next, next.state());
  }

  private static Move refused(Phase phase, Refusal why, ProgramState requested) {
    return new Move(why, phase, requested);
  }
}
