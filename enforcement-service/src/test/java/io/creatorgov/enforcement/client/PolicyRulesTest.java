package io.creatorgov.enforcement.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.enforcement.domain.ActionType;
import io.creatorgov.enforcement.domain.CatalogueEntry;
import io.creatorgov.enforcement.domain.GroundType;
import io.creatorgov.enforcement.domain.HealthRating;
import io.creatorgov.enforcement.domain.PointsLadder;
import io.creatorgov.enforcement.domain.QuarterlyReset;
import io.creatorgov.enforcement.domain.RestrictionKind;
import io.creatorgov.enforcement.domain.RollingWindow;
import io.creatorgov.enforcement.domain.Severity;
import io.creatorgov.enforcement.domain.StandingRules;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The seed policies, mapped into the decision domain. */
class PolicyRulesTest {

  @Test
  void aCatalogueEntryKeepsItsPointsDeductionConsequenceAndGround() {
    CatalogueEntry entry =
        PolicyRules.catalogueEntry(
                SeedPolicies.resolve(SeedPolicies.CATALOGUE, "MY", 3), "COUNTERFEIT_GOODS")
            .orElseThrow();

    assertThat(entry.severity()).isEqualTo(Severity.HIGH);
    assertThat(entry.points()).isEqualTo(3);
    assertThat(entry.healthDeduction()).isEqualTo(50);
    assertThat(entry.defaultConsequence().type()).isEqualTo(ActionType.COMMISSION_FREEZE);
    assertThat(entry.defaultConsequence().restrictions())
        .containsExactly(RestrictionKind.COMMISSION_FROZEN);
    assertThat(entry.defaultConsequence().duration()).isEqualTo(Duration.ofDays(30));
    assertThat(entry.groundType()).isEqualTo(GroundType.ILLEGAL_CONTENT);
    assertThat(entry.category()).isEqualTo("INTELLECTUAL_PROPERTY_INFRINGEMENTS");
  }

  @Test
  void aCodeOutsideTheCatalogueIsAbsent() {
    assertThat(
            PolicyRules.catalogueEntry(
                SeedPolicies.resolve(SeedPolicies.CATALOGUE, "MY", 3), "NOT_A_CODE"))
        .isEmpty();
  }

  @Test
  void malaysiaHasTheBaseQuarterlyLadderAndTheSharedRepeatRules() {
    StandingRules rules =
        PolicyRules.standingRules(
            SeedPolicies.resolve(SeedPolicies.STANDING, "MY", 2), ZoneId.of("Asia/Kuala_Lumpur"));

    PointsLadder ladder = (PointsLadder) rules.model();
    assertThat(ladder.expiry()).isEqualTo(new QuarterlyReset(1));
    assertThat(ladder.thresholds()).extracting(t -> t.points()).containsExactly(3, 6, 9, 12, 15);
    assertThat(ladder.thresholds().get(4).consequence().type()).isEqualTo(ActionType.BAN);
    assertThat(rules.repeatOffenceRules()).hasSize(4);
  }

  @Test
  void japanHasARollingNinetyDayLadder() {
    StandingRules rules =
        PolicyRules.standingRules(
            SeedPolicies.resolve(SeedPolicies.STANDING, "JP", 2), ZoneId.of("Asia/Tokyo"));

    assertThat(((PointsLadder) rules.model()).expiry())
        .isEqualTo(new RollingWindow(Duration.ofDays(90)));
  }

  @Test
  void indonesiaHasTheHealthRatingStartingAtTwoHundred() {
    StandingRules rules =
        PolicyRules.standingRules(
            SeedPolicies.resolve(SeedPolicies.STANDING, "ID", 2), ZoneId.of("Asia/Jakarta"));

    HealthRating rating = (HealthRating) rules.model();
    assertThat(rating.startScore()).isEqualTo(200);
    assertThat(rating.milestones())
        .extracting(m -> m.scoreAtOrBelow())
        .containsExactly(150, 100, 50, 0);
    assertThat(rating.earnBack().pointsPerPeriod()).isEqualTo(10);
  }

  @Test
  void theAppealWindowIsThirtyDaysInTheBase() {
    assertThat(PolicyRules.appealWindow(SeedPolicies.resolve(SeedPolicies.APPEALS, "MY", 1)))
        .isEqualTo(Duration.ofDays(30));
  }
}
