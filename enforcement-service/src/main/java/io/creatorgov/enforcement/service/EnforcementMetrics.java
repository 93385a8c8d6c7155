package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.ViolationEntity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * The governance insights as Prometheus metrics, with bounded labels only: market (the registry's
 * markets), violation code (the markets' catalogues), action type, origin and appeal outcome
 * (contract enums) — never a creator or an id. Counted when the command's transaction records the
 * change; a transaction that then fails to commit is counted anyway (rare; the
 * GetGovernanceInsights RPC, computed from the database, is the exact figure).
 */
@ApplicationScoped
public class EnforcementMetrics {
  private final MeterRegistry registry;

  public EnforcementMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A violation reported and the action decided from it. */
  void reported(ViolationEntity v, EnforcementActionEntity a) {
    Counter.builder("creatorgov.enforcement.reports")
        .description("violations reported, by market and violation code")
        .tag("market", v.market)
        .tag("violation_code", v.violationCode)
        .register(registry)
        .increment();
    decided(a);
  }

  /** An action decided (by the rules, an operator or an appeal's replacement). */
  void decided(EnforcementActionEntity a) {
    Counter.builder("creatorgov.enforcement.actions")
        .description("enforcement actions decided, by market, type and origin")
        .tag("market", a.market)
        .tag("action_type", a.actionType)
        .tag("origin", a.origin)
        .register(registry)
        .increment();
  }

  /** An appeal decided. */
  void appealDecided(String market, String outcome) {
    Counter.builder("creatorgov.enforcement.appeals.decided")
        .description("appeals decided, by market and outcome (UPHOLD, OVERTURN, MODIFY)")
        .tag("market", market)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** An action confirmed by creator-service: how long after its decision. */
  void applied(EnforcementActionEntity a, OffsetDateTime at) {
    Timer.builder("creatorgov.enforcement.time.to.applied")
        .description("time from an action's decision to creator-service applying it")
        .tag("market", a.market)
        .register(registry)
        .record(Duration.between(a.createdAt, at));
  }
}
