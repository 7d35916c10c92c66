package io.aloft.admin.validation;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.admin.AdminException;
import org.junit.jupiter.api.Test;

class ValidationTest {

  @Test
  void aRequiredFieldIsPresentAndStorable() {
    assertThatCode(() -> Validation.required("flytesnacks", "id.project")).doesNotThrowAnyException();
    assertThatThrownBy(() -> Validation.required("", "id.project")).isInstanceOf(AdminException.class)
        .hasMessage("missing id.project");
    assertThatThrownBy(() -> Validation.required("a\u0000b", "id.project")).isInstanceOf(AdminException.class)
        .hasMessage("invalid id.project: must not contain a NUL character");
  }

  @Test
  void anOptionalFieldMayBeEmptyButNotHoldANul() {
    assertThatCode(() -> Validation.storable("", "id.org")).doesNotThrowAnyException();
    assertThatThrownBy(() -> Validation.storable("\u0000", "id.org")).isInstanceOf(AdminException.class)
        .hasMessage("invalid id.org: must not contain a NUL character");
  }
}
