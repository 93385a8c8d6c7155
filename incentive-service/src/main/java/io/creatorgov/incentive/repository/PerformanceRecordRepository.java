package io.creatorgov.incentive.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PerformanceRecordRepository
    implements PanacheRepositoryBase<PerformanceRecordEntity, String> {}
