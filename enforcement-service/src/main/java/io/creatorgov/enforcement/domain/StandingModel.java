package io.creatorgov.enforcement.domain;

/**
 * How a market turns confirmed violations into escalating consequences: a {@link PointsLadder} or a
 * {@link HealthRating} (the contract's {@code StandingModel} branches).
 */
public sealed interface StandingModel permits PointsLadder, HealthRating {}
