package io.creatorgov.incentive.domain;

import static io.creatorgov.incentive.domain.ProgramFixtures.myr;
import static io.creatorgov.incentive.domain.ProgramFixtures.valid;
import static io.creatorgov.incentive.domain.ProgramFixtures.withBudget;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramEditsTest {

  @Test
  void unknownOutputOnlyAndWildcardPathsAreNotUpdatable() {
    assertThat(ProgramEdits.unknownPaths(List.of("description", "state", "etag", "*", "budget")))
        .containsExactly("state", "etag", "*");
  }

  @Test
  void aDraftIsEditableThroughout() {
    assertThat(ProgramEdits.lockedPaths(ProgramState.DRAFT, ProgramEdits.PATHS)).isEmpty();
  }

  @Test
  void aRunningProgrammeChangesOnlyItsDescriptionAndBudgetTotal() {
    List<String> paths = List.of("description", "budget.total", "window", "budget");
    assertThat(ProgramEdits.lockedPaths(ProgramState.ACTIVE, paths))
        .containsExactly("window", "budget");
    assertThat(ProgramEdits.lockedPaths(ProgramState.PAUSED, paths))
        .containsExactly("window", "budget");
  }

  @Test
  void endedAndSettledProgrammesAreReadOnly() {
    assertThat(ProgramEdits.lockedPaths(ProgramState.ENDED, List.of("description")))
        .containsExactly("description");
    assertThat(ProgramEdits.lockedPaths(ProgramState.SETTLED, List.of("budget.total")))
        .containsExactly("budget.total");
  }

  @Test
  void onlyTheNamedFieldsChange() {
    ProgramTerms given =
        new ProgramTerms(
            "Other name",
            "New words",
            "SG",
            null,
            List.of(),
            Eligibility.none().withMinimumTier(Tier.GOLD),
            new Budget(myr(2_000_000), null),
            null);
    ProgramTerms updated =
        ProgramEdits.apply(
            valid(), given, List.of("description", "eligibility.minimum_tier", "budget.total"));
    assertThat(updated.description()).isEqualTo("New words");
    assertThat(updated.displayName()).isEqualTo(valid().displayName());
    assertThat(updated.market()).isEqualTo("MY");
    assertThat(updated.eligibility().minimumTier()).isEqualTo(Tier.GOLD);
    assertThat(updated.eligibility().categories()).isEqualTo(valid().eligibility().categories());
    assertThat(updated.budget()).isEqualTo(new Budget(myr(2_000_000), myr(50_000)));
    assertThat(updated.suspensionRule()).isEqualTo(SuspensionRule.PRO_RATE);
  }

  @Test
  void theBudgetOfARunningProgrammeOnlyGrows() {
    ProgramTerms smaller = withBudget(valid(), new Budget(myr(999_999), myr(50_000)));
    assertThat(ProgramEdits.runningBudgetProblems(ProgramState.ACTIVE, valid(), smaller))
        .extracting(Problem::field)
        .containsExactly("program.budget.total");
    assertThat(ProgramEdits.runningBudgetProblems(ProgramState.DRAFT, valid(), smaller)).isEmpty();
    ProgramTerms larger = withBudget(valid(), new Budget(myr(1_000_001), myr(50_000)));
    assertThat(ProgramEdits.runningBudgetProblems(ProgramState.PAUSED, valid(), larger)).isEmpty();
  }
}
