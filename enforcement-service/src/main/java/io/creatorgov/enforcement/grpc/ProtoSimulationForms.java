package io.creatorgov.enforcement.grpc;

import io.creatorgov.enforcement.domain.SimulationReplay;
import io.creatorgov.enforcement.service.SimulationForms;
import io.creatorgov.kit.auth.CallerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * A simulation's creator, totals and results stored as the contract's messages ({@code Actor},
 * {@code Simulation}, {@code SimulationResult}): what {@link SimulationMessages} reads back and
 * ListSimulationResults returns as stored, and rows written before this class existed.
 */
@ApplicationScoped
public class ProtoSimulationForms implements SimulationForms {

  @Override
  public byte[] creator(CallerIdentity caller) {
    return caller.toActor().toByteArray();
  }

  @Override
  public byte[] summary(
      SimulationReplay.Totals overall, Map<String, SimulationReplay.Totals> perMarket) {
    return SimulationMessages.summary(overall, perMarket).toByteArray();
  }

  @Override
  public byte[] result(
      String market,
      SimulationReplay.Changed changed,
      Map<String, ViolationMeta> meta,
      String candidateKey,
      String standingKey) {
    return SimulationMessages.result(market, changed, meta, candidateKey, standingKey)
        .toByteArray();
  }
}
