package io.creatorgov.kit.validation;

import static org.assertj.core.api.Assertions.assertThat;

import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;
import org.junit.jupiter.api.Test;

class FieldPathsTest {

  @Test
  void nestedFieldsAreJoinedByDots() {
    assertThat(
            FieldPaths.of(
                path(
                    field("program", 2),
                    field("budget", 9),
                    field("total", 1),
                    field("currency_code", 2))))
        .isEqualTo("program.budget.total.currency_code");
  }

  @Test
  void repeatedElementsGetTheirIndex() {
    assertThat(FieldPaths.of(path(field("evidence", 4).setIndex(2), field("id", 1))))
        .isEqualTo("evidence[2].id");
  }

  @Test
  void mapKeysAreQuotedWhenTheyAreStringsAndBareOtherwise() {
    assertThat(FieldPaths.of(path(field("labels", 3).setStringKey("region"))))
        .isEqualTo("labels[\"region\"]");
    assertThat(FieldPaths.of(path(field("limits", 5).setIntKey(-42), field("max", 1))))
        .isEqualTo("limits[-42].max");
    assertThat(FieldPaths.of(path(field("flags", 6).setBoolKey(true)))).isEqualTo("flags[true]");
    assertThat(FieldPaths.of(path(field("by_id", 7).setUintKey(-1L))))
        .isEqualTo("by_id[18446744073709551615]");
  }

  @Test
  void quotesAndBackslashesInStringKeysAreEscaped() {
    assertThat(FieldPaths.of(path(field("labels", 3).setStringKey("a\"b\\c"))))
        .isEqualTo("labels[\"a\\\"b\\\\c\"]");
  }

  @Test
  void theMessageItselfHasAnEmptyPathAndAnUnnamedFieldItsNumber() {
    assertThat(FieldPaths.of(FieldPath.getDefaultInstance())).isEmpty();
    assertThat(
            FieldPaths.of(
                path(field("snapshot", 3), FieldPathElement.newBuilder().setFieldNumber(4))))
        .isEqualTo("snapshot.4");
  }

  private static FieldPathElement.Builder field(String name, int number) {
    return FieldPathElement.newBuilder().setFieldName(name).setFieldNumber(number);
  }

  private static FieldPath path(FieldPathElement.Builder... elements) {
    FieldPath.Builder path = FieldPath.newBuilder();
    for (FieldPathElement.Builder e : elements) {
      path.addElements(e);
    }
    return path.build();
  }
}
