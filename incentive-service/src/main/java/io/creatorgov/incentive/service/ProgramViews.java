package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.Budget;
import io.creatorgov.incentive.domain.Money;
import io.creatorgov.incentive.domain.ProgramLifecycle.Phase;
import io.creatorgov.incentive.domain.ProgramTerms;
import io.creatorgov.incentive.domain.ProgramWindow;
import io.creatorgov.incentive.repository.ProgramEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Programme rows to views and domain values, and domain values into rows. */
@ApplicationScoped
public class ProgramViews {
  private final ProgramForms forms;

  public ProgramViews(ProgramForms forms) {
    this.forms = forms;
  }

  /** The opaque etag of a programme row version. */
  static String etag(ProgramEntity p) {
    return "v" + p.rowVersion;
  }

  ProgramView view(ProgramEntity p) {
    return new ProgramView(
        p.programId,
        terms(p),
        p.currencyCode,
        phase(p),
        p.settlementId,
        etag(p),
        p.createTime.toInstant(),
        p.updateTime.toInstant(),
        p.created,
        p.lastUpdated);
  }

  ProgramTerms terms(ProgramEntity p) {
    Budget budget =
        p.budgetTotalMinor == null
            ? null
            : new Budget(
                new Money(p.budgetTotalMinor, p.currencyCode),
                p.budgetCapMinor == null ? null : new Money(p.budgetCapMinor, p.currencyCode));
    return new ProgramTerms(
        p.displayName,
        p.description,
        p.market,
        window(p),
        forms.rewards(p.rewards),
        forms.eligibility(p.eligibility),
        budget,
        p.suspensionRule);
  }

  /** The programme's window, from its columns (no stored form to read). */
  static ProgramWindow window(ProgramEntity p) {
    return new ProgramWindow(p.windowStart.toInstant(), p.windowEnd.toInstant());
  }

  Phase phase(ProgramEntity p) {
    return new Phase(
        p.state,
        forms.pausedIntervals(p.pausedIntervals),
        instant(p.activateTime),
        instant(p.endedTime));
  }

  /** Writes accepted terms (in the market's {@code currency}) into the row. */
  void writeTerms(ProgramEntity p, ProgramTerms t, String currency) {
    p.displayName = t.displayName();
    p.description = t.description();
    p.market = t.market();
    p.currencyCode = currency;
    p.windowStart = time(t.window().start());
    p.windowEnd = time(t.window().end());
    p.rewards = forms.rewards(t.rewards());
    p.eligibility = forms.eligibility(t.eligibility());
    p.budgetTotalMinor = t.budget() == null ? null : t.budget().total().amountMinor();
    p.budgetCapMinor =
        t.budget() == null || t.budget().perCreatorCap() == null
            ? null
            : t.budget().perCreatorCap().amountMinor();
    p.suspensionRule = t.suspensionRule();
  }

  /** Writes a lifecycle phase into the row. */
  void writePhase(ProgramEntity p, Phase phase) {
    p.state = phase.state();
    p.pausedIntervals = forms.pausedIntervals(phase.pausedIntervals());
    p.activateTime = time(phase.activateTime());
    p.endedTime = time(phase.endedTime());
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  /** At the database's precision (microseconds), so a write reads back as it was answered. */
  private static OffsetDateTime time(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}
