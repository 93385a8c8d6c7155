package io.creatorgov.incentive.domain;

import io.creatorgov.kit.money.MoneyAmount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How one creator's balance is settled: the participation period, the lapses of good standing in
 * it, the suspension rule (FORFEIT or PRO_RATE) and the payout itemised per reward kind. Plain
 * decisions over plain values; the service gathers the inputs and stores the outcome.
 */
public final class SettlementRules {
  private SettlementRules() {}

  /** The period a creator took part in the programme: [start, end), never negative. */
  public record Participation(Instant start, Instant end) {
    public Duration length() {
      return Duration.between(start, end);
    }
  }

  /** One reward kind's share of a payout: paid and forfeited. */
  public record Line(PayoutLineKind kind, RewardKind rewardKind, long amount, long forfeited) {}

  /**
   * A creator's settlement.
   *
   * @param balance what the creator's ledger held before settlement (the sum of the kinds)
   * @param lines one per reward kind with a balance, in the order given; they add up to amount
   */
  public record Outcome(
      PayoutRule rule,
      PayoutState state,
      long balance,
      long amount,
      long forfeited,
      List<Line> lines,
      Participation participation,
      Duration goodStanding,
      List<StandingLapse> lapses,
      String explanation) {}

  /**
   * [max(window start, enrolment), min(programme end, withdrawal or disqualification)); empty (end
   * = start) when the creator never took part inside the window.
   */
  public static Participation participation(
      Instant windowStart,
      Instant enrollTime,
      Instant endedTime,
      EnrollmentState state,
      Instant stateChangeTime) {
    Instant start = enrollTime.isAfter(windowStart) ? enrollTime : windowStart;
    Instant end = endedTime;
    boolean left = state == EnrollmentState.WITHDRAWN || state == EnrollmentState.DISQUALIFIED;
    if (left && stateChangeTime.isBefore(end)) {
      end = stateChangeTime;
    }
    return new Participation(start, end.isBefore(start) ? start : end);
  }

