package io.creatorgov.enforcement.domain;

import java.util.Objects;

/**
 * One health-rating milestone.
 *
 * @param scoreAtOrBelow the consequence applies when the score falls to or below this value
 * @param consequence what happens at this milestone
 */
public record HealthMilestone(int scoreAtOrBelow, Consequence consequence) {

  public HealthMilestone {
    Objects.requireNonNull(consequence, "consequence");
  }
}
