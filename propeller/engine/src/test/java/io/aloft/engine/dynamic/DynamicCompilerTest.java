package io.aloft.engine.dynamic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.Literals.KeyValuePair;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.compiler.CompileError;
import io.aloft.compiler.ErrorCode;
import io.aloft.crd.NodeKind;
import io.aloft.crd.NodeSpec;
import io.aloft.crd.WorkflowSpec;
import io.aloft.engine.dynamic.DynamicFixtures.CountingLaunchPlans;
import io.aloft.engine.remote.RemoteException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DynamicCompiler} on futures.pb files written by the real flytekit (resources/dynamic-futures). */
class DynamicCompilerTest {
  private static final List<String> FAN_OUT_NODES = List.of("dn0", "dn1", "dn2", "dn3", "dn4");

  @Test
  void fanOutBecomesOneTaskNodePerElementBetweenStartAndEnd() throws Exception {
    DynamicFixtures f = DynamicFixtures.load("fan_out");

    CompiledDynamic c = DynamicCompiler.compile(f.futures(), f.parent(), f.launchPlanSource());

    WorkflowSpec spec = c.spec();
    assertThat(spec.nodes).containsOnlyKeys(concat(FAN_OUT_NODES, "start-node", "end-node"));
    for (String id : FAN_OUT_NODES) {
      NodeSpec n = spec.nodes.get(id);
      assertThat(n.kind).isEqualTo(NodeKind.TASK);
      assertThat(c.tasks()).containsKey(n.task);
      assertThat(c.tasks().get(n.task).getId().getName()).isEqualTo("dynamic_tasks.square");
    }
    assertThat(c.tasks()).hasSize(1);
    assertThat(spec.effectiveEdges().downstream.get("start-node")).containsExactlyInAnyOrderElementsOf(FAN_OUT_NODES);
    assertThat(spec.effectiveEdges().upstream.get("end-node")).containsExactlyInAnyOrderElementsOf(FAN_OUT_NODES);
    // The list output gathers every node's o0, in order.
    assertThat(spec.outputBindings).singleElement().satisfies(b -> {
      assertThat(b.getVar()).isEqualTo("o0");
      assertThat(b.getBinding().getCollection().getBindingsList())
          .extracting(d -> d.getPromise().getNodeId()).containsExactlyElementsOf(FAN_OUT_NODES);
    });
    assertThat(c.subWorkflows()).isEmpty();
  }

  @Test
  void theWorkflowIsNamedForTheNodeTakesTheParentsOutputsAndNoInputs() throws Exception {
    DynamicFixtures f = DynamicFixtures.load("fan_out");

    CompiledDynamic c = DynamicCompiler.compile(f.futures(), f.parent(), f.launchPlanSource());

    Identifier id = c.id();
    assertThat(id.getResourceType()).isEqualTo(ResourceType.WORKFLOW);
    assertThat(id.getProject()).isEqualTo("flytesnacks");
    assertThat(id.getDomain()).isEqualTo("development");
    assertThat(id.getName()).isEqualTo("dynamic_n0");
    assertThat(id.getVersion()).hasSize(10).matches("[bcdfghjklmnpqrstvwxz2456789]+");
    var iface = c.closure().getPrimary().getTemplate().getInterface();
    assertThat(iface.getOutputs()).isEqualTo(f.parentTask().getInterface().getOutputs());
    assertThat(iface.getInputs().getVariablesCount()).isZero();
    assertThat(f.parentTask().getInterface().getInputs().getVariablesMap()).containsKey("n");
  }

  @Test
  void theVersionIsTheSameForTheSameAttemptAndDiffersForAnother() throws Exception {
    DynamicFixtures f = DynamicFixtures.load("fan_out");
    DynamicParent again = new DynamicParent(f.parent().execution(), "n0", 0, f.parentTask());
    DynamicParent retry = new DynamicParent(f.parent().execution(), "n0", 1, f.parentTask());

    String v = DynamicCompiler.compile(f.futures(), f.parent(), f.launchPlanSource()).id().getVersion();

    assertThat(DynamicCompiler.compile(f.futures(), again, f.launchPlanSource()).id().getVersion()).isEqualTo(v);
    assertThat(DynamicCompiler.compile(f.futures(), retry, f.launchPlanSource()).id().getVersion()).isNotEqualTo(v);
  }

  @Test
  void aSubWorkflowIsCompiledAndKeyedAsItsNodeReferencesIt() throws Exception {
    DynamicFixtures f = DynamicFixtures.load("sub_workflow");

    CompiledDynamic c = DynamicCompiler.compile(f.futures(), f.parent(), f.launchPlanSource());

    NodeSpec call = c.spec().nodes.get("dn0");
    assertThat(call.kind).isEqualTo(NodeKind.WORKFLOW);
    assertThat(c.subWorkflows()).containsOnlyKeys(call.workflow.subWorkflowRef);
    WorkflowSpec sub = c.subWorkflows().get(call.workflow.subWorkflowRef);
    assertThat(sub.nodes).containsOnlyKeys("start-node", "end-node", "dn0", "dn1");
    assertThat(sub.effectiveEdges().upstream.get("dn1")).containsExactly("dn0");
    assertThat(c.tasks()).containsKey(sub.nodes.get("dn0").task).containsKey(c.spec().nodes.get("dn1").task);
    assertThat(c.tasks().values()).extracting(t -> t.getId().getName())
        .containsExactlyInAnyOrder("dynamic_tasks.inc", "dynamic_tasks.describe");
    assertThat(c.spec().effectiveEdges().upstream.get("dn1")).containsExactly("dn0");
    assertThat(c.closure().getSubWorkflowsList()).singleElement()
        .satisfies(w -> assertThat(w.getConnections().getDownstreamMap()).isNotEmpty());
  }