  /**
   * Every span of the history spent SUSPENDED or BANNED, clipped to {@code p}; a span ended by an
   * overturn on appeal or a reversal of its action does not count. The last span lasts until now
   * (the end of the period).
   */
  public static List<StandingLapse> lapses(List<StatusChange> history, Participation p) {
    List<StatusChange> ordered =
        history.stream().sorted(Comparator.comparing(StatusChange::at)).toList();
    List<StandingLapse> lapses = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      StatusChange c = ordered.get(i);
      StatusChange next = i + 1 < ordered.size() ? ordered.get(i + 1) : null;
      if (!c.lapse() || (next != null && next.undoesByAppealOrReversal())) {
        continue;
      }
      Instant from = later(c.at(), p.start());
      Instant to = next == null ? p.end() : earlier(next.at(), p.end());
      if (from.isBefore(to)) {
        lapses.add(new StandingLapse(c.status(), from, to, c.enforcementActionId()));
      }
    }
    return lapses;
  }

  /**
   * Settles one creator: FULL without a lapse; with one, FORFEITED under FORFEIT, PRO_RATED by the
   * good-standing share under PRO_RATE (FORFEITED when no good-standing time is left). HELD_BACK
   * when an appeal is open and there was a balance; otherwise NOTHING_DUE when nothing is paid,
   * else PAYABLE.
   *
   * @param balances the balance per monetary reward kind, in the programme's rule order
   */
  public static Outcome settle(
      SuspensionRule rule,
      Map<RewardKind, MoneyAmount> balances,
      Participation p,
      List<StandingLapse> lapses,
      boolean openAppeal) {
    long balance = balances.values().stream().mapToLong(MoneyAmount::amountMinor).sum();
    Duration lapsed =
        lapses.stream().map(StandingLapse::length).reduce(Duration.ZERO, Duration::plus);
    Duration good = p.length().minus(lapsed);
    good = good.isNegative() ? Duration.ZERO : good;
    PayoutRule applied = applied(rule, lapses, good);
    long amount =
        switch (applied) {
          case FULL -> balance;
          case FORFEITED -> 0;
          case PRO_RATED -> proRated(balance, good, p.length());
        };
    List<Line> lines = lines(balances, applied, amount, good, p.length());
    PayoutState state =
        openAppeal && balance > 0
            ? PayoutState.HELD_BACK
            : amount == 0 ? PayoutState.NOTHING_DUE : PayoutState.PAYABLE;
    String currency =
        balances.values().stream().findFirst().map(m -> m.currency().getCurrencyCode()).orElse("");
    return new Outcome(
        applied,
        state,
        balance,
        amount,
        balance - amount,
        lines,
        p,
        good,
        lapses,
        explanation(applied, balance, amount, good, p.length(), currency, balances));
  }

  private static PayoutRule applied(
      SuspensionRule rule, List<StandingLapse> lapses, Duration good) {
    if (lapses.isEmpty()) {
      return PayoutRule.FULL;
    }
    if (rule == SuspensionRule.FORFEIT || good.isZero()) {
      return PayoutRule.FORFEITED;
    }
    return PayoutRule.PRO_RATED;
  }

  private static long proRated(long balance, Duration good, Duration participation) {
    if (participation.isZero()) {
      return balance;
    }
    return java.math.BigInteger.valueOf(balance)
        .multiply(java.math.BigInteger.valueOf(good.toMillis()))
        .divide(java.math.BigInteger.valueOf(participation.toMillis()))
        .longValueExact();
  }

  /**
   * One line per kind with a balance: its share rounded down, the remainder minor units to the
   * first lines that have room for them.
   */
  private static List<Line> lines(
      Map<RewardKind, MoneyAmount> balances,
      PayoutRule applied,
      long amount,
      Duration good,
      Duration participation) {
    List<RewardKind> kinds =
        balances.entrySet().stream()
            .filter(e -> !e.getValue().isZero())
            .map(Map.Entry::getKey)
            .toList();
    long[] shares = new long[kinds.size()];
    long given = 0;
    for (int i = 0; i < kinds.size(); i++) {
      long b = balances.get(kinds.get(i)).amountMinor();
      shares[i] =
          switch (applied) {
            case FULL -> b;
            case FORFEITED -> 0;
            case PRO_RATED -> proRated(b, good, participation);
          };
      given += shares[i];
    }
    long remainder = amount - given;
    for (int i = 0; i < kinds.size() && remainder > 0; i++) {
      long room = balances.get(kinds.get(i)).amountMinor() - shares[i];
      long add = Math.min(room, remainder);
      shares[i] += add;
      remainder -= add;
    }
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      RewardKind k = kinds.get(i);
      long b = balances.get(k).amountMinor();
      lines.add(new Line(PayoutLineKind.of(k), k, shares[i], b - shares[i]));
    }
    return lines;
  }

  private static String explanation(
      PayoutRule applied,
      long balance,
      long amount,
      Duration good,
      Duration participation,
      String currency,
      Map<RewardKind, MoneyAmount> balances) {
    String of = balances.isEmpty() ? balance + " (minor units)" : money(balances, balance);
    String paid = balances.isEmpty() ? amount + " (minor units)" : money(balances, amount);
    long lapsedDays = participation.minus(good).toDays();
    long days = participation.toDays();
    return switch (applied) {
      case FULL -> "In good standing throughout participation; paid in full " + paid;
      case FORFEITED ->
          "Suspended or banned "
              + lapsedDays
              + " of "
              + days
              + " days; balance of "
              + of
              + " forfeited";
      case PRO_RATED ->
          "Suspended or banned "
              + lapsedDays
              + " of "
              + days
              + " days; pro-rated "
              + good.toHours()
              + "/"
              + participation.toHours()
              + " hours of "
              + of
              + ": "
              + paid;
    };
  }

  private static String money(Map<RewardKind, MoneyAmount> balances, long minor) {
    return new MoneyAmount(minor, balances.values().iterator().next().currency()).format();
  }

  /**
   * The settlement of a HELD_BACK (or any SETTLEMENT) payout recomputed after the enforcement
   * action {@code overturnedActionId} was overturned: its lapses no longer count. What the creator
   * is owed on top is the new amount minus what was already paid (never negative).
   */
  public static long raisedByOverturn(
      SuspensionRule rule,
      Map<RewardKind, MoneyAmount> balances,
      Participation p,
      List<StandingLapse> lapses,
      String overturnedActionId,
      long alreadyPaid) {
    List<StandingLapse> kept =
        lapses.stream().filter(l -> !l.enforcementActionId().equals(overturnedActionId)).toList();
    Outcome again = settle(rule, balances, p, kept, false);
    return Math.max(0, again.amount() - alreadyPaid);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
