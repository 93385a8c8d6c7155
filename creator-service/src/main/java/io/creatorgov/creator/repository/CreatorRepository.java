package io.creatorgov.creator.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class CreatorRepository implements PanacheRepositoryBase<CreatorEntity, String> {

  public Uni<CreatorEntity> findByHandle(String market, String handle) {
    return find("market = ?1 and lower(handle) = lower(?2)", market, handle).firstResult();
  }

  /** A page ordered by creator id, after {@code afterId}, with optional filters. */
  public Uni<List<CreatorEntity>> page(
      String market,
      String status,
      String tier,
      String category,
      String handle,
      String afterId,
      int limit) {
    StringBuilder q = new StringBuilder("creatorId > :after");
    Parameters p = Parameters.with("after", afterId == null ? "" : afterId);
    if (market != null) {
      q.append(" and market = :market");
      p = p.and("market", market);
    }
    if (status != null) {
      q.append(" and status = :status");
      p = p.and("status", status);
    }
    if (tier != null) {
      q.append(" and tier = :tier");
      p = p.and("tier", tier);
    }
    if (category != null) {
      q.append(
          " and (categories = :cat or categories like :catFirst or categories like :catMid or categories like :catLast)");
      p =
          p.and("cat", category)
              .and("catFirst", category + "\n%")
              .and("catMid", "%\n" + category + "\n%")
              .and("catLast", "%\n" + category);
    }
    if (handle != null) {
      q.append(" and lower(handle) = lower(:handle)");
      p = p.and("handle", handle);
    }
    return find(q + " order by creatorId", p).page(0, limit).list();
  }
}
