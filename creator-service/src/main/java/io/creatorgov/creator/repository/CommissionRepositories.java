package io.creatorgov.creator.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Repositories of commission rates/changes and performance/tier records. */
public final class CommissionRepositories {
  private CommissionRepositories() {}

  @ApplicationScoped
  public static class Rates
      implements PanacheRepositoryBase<CommissionRateEntity, CommissionRateEntity.Key> {
    public Uni<List<CommissionRateEntity>> ofCreator(String creatorId) {
      return list("creatorId = ?1 order by category", creatorId);
    }

    public Uni<CommissionRateEntity> find(String creatorId, String category) {
      return find("creatorId = ?1 and category = ?2", creatorId, category).firstResult();
    }
  }

  @ApplicationScoped
  public static class Changes implements PanacheRepositoryBase<CommissionChangeEntity, String> {
    public Uni<List<CommissionChangeEntity>> page(
        String creatorId, String category, String afterId, int limit) {
      if (category == null) {
        return find("creatorId = ?1 and changeId > ?2 order by changeId", creatorId, afterId)
            .page(0, limit)
            .list();
      }
      return find(
              "creatorId = ?1 and category = ?2 and changeId > ?3 order by changeId",
              creatorId,
              category,
              afterId)
          .page(0, limit)
          .list();
    }
  }

  @ApplicationScoped
  public static class Snapshots
      implements PanacheRepositoryBase<PerformanceSnapshotEntity, String> {
    public Uni<PerformanceSnapshotEntity> latest(String creatorId) {
      return find("creatorId = ?1 order by periodEnd desc", creatorId).firstResult();
    }
  }

  @ApplicationScoped
  public static class Assessments implements PanacheRepositoryBase<TierAssessmentEntity, String> {
    /** Newest first (ids sort by creation time), before the cursor id. */
    public Uni<List<TierAssessmentEntity>> page(
        String creatorId, boolean changesOnly, String beforeId, int limit) {
      String q = changesOnly ? " and tierChanged = true" : "";
      return find(
              "creatorId = ?1 and assessmentId < ?2" + q + " order by assessmentId desc",
              creatorId,
              beforeId)
          .page(0, limit)
          .list();
    }

    /** The assessment that set the current tier (the newest that changed it), if any. */
    public Uni<TierAssessmentEntity> latestChange(String creatorId) {
      return find("creatorId = ?1 and tierChanged = true order by assessmentId desc", creatorId)
          .firstResult();
    }
  }
}
