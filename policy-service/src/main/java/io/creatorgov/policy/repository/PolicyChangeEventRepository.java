package io.creatorgov.policy.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class PolicyChangeEventRepository
    implements PanacheRepositoryBase<PolicyChangeEventEntity, Long> {

  /** Events after {@code afterSequence}, in sequence order. */
  public Uni<List<PolicyChangeEventEntity>> after(long afterSequence, int limit) {
    return find("sequence > ?1 order by sequence", afterSequence).page(0, limit).list();
  }

  public Uni<Long> lastSequence() {
    return getSession()
        .flatMap(
            s ->
                s.createQuery(
                        "select coalesce(max(e.sequence), 0) from PolicyChangeEventEntity e",
                        Long.class)
                    .getSingleResult());
  }
}
