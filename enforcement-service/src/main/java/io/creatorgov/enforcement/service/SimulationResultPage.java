package io.creatorgov.enforcement.service;

/**
 * A page of a simulation's results, each as stored ({@link SimulationForms#result}).
 *
 * @param totalSize the results matching the filters across all pages
 */
public record SimulationResultPage(Page<byte[]> page, long totalSize) {}
