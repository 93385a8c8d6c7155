package io.creatorgov.incentive.domain;

import java.time.Duration;
import java.time.Instant;

/** A period a creator spent SUSPENDED or BANNED, clipped to the participation period. */
public record StandingLapse(String status, Instant start, Instant end, String enforcementActionId) {
  public Duration length() {
    return Duration.between(start, end);
  }
}
