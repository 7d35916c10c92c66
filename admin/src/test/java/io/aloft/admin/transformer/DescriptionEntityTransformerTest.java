package io.aloft.admin.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.DescriptionEntityOuterClass.Description;
import flyteidl.admin.DescriptionEntityOuterClass.DescriptionEntity;
import flyteidl.admin.DescriptionEntityOuterClass.SourceCode;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import org.junit.jupiter.api.Test;

class DescriptionEntityTransformerTest {

  private static DescriptionEntity parse(byte[] bytes) {
    try {
      return DescriptionEntity.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static Object[] row(byte[] bytes) {
    return new Object[] {2, "p", "d", "wf", "v1", "", bytes};
  }

  @Test
  void theRowsKeyIsTheIdAndTheStoredMessageTheRest() {
    DescriptionEntity stored = DescriptionEntity.newBuilder()
        .setId(Identifier.newBuilder().setName("ignored"))
        .setShortDescription("short").setLongDescription(Description.newBuilder().setValue("long"))
        .setSourceCode(SourceCode.newBuilder().setLink("https://x")).addTags("t").build();
    byte[] bytes = DescriptionEntityTransformer.toBytes(stored);
    assertThat(parse(bytes).hasId()).isFalse();

    DescriptionEntity out = DescriptionEntityTransformer.toProto(row(bytes));
    assertThat(out.getId()).isEqualTo(Identifier.newBuilder().setResourceType(ResourceType.WORKFLOW)
        .setProject("p").setDomain("d").setName("wf").setVersion("v1").build());
    assertThat(out.toBuilder().clearId().build()).isEqualTo(stored.toBuilder().clearId().build());
  }

  @Test
  void anAnswerAlwaysCarriesLongDescriptionAndSourceCode() {
    DescriptionEntity out = DescriptionEntityTransformer.toProto(
        row(DescriptionEntity.newBuilder().setShortDescription("s").build().toByteArray()));
    assertThat(out.hasLongDescription()).isTrue();
    assertThat(out.hasSourceCode()).isTrue();
  }
}
