package io.aloft.crd;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Security.Identity;
import flyteidl.core.Security.Secret;
import flyteidl.core.Security.SecurityContext;
import org.junit.jupiter.api.Test;

class ProtoJsonTest {

  @Test
  void goStructJsonHasProtoFieldNamesNumericEnumsAndKeepsEmptyMessages() {
    SecurityContext sc = SecurityContext.newBuilder()
        .setRunAs(Identity.newBuilder().setK8SServiceAccount("sa"))
        .addSecrets(Secret.newBuilder().setGroup("g").setMountRequirement(Secret.MountType.ENV_VAR)).build();
    assertThat(ProtoJson.toGoStructNode(sc).toString())
        .isEqualTo("{\"run_as\":{\"k8s_service_account\":\"sa\"},\"secrets\":[{\"group\":\"g\","
            + "\"mount_requirement\":1}]}");
    // a set but empty message stays, as Go writes a non-nil pointer; jsonpb's camelCase would be ignored by Go
    assertThat(ProtoJson.toGoStructNode(SecurityContext.newBuilder().setRunAs(Identity.getDefaultInstance())
        .build()).toString()).isEqualTo("{\"run_as\":{}}");
    // and Aloft reads it back
    assertThat(ProtoJson.fromNode(ProtoJson.toGoStructNode(sc), SecurityContext.class)).isEqualTo(sc);
  }
}
