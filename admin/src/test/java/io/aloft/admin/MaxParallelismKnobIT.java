package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The platform default of max parallelism ({@code aloft.admin.max-parallelism}, FlyteAdmin's {@code maxParallelism},
 * 25) set as a user sets it: an execution whose request, launch plan and attributes set none gets it, and so does
 * its workflow resource, which is what bounds the nodes propeller runs at once (PropellerEndToEndIT).
 */
@QuarkusTest
@TestProfile(MaxParallelismKnobIT.PlatformDefault.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
@QuarkusTestResource(KubeApiServerResource.class)
class MaxParallelismKnobIT extends AdminGrpcTestBase {

  /** A platform default other than Flyte's 25. */
  public static class PlatformDefault implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aloft.admin.max-parallelism", "4");
    }
  }

  @Inject
  KubernetesClient kube;

  @Test
  void anExecutionThatSetsNoneGetsThePlatformDefault() throws Exception {
    KubeCrds.installFlyteWorkflow(kube);
    String name = launchChain("platform_mp_lp", "mp-knob");

    WorkflowExecutionIdentifier id = WorkflowExecutionIdentifier.newBuilder().setProject("flytesnacks")
        .setDomain("development").setName(name).build();
    assertThat(admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(id).build()).getSpec()
        .getMaxParallelism()).isEqualTo(4);
    FlyteWorkflow res = workflowResource(kube, name);
    assertThat(res.executionConfig.maxParallelism).isEqualTo(4);
  }
}
