package io.aloft.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import flyteidl.core.Compiler.CompiledTask;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Tasks.TaskMetadata;
import flyteidl.core.Tasks.TaskTemplate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resource {@link FlyteWorkflowBuilder} builds equals, as JSON, the one Flyte's own k8s transformer
 * ({@code BuildFlyteWorkflow}, flytepropeller v1.13.0, run by the compiler oracle: propeller/compiler/oracle) built
 * from the same compiled closure, inputs, execution id and namespace, for every flytekit bundle the oracle
 * compiled. Comparison is semantic ({@link JsonSemantics}: member order, null-versus-absent and number spelling do
 * not count).
 *
 * <p>Deliberate differences, each applied below to exactly the golden value it concerns (the test fails if Flyte's
 * output stops looking like that):
 * <ol>
 *   <li><b>apiVersion</b>: Flyte's group is {@code flyte.lyft.com}; ours is {@code aloft.io} (ADR 0007), so both
 *       can be installed in one cluster. Only the group differs: the body below it is Flyte's, which is what this
 *       test is for, so the golden's apiVersion alone is replaced by ours.</li>
 *   <li><b>kind</b>: Go writes its constant {@code "flyteworkflow"}; the clientset's codec sends the registered kind
 *       {@code FlyteWorkflow}, which the CRD declares and the API server requires. We write that.</li>
 *   <li><b>Zero values of non-pointer Go structs</b> that {@code BuildFlyteWorkflow} never sets and Go's
 *       encoding/json writes anyway: {@code executionId: {}}, {@code executionConfig} with every member zero,
 *       {@code rawOutputDataConfig: {}}, {@code securityContext: {}}, {@code status: {phase: 0}},
 *       {@code metadata.creationTimestamp: null}. Admin's preparation step sets the real ones; absent and zero read
 *       the same on both sides.</li>
 *   <li><b>elseFail</b>: v1.13 writes core.Error with encoding/json, so with Go's proto field names
 *       ({@code failed_node_id}); Flyte's master wraps it and writes jsonpb ({@code failedNodeId}). We follow
 *       master; Go's jsonpb reader accepts both spellings, and so does ours.</li>
 *   <li><b>TaskMetadata fields 15 and 16</b> ({@code generates_deck}, {@code metadata}), which flytekit 1.16 writes
 *       and flyteidl v1.13 does not know: Go's jsonpb drops unknown fields, so they are cleared from the closure
 *       before we build. With a v1.16 oracle this goes.</li>
 * </ol>
 * Not exercised by these goldens and documented in docs/adr/0004-workflow-custom-resource.md: resource override
 * quantities are written as given, not in Kubernetes' canonical form; {@code BoundInputs} of array nodes and the
 * {@code podTemplate} override follow Flyte's master, which v1.13 predates; array nodes have no golden (the v1.13
 * oracle cannot compile the map_task bundle) and are covered by {@link FlyteWorkflowBuilderTest}.
 */
class FlyteWorkflowGoldenTest {
  /** What the oracle used (propeller/compiler/oracle/flyteworkflow.go). */
  static final String NAMESPACE = "flytesnacks-development";
  static final String ACCEPTED_AT = "2024-01-02T03:04:05Z";

  static List<String> goldenCases() {
    return FlytekitBundles.casesWithClosure().stream()
        .filter(c -> FlytekitBundles.load(c).flyteWorkflow() != null).toList();
  }

