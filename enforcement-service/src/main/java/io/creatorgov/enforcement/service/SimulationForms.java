package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.domain.SimulationReplay;
import io.creatorgov.kit.auth.CallerIdentity;
import java.util.Map;

/**
 * How a simulation's creator, totals and per-creator results are stored in their rows' payload
 * columns. The stored form is the contract's messages (so rows written before stay readable and the
 * API returns them as stored); the API layer implements it (grpc/ProtoSimulationForms), service/
 * only hands over domain values.
 */
public interface SimulationForms {

  /**
   * What a result row needs to know of a replayed violation besides the replay.
   *
   * @param actionId the recorded action
   * @param candidateKeyVersion the version of the candidate's key the recorded decision pinned
   * @param catalogueKey the catalogue that defined the code
   */
  record ViolationMeta(String actionId, int candidateKeyVersion, String catalogueKey) {}

  /** The actor of a simulation {@code caller} creates. */
  byte[] creator(CallerIdentity caller);

  /** The stored summary: overall totals, one summary per market and the missing codes. */
  byte[] summary(SimulationReplay.Totals overall, Map<String, SimulationReplay.Totals> perMarket);

  /** One changed creator's result row. */
  byte[] result(
      String market,
      SimulationReplay.Changed changed,
      Map<String, ViolationMeta> meta,
      String candidateKey,
      String standingKey);
}
