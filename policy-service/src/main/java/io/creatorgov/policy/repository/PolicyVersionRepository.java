package io.creatorgov.policy.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

@ApplicationScoped
public class PolicyVersionRepository implements PanacheRepository<PolicyVersionEntity> {

  public Uni<PolicyVersionEntity> findVersion(String policyKey, int version) {
    return find("policyKey = ?1 and version = ?2", policyKey, version).firstResult();
  }

  /** The version row, locked until the transaction ends: state changes are serialized. */
  public Uni<PolicyVersionEntity> lockVersion(String policyKey, int version) {
    return find("policyKey = ?1 and version = ?2", policyKey, version)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResult();
  }

  /** Every version that was ever published (PUBLISHED or RETIRED with an effective_from). */
  public Uni<List<PolicyVersionEntity>> publishedTimeline(String policyKey) {
    return list(
        "policyKey = ?1 and effectiveFrom is not null order by effectiveFrom, version", policyKey);
  }

  public Uni<List<PolicyVersionEntity>> publishedTimelines(List<String> policyKeys) {
    return list(
        "policyKey in ?1 and effectiveFrom is not null order by policyKey, effectiveFrom, version",
        policyKeys);
  }

  public Uni<List<PolicyVersionEntity>> page(
      String policyKey, List<String> states, int beforeVersion, int limit) {
    if (states.isEmpty()) {
      return find("policyKey = ?1 and version < ?2 order by version desc", policyKey, beforeVersion)
          .page(0, limit)
          .list();
    }
    return find(
            "policyKey = ?1 and version < ?2 and state in ?3 order by version desc",
            policyKey,
            beforeVersion,
            states)
        .page(0, limit)
        .list();
  }
}
