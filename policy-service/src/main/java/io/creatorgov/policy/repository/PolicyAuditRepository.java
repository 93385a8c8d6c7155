package io.creatorgov.policy.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PolicyAuditRepository implements PanacheRepository<PolicyAuditEntity> {}
