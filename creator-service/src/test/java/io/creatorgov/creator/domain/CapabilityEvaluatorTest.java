package io.creatorgov.creator.domain;

import static io.creatorgov.common.v1.CreatorStatus.CREATOR_STATUS_ACTIVE;
import static io.creatorgov.common.v1.CreatorStatus.CREATOR_STATUS_APPLIED;
import static io.creatorgov.common.v1.CreatorStatus.CREATOR_STATUS_BANNED;
import static io.creatorgov.common.v1.CreatorStatus.CREATOR_STATUS_OFFBOARDED;
import static io.creatorgov.common.v1.CreatorStatus.CREATOR_STATUS_RESTRICTED;
import static io.creatorgov.common.v1.CreatorStatus.CREATOR_STATUS_SUSPENDED;
import static io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_ADS_INELIGIBLE;
import static io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE;
import static io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_COMMISSION_FROZEN;
import static io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_LIVE_DISABLED;
import static io.creatorgov.common.v1.RestrictionType.RESTRICTION_TYPE_TRAFFIC_LIMITED;
import static io.creatorgov.creator.v1.Capability.CAPABILITY_EARN_COMMISSION;
import static io.creatorgov.creator.v1.Capability.CAPABILITY_GO_LIVE;
import static io.creatorgov.creator.v1.Capability.CAPABILITY_JOIN_CAMPAIGN;
import static io.creatorgov.creator.v1.Capability.CAPABILITY_JOIN_INCENTIVE_PROGRAM;
import static io.creatorgov.creator.v1.Capability.CAPABILITY_RECEIVE_RECOMMENDATION_TRAFFIC;
import static io.creatorgov.creator.v1.Capability.CAPABILITY_RUN_ADS;
import static io.creatorgov.creator.v1.OnboardingItemKind.ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION;
import static io.creatorgov.creator.v1.OnboardingItemKind.ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT;
import static io.creatorgov.creator.v1.OnboardingItemKind.ONBOARDING_ITEM_KIND_TAX_PROFILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.RestrictionType;
import io.creatorgov.creator.grpc.CreatorMessages;
import io.creatorgov.creator.grpc.Vocabulary;
import io.creatorgov.creator.v1.Capability;
import io.creatorgov.creator.v1.CapabilityDecision;
import io.creatorgov.creator.v1.DenialReason;
import io.creatorgov.creator.v1.OnboardingDenial;
import io.creatorgov.creator.v1.OnboardingItemKind;
import io.creatorgov.creator.v1.RestrictionDenial;
import io.creatorgov.creator.v1.StatusDenial;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.time.ProtoTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decisions are compared as the contract's CapabilityDecision (mapped by grpc/CreatorMessages
 * and grpc/Vocabulary), so these tests also hold the API's output to what the contract documents.
 */
class CapabilityEvaluatorTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final Instant IN_1_DAY = NOW.plus(Duration.ofDays(1));
  private static final Instant IN_3_DAYS = NOW.plus(Duration.ofDays(3));
  private static final Instant IN_7_DAYS = NOW.plus(Duration.ofDays(7));
  private static final Instant LAST_WEEK = NOW.minus(Duration.ofDays(7));

  private static CapabilityInputs creator(CreatorStatus status, ActiveRestriction... restrictions) {
    return inputs(status, null, null, List.of(), List.of(restrictions));
  }

  private static CapabilityInputs suspendedCreator(
      Instant until, String actionId, ActiveRestriction... restrictions) {
    return inputs(CREATOR_STATUS_SUSPENDED, until, actionId, List.of(), List.of(restrictions));
  }

  private static CapabilityInputs applicant(OnboardingItemKind... missing) {
    return inputs(CREATOR_STATUS_APPLIED, null, null, List.of(missing), List.of());
  }

  private static ActiveRestriction restriction(
      String id, RestrictionType type, Instant start, Instant end) {
    return new ActiveRestriction(id, Vocabulary.restrictionType(type), "act-" + id, start, end);
  }

  /** A creator cr-1 in VN, given in the contract's vocabulary. */
  private static CapabilityInputs inputs(
      CreatorStatus status,
      Instant suspensionEnd,
      String actionId,
      List<OnboardingItemKind> missing,
      List<ActiveRestriction> restrictions) {
    return new CapabilityInputs(
        "cr-1",
        "VN",
        Vocabulary.status(status),
        suspensionEnd,
        actionId,
        missing.stream().map(Vocabulary::itemKind).collect(Collectors.toList()),
        restrictions);
  }

  /** {@link CapabilityEvaluator#decide}, asked and answered in the contract's terms. */
  private static CapabilityDecision decide(
      CapabilityInputs in, Capability capability, Instant now) {
    return CreatorMessages.toDecision(
        CapabilityEvaluator.decide(in, Vocabulary.capability(capability), now));
  }

  private static ActiveRestriction untilLifted(String id, RestrictionType type) {
    return restriction(id, type, LAST_WEEK, null);
  }

  // ---- which restriction denies which capability --------------------------------------------

  /** (capability, restriction type, denied?) for every pair, as the Capability enum documents. */
  static Stream<Arguments> restrictionTable() {
    return Stream.of(
        Arguments.of(CAPABILITY_GO_LIVE, RESTRICTION_TYPE_LIVE_DISABLED, true),
        Arguments.of(CAPABILITY_GO_LIVE, RESTRICTION_TYPE_TRAFFIC_LIMITED, false),
        Arguments.of(CAPABILITY_GO_LIVE, RESTRICTION_TYPE_COMMISSION_FROZEN, false),
        Arguments.of(CAPABILITY_GO_LIVE, RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE, false),
        Arguments.of(CAPABILITY_GO_LIVE, RESTRICTION_TYPE_ADS_INELIGIBLE, false),
        Arguments.of(CAPABILITY_JOIN_CAMPAIGN, RESTRICTION_TYPE_LIVE_DISABLED, false),
        Arguments.of(CAPABILITY_JOIN_CAMPAIGN, RESTRICTION_TYPE_TRAFFIC_LIMITED, false),
        Arguments.of(CAPABILITY_JOIN_CAMPAIGN, RESTRICTION_TYPE_COMMISSION_FROZEN, false),
        Arguments.of(CAPABILITY_JOIN_CAMPAIGN, RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE, true),
        Arguments.of(CAPABILITY_JOIN_CAMPAIGN, RESTRICTION_TYPE_ADS_INELIGIBLE, false),
        Arguments.of(CAPABILITY_EARN_COMMISSION, RESTRICTION_TYPE_LIVE_DISABLED, false),
        Arguments.of(CAPABILITY_EARN_COMMISSION, RESTRICTION_TYPE_TRAFFIC_LIMITED, false),
        Arguments.of(CAPABILITY_EARN_COMMISSION, RESTRICTION_TYPE_COMMISSION_FROZEN, true),
        Arguments.of(CAPABILITY_EARN_COMMISSION, RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE, false),
        Arguments.of(CAPABILITY_EARN_COMMISSION, RESTRICTION_TYPE_ADS_INELIGIBLE, false),
        Arguments.of(
            CAPABILITY_RECEIVE_RECOMMENDATION_TRAFFIC, RESTRICTION_TYPE_LIVE_DISABLED, false),
        Arguments.of(
            CAPABILITY_RECEIVE_RECOMMENDATION_TRAFFIC, RESTRICTION_TYPE_TRAFFIC_LIMITED, true),
        Arguments.of(
            CAPABILITY_RECEIVE_RECOMMENDATION_TRAFFIC, RESTRICTION_TYPE_COMMISSION_FROZEN, false),
        Arguments.of(
            CAPABILITY_RECEIVE_RECOMMENDATION_TRAFFIC, RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE, false),
        Arguments.of(
            CAPABILITY_RECEIVE_RECOMMENDATION_TRAFFIC, RESTRICTION_TYPE_ADS_INELIGIBLE, false),
        Arguments.of(CAPABILITY_RUN_ADS, RESTRICTION_TYPE_LIVE_DISABLED, false),
        Arguments.of(CAPABILITY_RUN_ADS, RESTRICTION_TYPE_TRAFFIC_LIMITED, false),
        Arguments.of(CAPABILITY_RUN_ADS, RESTRICTION_TYPE_COMMISSION_FROZEN, false),
        Arguments.of(CAPABILITY_RUN_ADS, RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE, false),
        Arguments.of(CAPABILITY_RUN_ADS, RESTRICTION_TYPE_ADS_INELIGIBLE, true),
        Arguments.of(CAPABILITY_JOIN_INCENTIVE_PROGRAM, RESTRICTION_TYPE_LIVE_DISABLED, false),
        Arguments.of(CAPABILITY_JOIN_INCENTIVE_PROGRAM, RESTRICTION_TYPE_TRAFFIC_LIMITED, false),
        Arguments.of(CAPABILITY_JOIN_INCENTIVE_PROGRAM, RESTRICTION_TYPE_COMMISSION_FROZEN, false),
        Arguments.of(CAPABILITY_JOIN_INCENTIVE_PROGRAM, RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE, true),
        Arguments.of(CAPABILITY_JOIN_INCENTIVE_PROGRAM, RESTRICTION_TYPE_ADS_INELIGIBLE, false));
  }

  @ParameterizedTest(name = "{0} with {1}: denied={2}")
  @MethodSource("restrictionTable")
  void eachCapabilityIsDeniedOnlyByItsRestrictionTypes(
      Capability capability, RestrictionType type, boolean denied) {
    ActiveRestriction inForce = restriction("r-1", type, LAST_WEEK, IN_3_DAYS);

    CapabilityDecision decision =
        decide(creator(CREATOR_STATUS_RESTRICTED, inForce), capability, NOW);

    assertThat(decision.getAllowed()).isEqualTo(!denied);
    assertThat(decision.getStatus()).isEqualTo(CREATOR_STATUS_RESTRICTED);
    if (denied) {
      assertThat(decision.getReasonsList())
          .extracting(DenialReason::getRestriction)
          .containsExactly(
              RestrictionDenial.newBuilder()
                  .setRestrictionId("r-1")
                  .setRestrictionType(type)
                  .setEnforcementActionId("act-r-1")
                  .setEndTime(ProtoTime.of(IN_3_DAYS))
                  .build());
    } else {
      assertThat(decision.getReasonsList()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Capability.class,
      names = {"CAPABILITY_UNSPECIFIED", "UNRECOGNIZED"},
      mode = EnumSource.Mode.EXCLUDE)
  void activeCreatorWithoutRestrictionsMayUseEveryCapability(Capability capability) {
    CapabilityDecision decision = decide(creator(CREATOR_STATUS_ACTIVE), capability, NOW);

    assertThat(decision)
        .isEqualTo(
            CapabilityDecision.newBuilder()
                .setCreatorId("cr-1")
                .setMarket("VN")
                .setCapability(capability)
                .setAllowed(true)
                .setStatus(CREATOR_STATUS_ACTIVE)
                .setEvaluatedTime(ProtoTime.of(NOW))
                .build());
  }

  @Test
  void unspecifiedCapabilityIsInvalid() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> decide(creator(CREATOR_STATUS_ACTIVE), Capability.CAPABILITY_UNSPECIFIED, NOW));

    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_ARGUMENT);
    assertThat(e.fieldViolations())
        .containsExactly(new FieldViolation("capability", "must be a specific capability"));
  }

  // ---- statuses -----------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(
      value = Capability.class,
      names = {"CAPABILITY_UNSPECIFIED", "UNRECOGNIZED"},
      mode = EnumSource.Mode.EXCLUDE)
  void applicantIsDeniedEveryCapabilityNamingTheMissingOnboardingItems(Capability capability) {
    CapabilityDecision decision =
        decide(
            applicant(ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION, ONBOARDING_ITEM_KIND_TAX_PROFILE),
            capability,
            NOW);

    assertThat(decision.getAllowed()).isFalse();
    assertThat(decision.getStatus()).isEqualTo(CREATOR_STATUS_APPLIED);
    assertThat(decision.getReasonsList())
        .containsExactly(
            DenialReason.newBuilder()
                .setMessage(
                    "creator is not activated yet (APPLIED): no capability before activation")
                .setStatus(StatusDenial.newBuilder().setStatus(CREATOR_STATUS_APPLIED))
                .build(),
            DenialReason.newBuilder()
                .setMessage("onboarding is incomplete, missing: identity verification, tax profile")
                .setOnboarding(
                    OnboardingDenial.newBuilder()
                        .addMissingItems(ONBOARDING_ITEM_KIND_IDENTITY_VERIFICATION)
                        .addMissingItems(ONBOARDING_ITEM_KIND_TAX_PROFILE))
                .build());
    assertThat(decision.hasExpireTime()).isFalse();
  }

  @Test
  void applicantWithNothingMissingIsDeniedOnlyByTheStatus() {
    CapabilityDecision decision = decide(applicant(), CAPABILITY_GO_LIVE, NOW);

    assertThat(decision.getReasonsList())
        .extracting(DenialReason::getReasonCase)
        .containsExactly(DenialReason.ReasonCase.STATUS);
  }

  @Test
  void everyMissingAcknowledgementIsListed() {
    CapabilityDecision decision =
        decide(
            applicant(
                ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT,
                ONBOARDING_ITEM_KIND_POLICY_ACKNOWLEDGEMENT),
            CAPABILITY_GO_LIVE,
            NOW);

    DenialReason onboarding = decision.getReasons(1);
    assertThat(onboarding.getMessage())
        .isEqualTo(
            "onboarding is incomplete, missing: policy acknowledgement, policy acknowledgement");
    assertThat(onboarding.getOnboarding().getMissingItemsList()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(
      value = Capability.class,
      names = {"CAPABILITY_UNSPECIFIED", "UNRECOGNIZED"},
      mode = EnumSource.Mode.EXCLUDE)
  void suspendedCreatorIsDeniedEveryCapabilityUntilTheSuspensionEnds(Capability capability) {
    CapabilityDecision decision = decide(suspendedCreator(IN_3_DAYS, "act-s"), capability, NOW);

    assertThat(decision.getAllowed()).isFalse();
    assertThat(decision.getStatus()).isEqualTo(CREATOR_STATUS_SUSPENDED);
    assertThat(decision.getReasonsList())
        .containsExactly(
            DenialReason.newBuilder()
                .setMessage(
                    "creator is suspended until 2025-06-04T12:00:00Z by enforcement action act-s:"
                        + " every capability is denied while suspended")
                .setStatus(
                    StatusDenial.newBuilder()
                        .setStatus(CREATOR_STATUS_SUSPENDED)
                        .setSuspensionEndTime(ProtoTime.of(IN_3_DAYS))
                        .setEnforcementActionId("act-s"))
                .build());
    assertThat(decision.getExpireTime()).isEqualTo(ProtoTime.of(IN_3_DAYS));
  }

  @Test
  void operatorSuspensionIsReportedWithoutAnEnforcementAction() {
    CapabilityDecision decision =
        decide(suspendedCreator(IN_3_DAYS, null), CAPABILITY_GO_LIVE, NOW);

    assertThat(decision.getReasons(0).getMessage())
        .isEqualTo(
            "creator is suspended until 2025-06-04T12:00:00Z: every capability is denied while"
                + " suspended");
    assertThat(decision.getReasons(0).getStatus().getEnforcementActionId()).isEmpty();
  }

  @Test
  void bannedCreatorIsDeniedNamingTheBanAction() {
    CapabilityInputs banned = inputs(CREATOR_STATUS_BANNED, null, "act-ban", List.of(), List.of());

    CapabilityDecision decision = decide(banned, CAPABILITY_RUN_ADS, NOW);

    assertThat(decision.getAllowed()).isFalse();
    assertThat(decision.getReasonsList())
        .containsExactly(
            DenialReason.newBuilder()
                .setMessage(
                    "creator is banned by enforcement action act-ban: every capability is denied")
                .setStatus(
                    StatusDenial.newBuilder()
                        .setStatus(CREATOR_STATUS_BANNED)
                        .setEnforcementActionId("act-ban"))
                .build());
    assertThat(decision.hasExpireTime()).isFalse();
  }

  @Test
  void offboardedCreatorIsDenied() {
    CapabilityDecision decision =
        decide(creator(CREATOR_STATUS_OFFBOARDED), CAPABILITY_JOIN_CAMPAIGN, NOW);

    assertThat(decision.getAllowed()).isFalse();
    assertThat(decision.getReasonsList())
        .containsExactly(
            DenialReason.newBuilder()
                .setMessage("creator is OFFBOARDED: every capability is denied")
                .setStatus(StatusDenial.newBuilder().setStatus(CREATOR_STATUS_OFFBOARDED))
                .build());
  }

  @Test
  void suspensionWhoseEndHasPassedNoLongerDenies() {
    ActiveRestriction traffic = untilLifted("r-1", RESTRICTION_TYPE_TRAFFIC_LIMITED);

    CapabilityDecision decision =
        decide(suspendedCreator(NOW, "act-s", traffic), CAPABILITY_GO_LIVE, NOW);

    assertThat(decision.getAllowed()).isTrue();
    assertThat(decision.getStatus()).isEqualTo(CREATOR_STATUS_RESTRICTED);
  }

  // ---- several reasons ----------------------------------------------------------------------

  @Test
  void everyReasonIsListedStatusFirstThenRestrictionsByStartTime() {
    ActiveRestriction later = restriction("r-late", RESTRICTION_TYPE_LIVE_DISABLED, NOW, null);
    ActiveRestriction earlier =
        restriction("r-early", RESTRICTION_TYPE_LIVE_DISABLED, LAST_WEEK, IN_7_DAYS);
    ActiveRestriction unrelated = untilLifted("r-ads", RESTRICTION_TYPE_ADS_INELIGIBLE);

    CapabilityDecision decision =
        decide(
            suspendedCreator(IN_3_DAYS, "act-s", later, unrelated, earlier),
            CAPABILITY_GO_LIVE,
            NOW);

    assertThat(decision.getAllowed()).isFalse();
    assertThat(decision.getReasonsList())
        .extracting(DenialReason::getMessage)
        .containsExactly(
            "creator is suspended until 2025-06-04T12:00:00Z by enforcement action act-s: every"
                + " capability is denied while suspended",
            "restriction r-early (LIVE_DISABLED by enforcement action act-r-early) denies go live"
                + " until 2025-06-08T12:00:00Z",
            "restriction r-late (LIVE_DISABLED by enforcement action act-r-late) denies go live"
                + " until it is lifted");
    assertThat(decision.getReasons(2).getRestriction().hasEndTime()).isFalse();
  }

  @Test
  void campaignIneligibilityDeniesBothCampaignsAndIncentivePrograms() {
    CapabilityInputs ineligible =
        creator(
            CREATOR_STATUS_RESTRICTED, untilLifted("r-1", RESTRICTION_TYPE_CAMPAIGN_INELIGIBLE));

    assertThat(decide(ineligible, CAPABILITY_JOIN_CAMPAIGN, NOW).getAllowed()).isFalse();
    assertThat(
            decide(ineligible, CAPABILITY_JOIN_INCENTIVE_PROGRAM, NOW).getReasons(0).getMessage())
        .isEqualTo(
            "restriction r-1 (CAMPAIGN_INELIGIBLE by enforcement action act-r-1) denies join"
                + " incentive program until it is lifted");
  }

  // ---- expiry and valid_until ---------------------------------------------------------------

  @Test
  void restrictionWhoseEndTimeHasPassedIsIgnored() {
    ActiveRestriction expired = restriction("r-1", RESTRICTION_TYPE_LIVE_DISABLED, LAST_WEEK, NOW);

    CapabilityDecision decision =
        decide(creator(CREATOR_STATUS_RESTRICTED, expired), CAPABILITY_GO_LIVE, NOW);

    assertThat(decision.getAllowed()).isTrue();
    assertThat(decision.getReasonsList()).isEmpty();
    assertThat(decision.getStatus()).isEqualTo(CREATOR_STATUS_ACTIVE);
    assertThat(decision.hasExpireTime()).isFalse();
  }

  @Test
  void restrictionEndingAfterNowStillDenies() {
    ActiveRestriction running =
        restriction("r-1", RESTRICTION_TYPE_LIVE_DISABLED, LAST_WEEK, NOW.plusMillis(1));

    CapabilityDecision decision =
        decide(creator(CREATOR_STATUS_RESTRICTED, running), CAPABILITY_GO_LIVE, NOW);

    assertThat(decision.getAllowed()).isFalse();
    assertThat(decision.getExpireTime()).isEqualTo(ProtoTime.of(NOW.plusMillis(1)));
  }

  @Test
  void validUntilIsTheEarliestEndAmongTheDenyingRestrictions() {
    CapabilityInputs in =
        creator(
            CREATOR_STATUS_RESTRICTED,
            restriction("r-1", RESTRICTION_TYPE_COMMISSION_FROZEN, LAST_WEEK, IN_7_DAYS),
            untilLifted("r-2", RESTRICTION_TYPE_COMMISSION_FROZEN),
            restriction("r-3", RESTRICTION_TYPE_COMMISSION_FROZEN, LAST_WEEK, IN_3_DAYS),
            restriction("r-4", RESTRICTION_TYPE_LIVE_DISABLED, LAST_WEEK, IN_1_DAY));

    CapabilityDecision decision = decide(in, CAPABILITY_EARN_COMMISSION, NOW);

    assertThat(decision.getReasonsList()).hasSize(3);
    assertThat(decision.getExpireTime()).isEqualTo(ProtoTime.of(IN_3_DAYS));
  }

  @Test
  void validUntilIsTheSuspensionEndWhenItComesFirst() {
    CapabilityInputs in =
        suspendedCreator(
            IN_1_DAY,
            "act-s",
            restriction("r-1", RESTRICTION_TYPE_LIVE_DISABLED, LAST_WEEK, IN_3_DAYS));

    assertThat(decide(in, CAPABILITY_GO_LIVE, NOW).getExpireTime())
        .isEqualTo(ProtoTime.of(IN_1_DAY));
  }

  @Test
  void validUntilIsARestrictionEndWhenItComesBeforeTheSuspensionEnd() {
    CapabilityInputs in =
        suspendedCreator(
            IN_7_DAYS,
            "act-s",
            restriction("r-1", RESTRICTION_TYPE_LIVE_DISABLED, LAST_WEEK, IN_3_DAYS));

    assertThat(decide(in, CAPABILITY_GO_LIVE, NOW).getExpireTime())
        .isEqualTo(ProtoTime.of(IN_3_DAYS));
  }

  @Test
  void validUntilIsUnsetWhenTheDenyingRestrictionLastsUntilLifted() {
    CapabilityInputs in =
        creator(CREATOR_STATUS_RESTRICTED, untilLifted("r-1", RESTRICTION_TYPE_LIVE_DISABLED));

    assertThat(decide(in, CAPABILITY_GO_LIVE, NOW).hasExpireTime()).isFalse();
  }

  @Test
  void allowedDecisionOfARestrictedCreatorIsExpireTimeTheLastRestrictionEnds() {
    CapabilityInputs in =
        creator(
            CREATOR_STATUS_RESTRICTED,
            restriction("r-1", RESTRICTION_TYPE_TRAFFIC_LIMITED, LAST_WEEK, IN_1_DAY),
            restriction("r-2", RESTRICTION_TYPE_ADS_INELIGIBLE, LAST_WEEK, IN_3_DAYS));

    CapabilityDecision decision = decide(in, CAPABILITY_GO_LIVE, NOW);

    assertThat(decision.getAllowed()).isTrue();
    assertThat(decision.getStatus()).isEqualTo(CREATOR_STATUS_RESTRICTED);
    assertThat(decision.getExpireTime()).isEqualTo(ProtoTime.of(IN_3_DAYS));
  }

  @Test
  void allowedDecisionIsUnsetWhenARestrictionLastsUntilLifted() {
    CapabilityInputs in =
        creator(
            CREATOR_STATUS_RESTRICTED,
            restriction("r-1", RESTRICTION_TYPE_TRAFFIC_LIMITED, LAST_WEEK, IN_1_DAY),
            untilLifted("r-2", RESTRICTION_TYPE_ADS_INELIGIBLE));

    assertThat(decide(in, CAPABILITY_GO_LIVE, NOW).hasExpireTime()).isFalse();
  }

  @Test
  void restrictionsOfABannedCreatorAreListedAndScheduleTheirEnd() {
    CapabilityInputs in =
        inputs(
            CREATOR_STATUS_BANNED,
            null,
            "act-ban",
            List.of(),
            List.of(
                restriction("r-1", RESTRICTION_TYPE_LIVE_DISABLED, LAST_WEEK, IN_3_DAYS),
                restriction("r-2", RESTRICTION_TYPE_ADS_INELIGIBLE, LAST_WEEK, IN_1_DAY)));

    CapabilityDecision decision = decide(in, CAPABILITY_GO_LIVE, NOW);

    assertThat(decision.getReasonsList())
        .extracting(DenialReason::getReasonCase)
        .containsExactly(DenialReason.ReasonCase.STATUS, DenialReason.ReasonCase.RESTRICTION);
    assertThat(decision.getExpireTime()).isEqualTo(ProtoTime.of(IN_3_DAYS));
  }
}
