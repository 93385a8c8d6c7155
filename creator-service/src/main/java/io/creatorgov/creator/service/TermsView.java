package io.creatorgov.creator.service;

import io.creatorgov.creator.domain.RestrictionType;
import io.creatorgov.creator.repository.CommissionRateEntity;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.RestrictionEntity;
import java.time.Instant;
import java.util.List;

/**
 * A creator's commission terms: the rates per category, and the COMMISSION_FROZEN restrictions in
 * force.
 */
public record TermsView(
    CreatorEntity creator, List<CommissionRateEntity> rates, List<RestrictionEntity> freezes) {

  /** The terms' etag: their own version, apart from the creator's row version. */
  public String etag() {
    return etagOf(creator);
  }

  public boolean frozen() {
    return !freezes.isEmpty();
  }

  static String etagOf(CreatorEntity creator) {
    return "c" + creator.commissionVersion;
  }

  /** The COMMISSION_FROZEN restrictions in force now among the active ones. */
  static List<RestrictionEntity> frozenBy(List<RestrictionEntity> active) {
    Instant now = Instant.now();
    return active.stream()
        .filter(r -> r.type == RestrictionType.COMMISSION_FROZEN)
        .filter(r -> r.endTime == null || r.endTime.toInstant().isAfter(now))
        .toList();
  }
}
