package io.creatorgov.policy.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class PolicyRepository implements PanacheRepositoryBase<PolicyEntity, String> {

  /** A page of policies after {@code afterKey} (exclusive), ordered by key. */
  public Uni<List<PolicyEntity>> page(String kind, String keyPrefix, String afterKey, int limit) {
    String query = "policyKey > :after and policyKey like :prefix escape '\\'";
    Parameters params =
        Parameters.with("after", afterKey == null ? "" : afterKey)
            .and("prefix", likePrefix(keyPrefix));
    if (kind != null) {
      query += " and kind = :kind";
      params = params.and("kind", kind);
    }
    return find(query + " order by policyKey", params).page(0, limit).list();
  }

  public Uni<List<PolicyEntity>> allOfKinds(List<String> kinds) {
    if (kinds.isEmpty()) {
      return listAll();
    }
    return list("kind in ?1 order by policyKey", kinds);
  }

  private static String likePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "%";
    }
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
