package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.repository.Repositories;
import io.creatorgov.enforcement.v1.EnforcementAction;
import io.creatorgov.enforcement.v1.Violation;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads of violations and actions. Every reader role sees every market in its scope; a {@code
 * creator} only their own resources (NOT_RESOURCE_OWNER otherwise).
 */
@ApplicationScoped
public class EnforcementQueries {
  /** The reader roles that are not limited to their own resources. */
  static final Set<Role> READERS =
      EnumSet.of(
          Role.SERVICE,
          Role.MODERATOR,
          Role.CREATOR_OPS,
          Role.APPEALS_REVIEWER,
          Role.GOVERNANCE_ADMIN,
          Role.AUDITOR);

  private final Repositories.Violations violations;
  private final Repositories.Actions actions;
  private final ActionRecords records;

  public EnforcementQueries(
      Repositories.Violations violations, Repositories.Actions actions, ActionRecords records) {
    this.violations = violations;
    this.actions = actions;
    this.records = records;
  }

  @WithSession
  public Uni<Violation> violation(CallerIdentity caller, String violationId) {
    return violations
        .findById(violationId)
        .map(
            v -> {
              if (v == null) {
                throw ApiException.notFound("violation", violationId);
              }
              allow(caller, v.creatorId, v.market);
              return EnforcementViews.violation(v);
            });
  }

  @WithSession
  public Uni<EnforcementAction> action(CallerIdentity caller, String actionId) {
    return actions
        .findById(actionId)
        .invoke(
            a -> {
              if (a == null) {
                throw ApiException.notFound("enforcement action", actionId);
              }
              allow(caller, a.creatorId, a.market);
            })
        .chain(records::of)
        .map(EnforcementViews::action);
  }

  private static void allow(CallerIdentity caller, String creatorId, String market) {
    caller.requireMarket(market);
    caller.requireSelfOrAnyRole(creatorId, READERS);
  }
}
