package io.creatorgov.creator.service;

import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.RestrictionEntity;
import java.time.Instant;
import java.util.List;

/**
 * A creator as of {@code at}: its row and its active restrictions (one whose end time has passed at
 * {@code at} is no longer in force).
 */
public record CreatorView(CreatorEntity creator, List<RestrictionEntity> active, Instant at) {}
