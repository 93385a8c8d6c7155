package io.creatorgov.enforcement.service;

import java.time.Instant;
import java.util.List;

/**
 * CreateSimulation's command.
 *
 * @param markets markets to replay; empty: every enabled market in the caller's scope
 * @param windowStart first observation instant replayed
 * @param windowEnd first observation instant after the window
 */
public record CreateSimulation(
    String requestId,
    String policyKey,
    int policyVersion,
    List<String> markets,
    Instant windowStart,
    Instant windowEnd) {
  public CreateSimulation {
    markets = List.copyOf(markets);
  }
}
