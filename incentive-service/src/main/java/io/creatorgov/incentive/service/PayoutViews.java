package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.EnrollmentState;
import io.creatorgov.incentive.domain.PayoutKind;
import io.creatorgov.incentive.domain.PayoutLineKind;
import io.creatorgov.incentive.domain.PayoutRule;
import io.creatorgov.incentive.domain.PayoutState;
import io.creatorgov.incentive.domain.StandingLapse;
import io.creatorgov.incentive.domain.SuspensionRule;
import io.creatorgov.incentive.domain.TransferState;
import io.creatorgov.incentive.repository.PayoutEntity;
import io.creatorgov.incentive.repository.PayoutLineEntity;
import io.creatorgov.incentive.repository.SettlementEntity;
import io.creatorgov.kit.money.MoneyAmount;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.stream.Collectors;

/** What the settlement and payout use cases answer, and the stored forms of a payout's parts. */
public final class PayoutViews {
  private PayoutViews() {}

  /** A programme's settlement. */
  public record Settlement(
      String settlementId,
      String programId,
      String requestId,
      SuspensionRule rule,
      int payoutCount,
      int fullCount,
      int proRatedCount,
      int forfeitedCount,
      int heldBackCount,
      MoneyAmount totalBalance,
      MoneyAmount totalPaid,
      MoneyAmount totalForfeited,
      Instant standingReadTime,
      Instant settleTime,
      byte[] created) {}

  /** SettleProgram's answer: the settlement and the programme, SETTLED. */
  public record Settled(Settlement settlement, ProgramView program) {}

  /** One payout line. */
  public record Line(
      PayoutLineKind kind,
      MoneyAmount amount,
      MoneyAmount forfeited,
      List<String> ledgerEntryIds) {}

  /**
   * A payout as the API shows it.
   *
   * @param rule null unless SETTLEMENT
   * @param transferState null while there is nothing to transfer
   * @param transferReported the stored audit stamp of the last report; null before one
   */
  public record Payout(
      String payoutId,
      String settlementId,
      String programId,
      String creatorId,
      String enrollmentId,
      String market,
      PayoutKind kind,
      PayoutState state,
      PayoutRule rule,
      MoneyAmount amount,
      MoneyAmount balanceBefore,
      MoneyAmount forfeited,
      EnrollmentState enrollmentState,
      Instant participationStart,
      Instant participationEnd,
      Duration participation,
      Duration goodStanding,
      List<StandingLapse> lapses,
      String explanation,
      List<Line> lines,
      TransferState transferState,
      String transferReference,
      String failureReason,
      byte[] transferReported,
      List<String> heldBackForAppealIds,
      String adjustsPayoutId,
      String enforcementActionId,
      Instant createTime,
      Instant updateTime,
      String etag) {}

  static Settlement settlement(SettlementEntity s, Currency c) {
    return new Settlement(
        s.settlementId,
        s.programId,
        s.requestId,
        s.suspensionRule,
        s.payoutCount,
        s.fullCount,
        s.proRatedCount,
        s.forfeitedCount,
        s.heldBackCount,
        new MoneyAmount(s.totalBalanceMinor, c),
        new MoneyAmount(s.totalPaidMinor, c),
        new MoneyAmount(s.totalForfeitedMinor, c),
        s.standingReadTime.toInstant(),
        s.settleTime.toInstant(),
        s.created);
  }

  static String etag(PayoutEntity p) {
    return "v" + p.rowVersion;
  }

  static Payout payout(PayoutEntity p, List<PayoutLineEntity> lines, Currency c) {
    return new Payout(
        p.payoutId,
        p.settlementId,
        p.programId,
        p.creatorId,
        p.enrollmentId,
        p.market,
        p.kind,
        p.state,
        p.ruleApplied,
        new MoneyAmount(p.amountMinor, c),
        new MoneyAmount(p.balanceBeforeMinor, c),
        new MoneyAmount(p.forfeitedMinor, c),
        p.enrollmentState,
        instant(p.participationStart),
        instant(p.participationEnd),
        Duration.ofSeconds(p.participationSeconds),
        Duration.ofSeconds(p.goodStandingSeconds),
        lapses(p.standingLapses),
        p.explanation,
        lines.stream()
            .map(
                l ->
                    new Line(
                        l.kind,
                        new MoneyAmount(l.amountMinor, c),
                        new MoneyAmount(l.forfeitedMinor, c),
                        ids(l.ledgerEntryIds)))
            .toList(),
        p.transferState,
        p.transferReference,
        p.failureReason,
        p.transferReported,
        ids(p.heldBackForAppeals),
        p.adjustsPayoutId,
        p.enforcementActionId,
        p.createTime.toInstant(),
        p.updateTime.toInstant(),
        etag(p));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  /** A comma-separated list of ids; empty text is none. */
  static List<String> ids(String stored) {
    return stored == null || stored.isEmpty() ? List.of() : Arrays.asList(stored.split(","));
  }

  static String joined(List<String> ids) {
    return String.join(",", ids);
  }

  /** Lapses stored one a line: {@code status;start epoch millis;end epoch millis;action}. */
  static String lapses(List<StandingLapse> lapses) {
    return lapses.stream()
        .map(
            l ->
                String.join(
                    ";",
                    l.status(),
                    Long.toString(l.start().toEpochMilli()),
                    Long.toString(l.end().toEpochMilli()),
                    l.enforcementActionId()))
        .collect(Collectors.joining("\n"));
  }

  static List<StandingLapse> lapses(String stored) {
    List<StandingLapse> lapses = new ArrayList<>();
    if (stored == null || stored.isEmpty()) {
      return lapses;
    }
    for (String line : stored.split("\n")) {
      String[] f = line.split(";", -1);
      lapses.add(
          new StandingLapse(
              f[0],
              Instant.ofEpochMilli(Long.parseLong(f[1])),
              Instant.ofEpochMilli(Long.parseLong(f[2])),
              f[3]));
    }
    return lapses;
  }
}