  @Test
  void aLaunchPlanIsCheckedAgainstTheInterfaceTheSourceGives() throws Exception {
    DynamicFixtures f = DynamicFixtures.load("launch_plan");
    CountingLaunchPlans lps = f.launchPlanSource();

    CompiledDynamic c = DynamicCompiler.compile(f.futures(), f.parent(), lps);

    Identifier lp = f.launchPlans().getFirst().getId();
    assertThat(lps.calls).containsExactly(lp);
    NodeSpec call = c.spec().nodes.get("dn0");
    assertThat(call.kind).isEqualTo(NodeKind.WORKFLOW);
    assertThat(call.workflow.launchPlanRefId.getName()).isEqualTo("dynamic_tasks.child_lp");
    // flytekit binds the defaulted b to its default; o0 comes back through the launch plan's outputs.
    assertThat(call.inputBindings).extracting(b -> b.getVar()).containsExactlyInAnyOrder("a", "b");
    assertThat(c.spec().outputBindings).singleElement()
        .satisfies(b -> assertThat(b.getBinding().getPromise().getNodeId()).isEqualTo("dn0"));
  }

  @Test
  void anUnknownLaunchPlanIsAUserErrorNamingIt() {
    DynamicFixtures f = DynamicFixtures.load("launch_plan");
    LaunchPlanSource none = id -> {
      throw new RemoteException(RemoteException.Kind.NOT_FOUND, "missing entity of type LAUNCH_PLAN");
    };

    assertThatThrownBy(() -> DynamicCompiler.compile(f.futures(), f.parent(), none))
        .isInstanceOfSatisfying(DynamicWorkflowException.class, e -> {
          assertThat(e.kind()).isEqualTo(DynamicWorkflowException.Kind.USER);
          assertThat(e.getMessage()).isEqualTo("[User] incorrectly specified launchplan "
              + "flytesnacks:development:dynamic_tasks.child_lp:v1, caused by: missing entity of type LAUNCH_PLAN");
        });
  }

  @Test
  void anUnreachableAdminIsASystemError() {
    DynamicFixtures f = DynamicFixtures.load("launch_plan");
    LaunchPlanSource down = id -> {
      throw new RemoteException(RemoteException.Kind.SYSTEM, "UNAVAILABLE: io exception");
    };

    assertThatThrownBy(() -> DynamicCompiler.compile(f.futures(), f.parent(), down))
        .isInstanceOfSatisfying(DynamicWorkflowException.class, e -> {
          assertThat(e.kind()).isEqualTo(DynamicWorkflowException.Kind.SYSTEM);
          assertThat(e.isUserError()).isFalse();
          assertThat(e.getMessage()).startsWith("[system] unable to retrieve launchplan information "
              + "flytesnacks:development:dynamic_tasks.child_lp:v1");
        });
  }

  @Test
  void aTypeErrorIsAUserErrorListingTheCompilersProblems() {
    // The dynamic called launch plan typed_lp through a reference declaring x: int; admin's typed_lp takes x: str.
    DynamicFixtures f = DynamicFixtures.load("type_error");

    assertThatThrownBy(() -> DynamicCompiler.compile(f.futures(), f.parent(), f.launchPlanSource()))
        .isInstanceOfSatisfying(DynamicWorkflowException.class, e -> {
          assertThat(e.isUserError()).isTrue();
          assertThat(e.compileErrors()).extracting(CompileError::code, CompileError::nodeId)
              .contains(org.assertj.core.groups.Tuple.tuple(ErrorCode.MISMATCHING_TYPES, "dn0"));
          assertThat(e.getMessage())
              .startsWith("[User] malformed dynamic workflow, caused by: Collected Errors: "
                  + e.compileErrors().size() + "\n\tError 0: Code: ")
              .contains("Code: MismatchingTypes, Node Id: dn0, Description: Variable [x] (type [INTEGER]) doesn't match"
                  + " expected type [STRING].");
        });
  }

  @Test
  void childContainerTasksInheritTheParentsContainerConfig() throws Exception {
    DynamicFixtures f = DynamicFixtures.load("fan_out");
    TaskTemplate parent = f.parentTask().toBuilder().setContainer(f.parentTask().getContainer().toBuilder()
        .addConfig(KeyValuePair.newBuilder().setKey("limits").setValue("gpu"))).build();

    CompiledDynamic c = DynamicCompiler.compile(f.futures(), new DynamicParent(DynamicFixtures.EXECUTION, "n0", 0,
        parent), f.launchPlanSource());

    assertThat(c.tasks().values()).singleElement()
        .satisfies(t -> assertThat(t.getContainer().getConfigList()).containsExactly(
            KeyValuePair.newBuilder().setKey("limits").setValue("gpu").build()));
    assertThat(f.futures().getTasks(0).getContainer().getConfigList()).isEmpty();
  }

  private static List<String> concat(List<String> a, String... b) {
    return java.util.stream.Stream.concat(a.stream(), java.util.Arrays.stream(b)).toList();
  }
}
