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

  /** The records of several actions, by action id, in two queries. */
  public Uni<java.util.Map<String, ActionRecord>> ofAll(
      java.util.List<EnforcementActionEntity> all) {
    java.util.List<String> ids = all.stream().map(a -> a.actionId).toList();
    if (ids.isEmpty()) {
      return Uni.createFrom().item(java.util.Map.of());
    }
    return deliveries
        .list("actionId in ?1", ids)
        .chain(rows -> holds.list("actionId in ?1", ids).map(hs -> byAction(all, rows, hs)));
  }

  private static java.util.Map<String, ActionRecord> byAction(
      java.util.List<EnforcementActionEntity> all,
      java.util.List<io.creatorgov.enforcement.repository.ActionDeliveryEntity> rows,
      java.util.List<io.creatorgov.enforcement.repository.CommissionHoldEntity> hs) {
    java.util.Map<String, ActionRecord> map = new java.util.HashMap<>();
    for (EnforcementActionEntity a : all) {
      map.put(
          a.actionId,
          ActionRecord.of(
              a,
              rows.stream().filter(d -> d.actionId.equals(a.actionId)).toList(),
              hs.stream().filter(h -> h.actionId.equals(a.actionId)).findFirst().orElse(null)));
    }
    return map;
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
