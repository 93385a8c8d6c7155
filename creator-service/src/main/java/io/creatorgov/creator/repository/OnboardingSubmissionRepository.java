package io.creatorgov.creator.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class OnboardingSubmissionRepository
    implements PanacheRepositoryBase<OnboardingSubmissionEntity, Long> {
  /** Every submission of a creator, oldest first (later ones override earlier ones). */
  public Uni<List<OnboardingSubmissionEntity>> ofCreator(String creatorId) {
    return list("creatorId = ?1 order by submitTime, id", creatorId);
  }
}