  @Test
  void everyCompiledBundleHasAFlyteWorkflowGolden() {
    // The oracle writes a FlyteWorkflow next to every closure it writes; a missing one means stale goldens.
    assertThat(goldenCases()).isEqualTo(FlytekitBundles.casesWithClosure()).hasSize(13);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenCases")
  void buildsWhatFlyteBuilds(String name) throws Exception {
    FlytekitBundles bundle = FlytekitBundles.load(name);
    FlyteWorkflow wf = FlyteWorkflowBuilder.build(withoutFieldsUnknownToV113(bundle.closure()), bundle.inputs(),
        executionId(name), NAMESPACE);
    wf.acceptedAt = ACCEPTED_AT;

    JsonSemantics.assertSame(FlyteWorkflowJson.toTree(wf), expected(bundle.flyteWorkflow()),
        name + ": our FlyteWorkflow vs Flyte's");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenCases")
  void closureFieldsAreThoseOfTheFullBuild(String name) throws Exception {
    FlytekitBundles bundle = FlytekitBundles.load(name);
    CompiledWorkflowClosure closure = withoutFieldsUnknownToV113(bundle.closure());
    FlyteWorkflow full = FlyteWorkflowBuilder.build(closure, bundle.inputs(), executionId(name), NAMESPACE);

    FlyteWorkflow offloaded = FlyteWorkflowJson.fromTree(FlyteWorkflowJson.toTree(full));
    FlyteWorkflowBuilder.strip(offloaded);
    JsonNode strippedJson = FlyteWorkflowJson.toTree(offloaded);
    assertThat(strippedJson.has("spec")).isFalse();
    assertThat(strippedJson.has("tasks")).isFalse();
    assertThat(strippedJson.has("subWorkflows")).isFalse();

    FlyteWorkflowBuilder.inject(offloaded, FlyteWorkflowBuilder.closureFields(closure));
    JsonSemantics.assertSame(FlyteWorkflowJson.toTree(offloaded), FlyteWorkflowJson.toTree(full),
        name + ": stripped and re-injected vs built whole");
  }

  static WorkflowExecutionIdentifier executionId(String caseName) {
    return WorkflowExecutionIdentifier.newBuilder().setProject("flytesnacks").setDomain("development")
        .setName("ex-" + caseName.replace('_', '-')).build();
  }

  /** Difference 5: clears TaskMetadata fields 15 and 16, which the v1.13 oracle could not see. */
  static CompiledWorkflowClosure withoutFieldsUnknownToV113(CompiledWorkflowClosure closure) {
    CompiledWorkflowClosure.Builder b = closure.toBuilder();
    for (CompiledTask.Builder t : b.getTasksBuilderList()) {
      TaskTemplate.Builder tb = t.getTemplateBuilder();
      TaskMetadata.Builder md = tb.getMetadataBuilder();
      for (int number : new int[] {15, 16}) {
        FieldDescriptor f = TaskMetadata.getDescriptor().findFieldByNumber(number);
        md.clearField(f);
      }
    }
    return b.build();
  }

  /** Flyte's golden with differences 1-4 applied, each only where the golden looks exactly as described. */
  static JsonNode expected(JsonNode golden) {
    ObjectNode g = golden.deepCopy();
    // 1. apiVersion: our own group (ADR 0007); the body is still compared member for member.
    assertThat(g.path("apiVersion").asText()).isEqualTo("flyte.lyft.com/v1alpha1");
    g.put("apiVersion", FlyteWorkflow.API_VERSION);
    // 2. kind.
    assertThat(g.path("kind").asText()).isEqualTo("flyteworkflow");
    g.put("kind", FlyteWorkflow.KIND);
    // 3. Zero values of structs BuildFlyteWorkflow does not set.
    ObjectMapper json = new ObjectMapper();
    Map<String, String> zeros = Map.of(
        "executionId", "{}",
        "rawOutputDataConfig", "{}",
        "securityContext", "{}",
        "status", "{\"phase\":0}",
        "executionConfig", "{\"EnvironmentVariables\":null,\"Interruptible\":null,\"MaxParallelism\":0,"
            + "\"OverwriteCache\":false,\"RecoveryExecution\":{},\"TaskPluginImpls\":null,\"TaskResources\":{"
            + "\"Limits\":{\"CPU\":\"0\",\"EphemeralStorage\":\"0\",\"GPU\":\"0\",\"Memory\":\"0\",\"Storage\":\"0\"},"
            + "\"Requests\":{\"CPU\":\"0\",\"EphemeralStorage\":\"0\",\"GPU\":\"0\",\"Memory\":\"0\",\"Storage\":\"0\"}}}");
    zeros.forEach((member, zero) -> {
      try {
        assertThat(g.get(member)).as(member).isEqualTo(json.readTree(zero));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      g.remove(member);
    });
    ObjectNode metadata = (ObjectNode) g.get("metadata");
    assertThat(metadata.get("creationTimestamp").isNull()).isTrue();
    metadata.remove("creationTimestamp");
    // 4. elseFail in jsonpb spelling.
    for (JsonNode spec : specs(g)) {
      for (JsonNode node : allNodes(spec)) {
        JsonNode elseFail = node.path("branch").path("elseFail");
        if (elseFail.isObject()) {
          ObjectNode ef = (ObjectNode) elseFail;
          assertThat(ef.has("failedNodeId")).isFalse();
          if (ef.has("failed_node_id")) {
            ef.set("failedNodeId", ef.remove("failed_node_id"));
          }
        }
      }
    }
    return g;
  }

  private static List<JsonNode> specs(JsonNode wf) {
    List<JsonNode> out = new ArrayList<>();
    out.add(wf.get("spec"));
    wf.path("subWorkflows").forEach(out::add);
    return out;
  }

  private static List<JsonNode> allNodes(JsonNode spec) {
    List<JsonNode> out = new ArrayList<>();
    for (Iterator<JsonNode> it = spec.path("nodes").elements(); it.hasNext(); ) {
      out.add(it.next());
    }
    if (spec.has("onFailure")) {
      out.add(spec.get("onFailure"));
    }
    return out;
  }
}
