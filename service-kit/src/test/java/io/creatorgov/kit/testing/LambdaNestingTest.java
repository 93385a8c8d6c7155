package io.creatorgov.kit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LambdaNestingTest {

  private static List<Integer> depths(String source) {
    return LambdaNesting.lambdas(source).stream().map(l -> l[1]).toList();
  }

  @Test
  void aChainOfSiblingLambdasIsOneLevelDeep() {
    assertThat(depths("a.map(x -> x + 1).flatMap(y -> call(y)).map(z -> { return z; });"))
        .containsExactly(1, 1, 1);
  }

  @Test
  void lambdasInsideLambdasCountEachLevel() {
    String source =
        "u.flatMap(a -> repo.find(a).flatMap(b -> {\n"
            + "  return b.chain(c -> x.map(d -> d));\n"
            + "}));";
    assertThat(depths(source)).containsExactly(1, 2, 3, 4);
  }

  @Test
  void anExpressionLambdaEndsAtTheNextArgumentAndCurriedLambdasNest() {
    assertThat(depths("f(a -> a, b -> b); g(x -> y -> x + y);")).containsExactly(1, 1, 1, 2);
  }

  @Test
  void switchArrowsStringsAndCommentsAreNotLambdas() {
    String source =
        "var s = switch (k) { case A -> f(x -> x); default -> \"->\"; };\n"
            + "// a -> b\n"
            + "/* c -> d */ char q = '-';";
    assertThat(depths(source)).containsExactly(1);
  }
}
