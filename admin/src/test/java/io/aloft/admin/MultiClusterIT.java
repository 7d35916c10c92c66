package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.MatchableResourceOuterClass.ExecutionClusterLabel;
import flyteidl.admin.ExecutionOuterClass.ExecutionCreateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.ExecutionOuterClass.ExecutionTerminateRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.testkit.SharedComponents;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Multi-cluster launches on two real API servers: the execution cluster label picks the candidates, a draw seeded by
 * the execution name picks one (the same name always the same cluster), and aborts go to the cluster the execution
 * runs in.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
@QuarkusTestResource(KubeApiServerResource.class)
@QuarkusTestResource(value = TwoClustersResource.class, restrictToAnnotatedClass = true)
class MultiClusterIT extends AdminGrpcTestBase {
  private KubernetesClient east;
  private KubernetesClient west;
  private Identifier lp;

  @BeforeEach
  void clusters() throws Exception {
    east = SharedComponents.kubernetesClient();
    west = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(TwoClustersResource.west.kubeconfigYaml()))
        .build();
    KubeCrds.installFlyteWorkflow(east);
    KubeCrds.installFlyteWorkflow(west);
    // the "legacy" cluster (admin's own, east) creates Flyte's own resource
    KubeCrds.installFlyteOwnWorkflow(east);
    lp = chainLaunchPlan(admin, registerChain(admin), "multi_lp");
  }

  @AfterEach
  void close() {
    east.close();
    west.close();
  }

  private WorkflowExecutionIdentifier launch(String name, String label) {
    ExecutionSpec.Builder spec = ExecutionSpec.newBuilder().setLaunchPlan(lp);
    if (label != null) {
      spec.setExecutionClusterLabel(ExecutionClusterLabel.newBuilder().setValue(label));
    }
    return admin.createExecution(ExecutionCreateRequest.newBuilder().setProject("flytesnacks")
        .setDomain("development").setName(name).setSpec(spec)
        .setInputs(LiteralMap.newBuilder().putLiterals("f", ExecutionsIT.floating(1))).build()).getId();
  }

  private static GenericKubernetesResource resource(KubernetesClient kube, String name) {
    return kube.genericKubernetesResources(FlyteWorkflow.API_VERSION, FlyteWorkflow.KIND)
        .inNamespace("flytesnacks-development").withName(name).get();
  }

  private String cluster(WorkflowExecutionIdentifier id) {
    return admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(id).build()).getSpec().getMetadata()
        .getSystemMetadata().getExecutionCluster();
  }

  @Test
  void theLabelChoosesTheClusterAndAbortsFollowTheExecution() {
    String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    WorkflowExecutionIdentifier gpu = launch("gpu-" + suffix, "gpu");
    assertThat(cluster(gpu)).isEqualTo("west");
    assertThat(resource(west, gpu.getName())).isNotNull();
    assertThat(resource(east, gpu.getName())).isNull();

    admin.terminateExecution(ExecutionTerminateRequest.newBuilder().setId(gpu).setCause("stop").build());
    assertThat(resource(west, gpu.getName()).getMetadata().getDeletionTimestamp()).isNotNull();

    assertStatus(() -> launch("nolabel-" + suffix, "no-such-label"), Status.Code.INVALID_ARGUMENT,
        "no-such-label");

    // a child launched by one of its launch-plan nodes follows the parent's label
    WorkflowExecutionIdentifier parent = launch("parent-" + suffix, "gpu");
    admin.createNodeEvent(Events.request(Events.node(parent, "n0", flyteidl.core.Execution.NodeExecution.Phase.RUNNING,
        1).setProducerId("west")));
    // (several children: without the rule each would land on either cluster, chosen by its name)
    for (int i = 0; i < 6; i++) {
      WorkflowExecutionIdentifier child = admin.createExecution(ExecutionCreateRequest.newBuilder()
          .setProject("flytesnacks").setDomain("development").setName("child-" + i + "-" + suffix)
          .setSpec(ExecutionSpec.newBuilder().setLaunchPlan(lp).setMetadata(
              flyteidl.admin.ExecutionOuterClass.ExecutionMetadata.newBuilder()
                  .setMode(flyteidl.admin.ExecutionOuterClass.ExecutionMetadata.ExecutionMode.CHILD_WORKFLOW)
                  .setNesting(1).setParentNodeExecution(Events.nodeId(parent, "n0"))))
          .setInputs(LiteralMap.newBuilder().putLiterals("f", ExecutionsIT.floating(1))).build()).getId();
      assertThat(cluster(child)).isEqualTo("west");
    }
  }

  @Test
  void weightedChoiceIsDeterministicPerNameAndFollowsTheWeights() {
    String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      WorkflowExecutionIdentifier id = launch("any-" + i + "-" + suffix, "any");
      String c = cluster(id);
      counts.merge(c, 1, Integer::sum);
      assertThat(resource(c.equals("east") ? east : west, id.getName())).as(id.getName()).isNotNull();
      assertThat(resource(c.equals("east") ? west : east, id.getName())).as(id.getName()).isNull();
    }
    // east has weight 3 of 4: with 40 draws both clusters are chosen and east clearly more often
    assertThat(counts.getOrDefault("west", 0)).isPositive();
    assertThat(counts.getOrDefault("east", 0)).isGreaterThan(counts.getOrDefault("west", 0));
    // unlabelled launches spread over all enabled clusters
    WorkflowExecutionIdentifier plain = launch("plain-" + suffix, null);
    assertThat(cluster(plain)).isIn("east", "west", "legacy");
  }

  @Test
  void aClusterOfFlytesGroupGetsFlytesOwnResourceWithoutAloftsFinalizer() {
    String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    WorkflowExecutionIdentifier id = launch("flyte-" + suffix, "flyte");
    assertThat(cluster(id)).isEqualTo("legacy");

    GenericKubernetesResource flyte = east.genericKubernetesResources(FlyteWorkflow.FLYTE_API_VERSION,
        FlyteWorkflow.KIND).inNamespace("flytesnacks-development").withName(id.getName()).get();
    assertThat(flyte).as("the resource in flyte.lyft.com").isNotNull();
    assertThat(flyte.getApiVersion()).isEqualTo("flyte.lyft.com/v1alpha1");
    // Flyte's propeller adds its own finalizer; Aloft's would hold the resource forever
    assertThat(flyte.getMetadata().getFinalizers()).isEmpty();
    assertThat(flyte.getAdditionalProperties().get("executionId")).asString().contains(id.getName());
    assertThat(flyte.getAdditionalProperties()).containsKeys("workflowMeta", "acceptedAt", "executionConfig",
        "workflowClosureReference");
    // Flyte's resource has no offloadedInputs: the inputs are inlined although offload-inputs is on
    assertThat(flyte.getAdditionalProperties()).doesNotContainKey("offloadedInputs");
    assertThat(flyte.getAdditionalProperties().get("inputs")).asString().contains("literals");
    // as FlyteAdmin: run_as always set (Flyte's pod plugin dereferences it), in Go's encoding/json field names
    assertThat(flyte.getAdditionalProperties().get("securityContext")).isEqualTo(Map.of("run_as", Map.of()));
    assertThat(resource(east, id.getName())).as("no resource in aloft.io").isNull();

    // an abort deletes it from Flyte's group (nothing holds it, so it is gone)
    admin.terminateExecution(ExecutionTerminateRequest.newBuilder().setId(id).setCause("stop").build());
    assertThat(east.genericKubernetesResources(FlyteWorkflow.FLYTE_API_VERSION, FlyteWorkflow.KIND)
        .inNamespace("flytesnacks-development").withName(id.getName()).get()).isNull();
  }
}
