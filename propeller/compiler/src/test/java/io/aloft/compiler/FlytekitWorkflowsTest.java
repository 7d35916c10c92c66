package io.aloft.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.Compiler.ConnectionSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests on workflows serialized by the real flytekit (see src/test/resources/flytekit-workflows): every
 * case compiles, and where Flyte's own compiler produced a closure for it (the oracle), ours is identical.
 */
class FlytekitWorkflowsTest {

  static List<CaseBundle> cases() {
    return CaseBundle.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compilesAsFlyteDoes(CaseBundle c) throws Exception {
    CompiledWorkflowClosure ours = c.compile();

    assertThat(ours.getPrimary().getTemplate().getNodesList()).extracting(n -> n.getId())
        .contains(WorkflowCompiler.START_NODE, WorkflowCompiler.END_NODE);
    // Every case but map_task has Flyte's own closure to match; a missing one must not pass silently.
    assertThat(c.flyteClosure() != null || c.name().equals("map_task"))
        .as("oracle closure expected-closure.pb present for " + c.name()).isTrue();
    if (c.flyteClosure() != null) {
      writeForDiff(c.name(), ours, c.flyteClosure());
      assertThat(upstream(ours)).as("upstream connections").isEqualTo(upstream(c.flyteClosure()));
      assertThat(downstream(ours)).as("downstream connections").isEqualTo(downstream(c.flyteClosure()));
      assertThat(JsonFormat.printer().sortingMapKeys().print(ours)).as("whole closure")
          .isEqualTo(JsonFormat.printer().sortingMapKeys().print(c.flyteClosure()));
    }
  }

  /**
   * map_task has no oracle closure (the oracle's Flyte predates flyteidl 1.16's array-node fields), so its graph is
   * asserted from Flyte's rules: each array node reads workflow inputs (edge from start-node), each consumer reads
   * one array node, and the workflow outputs read the consumers.
   */
  @Test
  void mapTasksCompileByFlytesRules() throws Exception {
    CaseBundle c = CaseBundle.named("map_task");
    assertThat(c.flyteClosure()).as("no oracle closure for this case").isNull();

    CompiledWorkflowClosure closure = c.compile();

    assertThat(upstream(closure)).isEqualTo(Map.of(
        "n0", List.of("start-node"), "n1", List.of("start-node"), "n2", List.of("start-node"),
        "n3", List.of("n0"), "n4", List.of("n1"), "n5", List.of("n2"),
        "end-node", List.of("n3", "n4", "n5")));
    assertThat(downstream(closure)).isEqualTo(Map.of(
        "start-node", List.of("n0", "n1", "n2"),
        "n0", List.of("n3"), "n1", List.of("n4"), "n2", List.of("n5"),
        "n3", List.of("end-node"), "n4", List.of("end-node"), "n5", List.of("end-node")));
    // The launch-plan map (n2) ships its sub-node's original interface; n5 (list[Optional[int]]) type-checks only
    // because the compiler wraps it into collections.
    var n2 = closure.getPrimary().getTemplate().getNodesList().stream().filter(n -> n.getId().equals("n2"))
        .findFirst().orElseThrow();
    assertThat(n2.getArrayNode().getIsOriginalSubNodeInterface().getValue()).isTrue();
  }

  @Test
  void mapOverALaunchPlanIsRejectedWithoutTheArrayWrapping() {
    CaseBundle c = CaseBundle.named("map_task");
    var template = c.workflow().getTemplate().toBuilder();
    for (int i = 0; i < template.getNodesCount(); i++) {
      if (template.getNodes(i).getId().equals("n2")) {
        template.getNodesBuilder(i).getArrayNodeBuilder().clearIsOriginalSubNodeInterface();
      }
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkflowCompiler.compile(template.build(),
            c.workflow().getSubWorkflowsList(), c.tasks(), c.launchPlans()))
        .isInstanceOfSatisfying(CompilationException.class, e -> assertThat(e.errors())
            .extracting(CompileError::code).contains(ErrorCode.MISMATCHING_TYPES));
  }

  /** Leaves both closures as JSON in target/golden/ so a mismatch can be read with diff. */
  private static void writeForDiff(String name, CompiledWorkflowClosure ours, CompiledWorkflowClosure flyte)
      throws java.io.IOException {
    java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "golden"));
    java.nio.file.Files.writeString(dir.resolve(name + ".aloft.json"), JsonFormat.printer().sortingMapKeys().print(ours));
    java.nio.file.Files.writeString(dir.resolve(name + ".flyte.json"), JsonFormat.printer().sortingMapKeys().print(flyte));
  }

  static Map<String, List<String>> upstream(CompiledWorkflowClosure c) {
    return flatten(c.getPrimary().getConnections().getUpstreamMap());
  }

  static Map<String, List<String>> downstream(CompiledWorkflowClosure c) {
    return flatten(c.getPrimary().getConnections().getDownstreamMap());
  }

  private static Map<String, List<String>> flatten(Map<String, ConnectionSet.IdList> m) {
    Map<String, List<String>> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v.getIdsList())));
    return out;
  }
}
