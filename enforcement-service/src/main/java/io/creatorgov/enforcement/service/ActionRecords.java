package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.Repositories;
import io.creatorgov.kit.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Loads an action with its deliveries and hold, inside the caller's session or transaction. */
@ApplicationScoped
public class ActionRecords {
  private final Repositories.Actions actions;
  private final Repositories.Deliveries deliveries;
  private final Repositories.Holds holds;

  public ActionRecords(
      Repositories.Actions actions, Repositories.Deliveries deliveries, Repositories.Holds holds) {
    this.actions = actions;
    this.deliveries = deliveries;
    this.holds = holds;
  }

  /** The action's record; NOT_FOUND when there is no such action. */
  public Uni<ActionRecord> require(String actionId) {
    return actions.findById(actionId).map(a -> found(a, actionId)).chain(this::of);
  }

  /**
   * The action and its hold, locked FOR UPDATE, with its record; NOT_FOUND when there is no such
   * action. Must be the transaction's first load of the action (a lock on an entity already in the
   * session is not taken by the query that loads it).
   */
  public Uni<ActionRecord> lock(String actionId) {
    return actions
        .lock(actionId)
        .map(a -> found(a, actionId))
        .chain(a -> holds.lockOfAction(a.actionId).chain(h -> withDeliveries(a, h)));
  }

  private Uni<ActionRecord> withDeliveries(
      EnforcementActionEntity a, io.creatorgov.enforcement.repository.CommissionHoldEntity h) {
    return deliveries.ofAction(a.actionId).map(rows -> ActionRecord.of(a, rows, h));
  }

  public Uni<ActionRecord> of(EnforcementActionEntity a) {
    return deliveries
        .ofAction(a.actionId)
        .chain(rows -> holds.ofAction(a.actionId).map(h -> ActionRecord.of(a, rows, h)));
  }

  static EnforcementActionEntity found(EnforcementActionEntity a, String actionId) {
    if (a == null) {
      throw ApiException.notFound("enforcement action", actionId);
    }
    return a;
  }
}
