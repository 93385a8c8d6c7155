package io.creatorgov.creator.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.creator.domain.Capability;
import io.creatorgov.creator.domain.CreatorEventType;
import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.CreatorTier;
import io.creatorgov.creator.domain.IdentityVerificationOutcome;
import io.creatorgov.creator.domain.OnboardingItemKind;
import io.creatorgov.creator.domain.RestrictionState;
import io.creatorgov.creator.domain.RestrictionType;
import io.creatorgov.creator.domain.ReversalBasis;
import io.creatorgov.creator.domain.StatusChangeKind;
import io.creatorgov.creator.domain.StatusTransition;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every domain value has its contract value and back; the contract's extra values map to none. */
class VocabularyTest {

  @Test
  void everyDomainValueMapsToTheContractAndBack() {
    roundTrips(CreatorStatus.values(), Vocabulary::status, Vocabulary::status);
    roundTrips(RestrictionType.values(), Vocabulary::restrictionType, Vocabulary::restrictionType);
    roundTrips(
        RestrictionState.values(), Vocabulary::restrictionState, Vocabulary::restrictionState);
    roundTrips(ReversalBasis.values(), Vocabulary::reversalBasis, Vocabulary::reversalBasis);
    roundTrips(Capability.values(), Vocabulary::capability, Vocabulary::capability);
    roundTrips(OnboardingItemKind.values(), Vocabulary::itemKind, Vocabulary::itemKind);
    roundTrips(IdentityVerificationOutcome.values(), Vocabulary::outcome, Vocabulary::outcome);
    roundTrips(CreatorEventType.values(), Vocabulary::eventType, Vocabulary::eventType);
    for (CreatorTier tier : CreatorTier.values()) {
      CreatorTier back = Vocabulary.tier(Vocabulary.tier(tier));
      assertThat(back).isEqualTo(tier == CreatorTier.NONE ? null : tier);
    }
    for (StatusChangeKind kind : StatusChangeKind.values()) {
      assertThat(Vocabulary.changeKind(kind).name()).isEqualTo("STATUS_CHANGE_KIND_" + kind);
    }
  }

  @Test
  void everyContractValueButUnspecifiedHasADomainValue() {
    assertThat(
            Arrays.stream(io.creatorgov.creator.v1.StatusTransition.values())
                .map(Vocabulary::transition)
                .filter(t -> t != null))
        .containsExactly(StatusTransition.values());
    assertThat(
            Arrays.stream(io.creatorgov.common.v1.CreatorStatus.values())
                .map(Vocabulary::status)
                .filter(s -> s != null))
        .containsExactly(CreatorStatus.values());
    assertThat(Vocabulary.status(io.creatorgov.common.v1.CreatorStatus.UNRECOGNIZED)).isNull();
    assertThat(Vocabulary.tier(io.creatorgov.common.v1.CreatorTier.CREATOR_TIER_UNSPECIFIED))
        .isNull();
    assertThat(Vocabulary.tier(CreatorTier.NONE))
        .isEqualTo(io.creatorgov.common.v1.CreatorTier.CREATOR_TIER_UNSPECIFIED);
  }

  private static <D, P extends Enum<P>> void roundTrips(
      D[] values, Function<D, P> toContract, Function<P, D> fromContract) {
    for (D value : values) {
      assertThat(fromContract.apply(toContract.apply(value))).isEqualTo(value);
    }
  }
}
