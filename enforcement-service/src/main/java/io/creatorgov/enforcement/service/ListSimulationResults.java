package io.creatorgov.enforcement.service;

/**
 * ListSimulationResults' page and filters.
 *
 * @param changeKind a {@link io.creatorgov.enforcement.domain.SimulationDiff.Change} name, or null
 *     for every kind
 * @param market empty: every market of the simulation
 */
public record ListSimulationResults(
    String simulationId, int pageSize, String pageToken, String changeKind, String market) {}
