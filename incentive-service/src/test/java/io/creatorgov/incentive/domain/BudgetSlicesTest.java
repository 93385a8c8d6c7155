package io.creatorgov.incentive.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetSlicesTest {

  private static List<BudgetSlice> slices(long... allottedCommitted) {
    List<BudgetSlice> list = new java.util.ArrayList<>();
    for (int i = 0; i < allottedCommitted.length; i += 2) {
      list.add(new BudgetSlice(i / 2, allottedCommitted[i], allottedCommitted[i + 1]));
    }
    return list;
  }

  @Test
  void theEndGameGrantsAtMostWhatTheWholeBudgetHasLeftAndSpreadsItAgain() {
    // total 100: slices hold 30/30, 40/10, 30/25 → 35 left
    BudgetSlices.Settled s = BudgetSlices.settle(slices(30, 30, 40, 10, 30, 25), 100, 50);

    assertThat(s.applied()).isEqualTo(35);
    assertThat(s.remaining()).isZero();
    assertThat(s.slices().stream().mapToLong(BudgetSlice::allotted).sum()).isEqualTo(100);
    assertThat(s.slices().stream().mapToLong(BudgetSlice::committed).sum()).isEqualTo(100);
    assertThat(s.slices()).allMatch(x -> x.committed() <= x.allotted());
  }

  @Test
  void aGrantThatFitsLeavesTheRestSpreadOverEverySlice() {
    BudgetSlices.Settled s = BudgetSlices.settle(slices(30, 30, 40, 10, 30, 25), 100, 20);

    assertThat(s.applied()).isEqualTo(20);
    assertThat(s.remaining()).isEqualTo(15);
    assertThat(s.slices())
        .extracting(BudgetSlice::allotted)
        .containsExactly(34L, 33L, 33L); // 85 committed 29/28/28 + 15 left 5/5/5
    assertThat(s.slices()).extracting(BudgetSlice::committed).containsExactly(29L, 28L, 28L);
  }

  @Test
  void aGiveBackNeverTakesTheCommittedTotalBelowZeroAndAbsorbsABudgetIncrease() {
    BudgetSlices.Settled s = BudgetSlices.settle(slices(50, 5, 50, 0), 150, -10);

    assertThat(s.applied()).isEqualTo(-5);
    assertThat(s.remaining()).isEqualTo(150);
    assertThat(s.slices().stream().mapToLong(BudgetSlice::allotted).sum()).isEqualTo(150);
  }

  @Test
  void aCreatorAlwaysHasTheSameHomeSlice() {
    assertThat(BudgetSlices.home("cr_42", 16)).isEqualTo(BudgetSlices.home("cr_42", 16));
    assertThat(BudgetSlices.home("cr_42", 16)).isBetween(0, 15);
  }
}
