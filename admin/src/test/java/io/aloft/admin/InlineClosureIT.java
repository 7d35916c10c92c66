package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Literals.LiteralMap;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.ProtoJson;
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

/** With offloading switched off the resource carries the compiled workflow, its tasks and the inputs inline. */
@QuarkusTest
@TestProfile(InlineClosureIT.Inline.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
@QuarkusTestResource(KubeApiServerResource.class)
class InlineClosureIT extends AdminGrpcTestBase {

  /** Offloading of closures and inputs off. */
  public static class Inline implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aloft.admin.executions.offload-workflow-closure", "false",
          "aloft.admin.executions.offload-inputs", "false");
    }
  }

  @Inject
  KubernetesClient kube;

  @Test
  void theResourceCarriesTheWorkflowAndInputs() throws Exception {
    KubeCrds.installFlyteWorkflow(kube);
    String name = launchChain("inline_lp", "inline");

    FlyteWorkflow res = workflowResource(kube, name);
    assertThat(res.workflowClosureReference).isNull();
    assertThat(res.offloadedInputs).isNull();
    assertThat(res.spec).isNotNull();
    assertThat(res.spec.nodes).containsKeys("start-node", "end-node");
    assertThat(res.spec.nodes).hasSize(5); // start, three tasks, end
    assertThat(res.tasks).hasSize(3);
    LiteralMap inputs = ProtoJson.fromNode(res.inputs, LiteralMap.newBuilder());
    assertThat(inputs.getLiteralsMap()).containsEntry("f", ExecutionsIT.floating(2))
        .containsEntry("a", ExecutionsIT.integer(1)).hasSize(3);
    assertThat(res.executionConfig.maxParallelism).isEqualTo(25);
    assertThat(res.getMetadata().getLabels()).containsEntry("execution-id", name);
  }
}
