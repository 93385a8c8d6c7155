package io.creatorgov.creator.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class CreatorEventRepository implements PanacheRepositoryBase<CreatorEventEntity, Long> {}
