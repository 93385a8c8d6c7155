package io.creatorgov.enforcement.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.creatorgov.enforcement.domain.CatalogueEntry;
import io.creatorgov.enforcement.domain.StandingRules;
import io.creatorgov.policy.v1.ResolvedPolicy;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A policy version as policy-service resolved it for one market, read in domain terms ({@link
 * PolicyRules}): what a simulation replays with. Stored (a simulation's pinned candidate) as the
 * contract's {@code ResolvedPolicy}, so service/ never handles the peer's messages.
 */
public final class ResolvedRules {
  private final ResolvedPolicy policy;

  ResolvedRules(ResolvedPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** Reads back what {@link #stored()} wrote. */
  public static ResolvedRules fromStored(byte[] stored) {
    try {
      return new ResolvedRules(ResolvedPolicy.parseFrom(stored));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored simulation candidate", e);
    }
  }

  /** The stored form: the contract's ResolvedPolicy. */
  public byte[] stored() {
    return policy.toByteArray();
  }

  /** The catalogue's entry for {@code code}; empty when the catalogue does not define it. */
  public Optional<CatalogueEntry> catalogueEntry(String code) {
    return PolicyRules.catalogueEntry(policy, code);
  }

  /** The standing policy's rules, with quarterly resets in {@code marketZone}. */
  public StandingRules standingRules(ZoneId marketZone) {
    return PolicyRules.standingRules(policy, marketZone);
  }
}
