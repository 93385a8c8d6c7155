package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.domain.ActionType;
import io.creatorgov.enforcement.repository.InsightsRepository;
import io.creatorgov.enforcement.repository.InsightsRepository.ActionRow;
import io.creatorgov.enforcement.repository.InsightsRepository.RuleRow;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.market.MarketRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * GetGovernanceInsights: per violation code of a market over a window of report times, what the
 * rule led to — computed from the recorded violations, actions and appeals, so the figures add up
 * to what was written.
 */
@ApplicationScoped
public class GovernanceInsights {
  static final Duration MAX_WINDOW = Duration.ofDays(366);

  /** The query, in domain terms. */
  public record Query(String market, Instant from, Instant to, List<String> codes) {}

  /** The rows per code, by code, and the totals. */
  public record Insights(List<RuleInsight> rules, RuleInsight totals) {}

  /**
   * What one violation code (or, with an empty code, all of them) led to.
   *
   * @param actions the actions decided, per type
   * @param medianTimeToApplied from report to application, null when none was applied
   */
  public record RuleInsight(
      String violationCode,
      long reports,
      long appealsFiled,
      long appealsDecided,
      long appealsOverturned,
      long appealsModified,
      double overturnRate,
      double repeatOffenderShare,
      List<ActionTypeTally> actions,
      Duration medianTimeToApplied) {

    static final RuleInsight NONE = new RuleInsight("", 0, 0, 0, 0, 0, 0, 0, List.of(), null);
  }

  /** How many actions of a type were decided. */
  public record ActionTypeTally(ActionType actionType, long count) {}

  private final InsightsRepository repository;
  private final MarketRegistry markets;

  public GovernanceInsights(InsightsRepository repository, MarketRegistry markets) {
    this.repository = repository;
    this.markets = markets;
  }

  @WithSession
  public Uni<Insights> get(CallerIdentity caller, Query q) {
    check(caller, q);
    var from = q.from().atOffset(ZoneOffset.UTC);
    var to = q.to().atOffset(ZoneOffset.UTC);
    return repository
        .rules(q.market(), from, to, q.codes())
        .chain(
            rules ->
                repository.actions(q.market(), from, to, q.codes()).map(a -> assemble(rules, a)));
  }

  private void check(CallerIdentity caller, Query q) {
    markets.require(q.market(), "market");
    caller.requireMarket(q.market());
    Violations v = new Violations();
    v.require(q.from() == null, "window.start_time", "required");
    v.require(q.to() == null, "window.end_time", "required: the window must be bounded");
    if (q.from() != null && q.to() != null) {
      v.require(!q.to().isAfter(q.from()), "window.end_time", "must be after start_time");
      v.require(
          Duration.between(q.from(), q.to()).compareTo(MAX_WINDOW) > 0,
          "window",
          "must be at most 366 days");
    }
    v.throwIfAny();
  }

  private static Insights assemble(List<RuleRow> rules, List<ActionRow> actions) {
    List<RuleInsight> perCode =
        rules.stream().filter(r -> r.code() != null).map(r -> insight(r, actions)).toList();
    RuleInsight totals =
        rules.stream()
            .filter(r -> r.code() == null)
            .findFirst()
            .map(r -> insight(r, actions))
            .orElse(RuleInsight.NONE);
    return new Insights(perCode, totals);
  }

  private static RuleInsight insight(RuleRow r, List<ActionRow> actions) {
    List<ActionTypeTally> tallies =
        actions.stream()
            .filter(a -> Objects.equals(a.code(), r.code()))
            .map(a -> new ActionTypeTally(ActionType.valueOf(a.actionType()), a.count()))
            .toList();
    return new RuleInsight(
        r.code() == null ? "" : r.code(),
        r.reports(),
        r.appealsFiled(),
        r.appealsDecided(),
        r.overturned(),
        r.modified(),
        ratio(r.overturned(), r.appealsDecided()),
        ratio(r.repeats(), r.reports()),
        tallies,
        r.medianSecondsToApplied() == null
            ? null
            : Duration.ofMillis(Math.round(r.medianSecondsToApplied() * 1000)));
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
