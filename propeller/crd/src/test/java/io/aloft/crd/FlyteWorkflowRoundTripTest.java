package io.aloft.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import flyteidl.core.Literals.Binding;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading a resource into the model and writing it back loses nothing. */
class FlyteWorkflowRoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<String> goldenCases() {
    return FlyteWorkflowGoldenTest.goldenCases();
  }

  /**
   * Flyte's own resources (the oracle's goldens, zero values and all) survive read and write. The one change is
   * {@code elseFail}, which is read in v1.13's spelling and written in master's (see {@link FlyteWorkflowGoldenTest}).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenCases")
  void flytesResourceSurvivesReadAndWrite(String name) {
    JsonNode golden = FlytekitBundles.load(name).flyteWorkflow();

    FlyteWorkflow read = FlyteWorkflowJson.fromTree(golden);
    JsonNode written = FlyteWorkflowJson.toTree(read);

    JsonSemantics.assertSame(written, withJsonpbElseFail(golden), name + ": written vs read");
    // And typed on the way: nodes, bindings and durations are model values, not JSON.
    assertThat(read.spec.nodes).containsKeys(FlyteWorkflowBuilder.START_NODE_ID, FlyteWorkflowBuilder.END_NODE_ID);
    assertThat(read.spec.nodes.get(FlyteWorkflowBuilder.START_NODE_ID).kind).isEqualTo(NodeKind.START);
  }

  @Test
  void readsTypedValuesFromFlytesJson() {
    FlyteWorkflow gates = FlyteWorkflowJson.fromTree(FlytekitBundles.load("gates").flyteWorkflow());

    NodeSpec approve = gates.spec.nodes.get("n1");
    assertThat(approve.kind).isEqualTo(NodeKind.GATE);
    assertThat(approve.gate.kind).isEqualTo(GateNodeSpec.Kind.APPROVE);
    assertThat(approve.gate.approve.getSignalId()).isEqualTo("approve-made");
    assertThat(approve.executionDeadline).isEqualTo(Duration.ofHours(1));
    assertThat(approve.activeDeadline).isEqualTo(Duration.ofHours(2));
    Binding binding = approve.inputBindings.get(0);
    assertThat(binding.getBinding().getPromise().getNodeId()).isEqualTo("n0");
    assertThat(gates.spec.nodes.get("n4").gate.sleep.getDuration().getSeconds()).isEqualTo(90);

    FlyteWorkflow branches = FlyteWorkflowJson.fromTree(FlytekitBundles.load("branches").flyteWorkflow());
    BranchNodeSpec check = branches.spec.nodes.get("n2").branch;
    // v1.13 wrote Go's proto field name; it is read all the same.
    assertThat(check.elseFail.getFailedNodeId()).isEqualTo("check");
    assertThat(check.elseIf).hasSize(1);
    assertThat(check.ifBlock.thenNode).isEqualTo("n2-n0");
    assertThat(check.ifBlock.condition.hasConjunction()).isTrue();

    FlyteWorkflow failure = FlyteWorkflowJson.fromTree(FlytekitBundles.load("failure_node").flyteWorkflow());
    assertThat(failure.spec.onFailurePolicy.name()).isEqualTo("FAIL_AFTER_EXECUTABLE_NODES_COMPLETE");
    assertThat(failure.spec.onFailure.id).isEqualTo("fn0");
  }

  /** What the API server hands back: its metadata, a status propeller wrote, members from a newer writer. */
  @Test
  void keepsWhatTheApiServerAndOtherWritersAdded() throws Exception {
    ObjectNode stored = (ObjectNode) FlyteWorkflowGoldenTest.expected(FlytekitBundles.load("chain").flyteWorkflow());
    ObjectNode metadata = (ObjectNode) stored.get("metadata");
    metadata.put("uid", "6f1c2d7e-0000-4000-8000-000000000001");
    metadata.put("resourceVersion", "12345");
    metadata.put("generation", 3);
    metadata.put("creationTimestamp", "2024-01-02T03:04:06Z");
    metadata.set("finalizers", JSON.readTree("[\"flyte.org/finalizer\"]"));
    metadata.set("managedFields", JSON.readTree("[{\"manager\":\"flyteadmin\",\"operation\":\"Update\","
        + "\"apiVersion\":\"" + FlyteWorkflow.API_VERSION + "\",\"time\":\"2024-01-02T03:04:06Z\",\"fieldsType\":\"FieldsV1\","
        + "\"fieldsV1\":{\"f:spec\":{}}}]"));
    stored.set("status", JSON.readTree("{\"phase\":1,\"startedAt\":\"2024-01-02T03:04:07Z\",\"dataDir\":"
        + "\"s3://b/metadata/propeller/x\",\"nodeStatus\":{\"n0\":{\"phase\":5,\"TaskNodeStatus\":{\"phase\":3}}},"
        + "\"defVersion\":1}"));
    stored.set("workflowMeta", JSON.readTree("{\"eventVersion\":2}"));
    stored.set("executionId", JSON.readTree("{\"project\":\"flytesnacks\",\"domain\":\"development\","
        + "\"name\":\"ex-chain\"}"));
    stored.put("aFutureTopLevelMember", "kept");
    ((ObjectNode) stored.at("/spec/nodes/n0")).set("aFutureNodeMember", JSON.readTree("{\"x\":[1,2]}"));
    ((ObjectNode) stored.at("/spec")).put("aFutureSpecMember", true);

    FlyteWorkflow read = FlyteWorkflowJson.read(JSON.writeValueAsString(stored));

    assertThat(read.getMetadata().getResourceVersion()).isEqualTo("12345");
    assertThat(read.getMetadata().getFinalizers()).containsExactly(FlyteWorkflow.FINALIZER);
    assertThat(read.status.at("/nodeStatus/n0/phase").asInt()).isEqualTo(5);
    assertThat(read.workflowMeta.eventVersion).isEqualTo(2);
    assertThat(read.unknownMembers()).containsOnlyKeys("aFutureTopLevelMember");
    assertThat(read.spec.unknownMembers()).containsOnlyKeys("aFutureSpecMember");
    JsonSemantics.assertSame(JSON.readTree(FlyteWorkflowJson.write(read)), stored, "written vs stored");
  }

  private static JsonNode withJsonpbElseFail(JsonNode golden) {
    ObjectNode g = golden.deepCopy();
    g.findParents("failed_node_id").forEach(p -> ((ObjectNode) p).set("failedNodeId",
        ((ObjectNode) p).remove("failed_node_id")));
    return g;
  }
}
