package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.v1.SimulationResult;

/**
 * A page of a simulation's results.
 *
 * @param totalSize the results matching the filters across all pages
 */
public record SimulationResultPage(Page<SimulationResult> page, long totalSize) {}
