package io.creatorgov.kit.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class ViolationsTest {

  @Test
  void reportsEveryViolationInOneError() {
    Violations v = new Violations();
    v.require(true, "handle", "must not be blank");
    v.require(false, "display_name", "never added");
    v.add("categories[1]", "unknown category");

    ApiException e = catchThrowableOfType(ApiException.class, v::throwIfAny);

    assertThat(e.fieldViolations())
        .extracting(FieldViolation::field)
        .containsExactly("handle", "categories[1]");
    assertThat(e.getMessage()).contains("2 invalid fields");
  }

  @Test
  void throwsNothingWhenAllFieldsAreValid() {
    Violations v = new Violations().require(false, "handle", "x");

    assertThat(v.isEmpty()).isTrue();
    assertThatCode(v::throwIfAny).doesNotThrowAnyException();
  }
}
