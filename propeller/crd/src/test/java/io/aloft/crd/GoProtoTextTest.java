package io.aloft.crd;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import org.junit.jupiter.api.Test;

class GoProtoTextTest {

  @Test
  void writesSetFieldsInFieldOrder() {
    Identifier id = Identifier.newBuilder().setResourceType(ResourceType.TASK).setProject("flytesnacks")
        .setDomain("development").setName("workflows.t").setVersion("v1").build();

    assertThat(GoProtoText.identifier(id))
        .isEqualTo("resource_type:TASK project:\"flytesnacks\" domain:\"development\" name:\"workflows.t\" "
            + "version:\"v1\"");
    assertThat(GoProtoText.identifier(id.toBuilder().setOrg("acme").build())).endsWith(" org:\"acme\"");
  }

  @Test
  void leavesZeroValuesOut() {
    assertThat(GoProtoText.identifier(Identifier.newBuilder().setName("n").build())).isEqualTo("name:\"n\"");
    assertThat(GoProtoText.identifier(Identifier.getDefaultInstance())).isEmpty();
  }

  @Test
  void writesAnUnnamedEnumValueAsItsNumber() {
    assertThat(GoProtoText.identifier(Identifier.newBuilder().setResourceTypeValue(42).setName("n").build()))
        .isEqualTo("resource_type:42 name:\"n\"");
  }

  @Test
  void quotesStringsAsGoPrototextDoes() {
    StringBuilder out = new StringBuilder();
    GoProtoText.quote(out, "a\"b\\c\nd\te\u0001f\u007fg\u0085hé✓");
    assertThat(out).hasToString("\"a\\\"b\\\\c\\nd\\te\\x01f\\x7fg\\u0085hé✓\"");
  }
}
