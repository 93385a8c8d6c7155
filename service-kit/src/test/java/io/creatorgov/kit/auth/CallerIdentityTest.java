package io.creatorgov.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerIdentityTest {

  @Test
  void marketScopedOperatorIsRefusedOutsideTheirMarkets() {
    CallerIdentity idOps =
        new CallerIdentity("ops-budi", Set.of(Role.CREATOR_OPS), Set.of("ID"), "");

    assertThatCode(() -> idOps.requireMarket("ID")).doesNotThrowAnyException();
    ApiException e = catchThrowableOfType(ApiException.class, () -> idOps.requireMarket("VN"));
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE);
    assertThat(e.metadata()).containsEntry("market", "VN").containsEntry("allowed_markets", "ID");
  }

  @Test
  void unscopedCallerMayActInEveryMarket() {
    CallerIdentity admin = new CallerIdentity("root", Set.of(Role.GOVERNANCE_ADMIN), Set.of(), "");

    assertThat(admin.canAccessMarket("JP")).isTrue();
  }

  @Test
  void creatorMayOnlyActOnTheirOwnResources() {
    CallerIdentity creator = new CallerIdentity("cr-42", Set.of(Role.CREATOR), Set.of(), "");

    assertThatCode(() -> creator.requireSelfOrAnyRole("cr-42", List.of(Role.CREATOR_OPS)))
        .doesNotThrowAnyException();
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> creator.requireSelfOrAnyRole("cr-7", List.of(Role.CREATOR_OPS)));
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_NOT_RESOURCE_OWNER);
  }

  @Test
  void scheduledJobsActAsTheSystemNamedByTheirJob() {
    io.creatorgov.common.v1.Actor actor = CallerIdentity.system("suspension-expiry").toActor();

    assertThat(actor.getKind()).isEqualTo(io.creatorgov.common.v1.ActorKind.ACTOR_KIND_SYSTEM);
    assertThat(actor.getSubject()).isEqualTo("suspension-expiry");
  }

  @Test
  void actorListsRolesByTheirClaimNames() {
    CallerIdentity caller =
        new CallerIdentity("m-1", Set.of(Role.MODERATOR, Role.AUDITOR), Set.of(), "");

    assertThat(caller.toActor().getRolesList()).containsExactly("auditor", "moderator");
  }
}
