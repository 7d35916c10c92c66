package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.Common.NamedEntityIdentifier;
import io.aloft.crd.FlyteWorkflow;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node kinds a new user's everyday flytekit code needs beyond tasks, branches, sub-workflows and map tasks, run
 * from {@code examples/} with the real {@code pyflyte run --remote} on the local stack and read back through
 * FlyteRemote: launch plans called as nodes (twice in parallel, two levels deep, mapped over a list), sleep, signal and
 * approve gates (set through FlyteRemote) and a gate that times out, dynamic workflows (a fan-out of ten, one that
 * calls a sub-workflow and a launch plan, and one that calls another dynamic), and a failure node given the error as
 * {@code Optional[FlyteError]}. Then propeller is SIGKILLed in the middle of each new kind: every execution still completes, and no child execution and no
 * pod is created twice.
 */
class NodeKindsIT {
  static RunningStack running;
  static ExampleRuns examples;

  @BeforeAll
  static void start() throws Exception {
    running = RunningStack.shared(SandboxExamplesIT.STACK);
    examples = ExampleRuns.of(running.stack(), "aloft-node-kinds-work");
  }

  @Test
  void launchPlansGatesDynamicsAndFailureNodesRunWithTheRealFlytekit() throws Exception {
    List<String> names = examples.launchAll(
        new ExampleRuns.Launch("lp-twice-a", "launch_plan.py", "twice_wf", "--x", "3", "--y", "4"),
        new ExampleRuns.Launch("lp-twice-b", "launch_plan.py", "twice_wf", "--x", "1", "--y", "2"),
        new ExampleRuns.Launch("lp-nested", "launch_plan.py", "nested_wf", "--x", "3"),
        new ExampleRuns.Launch("lp-map", "launch_plan.py", "map_lp_wf", "--xs", "[1, 2, 3]"),
        new ExampleRuns.Launch("dyn-fan", "dynamic.py", "fan_out_wf", "--n", "10"),
        new ExampleRuns.Launch("dyn-mixed", "dynamic.py", "mixed_wf", "--x", "3"),
        new ExampleRuns.Launch("dyn-nested", "dynamic.py", "nested_wf", "--n", "4"),
        new ExampleRuns.Launch("gate-sleep", "gates.py", "sleep_wf"),
        new ExampleRuns.Launch("gate-signal", "gates.py", "signal_wf", "--x", "1"),
        new ExampleRuns.Launch("gate-approve", "gates.py", "approve_wf", "--x", "1"),
        new ExampleRuns.Launch("gate-timeout", "gates.py", "timeout_wf", "--x", "1"),
        new ExampleRuns.Launch("failure", "failure_node.py", "failing_wf", "--name", "fail"));
    assertThat(signal("gate-signal", "bonus", "int", "40")).contains("bonus");
    assertThat(signal("gate-approve", "approve-total", "approve", null)).contains("approve-total");
    JsonNode ex = examples.readBack(names.toArray(String[]::new));

    assertThat(ExampleRuns.output(ex, "lp-twice-a").asLong()).isEqualTo(14);
    assertThat(ExampleRuns.output(ex, "lp-twice-b").asLong()).isEqualTo(6);
    assertThat(ExampleRuns.output(ex, "lp-nested").asLong()).isEqualTo(7);
    assertThat(longs(ExampleRuns.output(ex, "lp-map"))).containsExactly(2L, 4L, 6L);
    assertThat(ExampleRuns.output(ex, "dyn-fan").asLong()).isEqualTo(285);
    assertThat(ExampleRuns.output(ex, "dyn-mixed").asLong()).isEqualTo(25 + 9);
    assertThat(ExampleRuns.output(ex, "dyn-nested").asLong()).isEqualTo(0 + 1 + 4 + 9);
    // FlyteRemote shows the dynamic workflow's nodes under the dynamic node.
    assertThat(ExampleRuns.nodes(ex, "dyn-fan").keySet()).filteredOn(k -> k.matches("n0/n0-0-dn\\d+")).hasSize(10);
    assertThat(ExampleRuns.output(ex, "gate-sleep").asText()).isEqualTo("woke up");
    assertThat(ExampleRuns.output(ex, "gate-signal").asLong()).isEqualTo(42);
    assertThat(ExampleRuns.output(ex, "gate-approve").asLong()).isEqualTo(3);
    assertThat(ex.get("gate-timeout").get("phase").asInt()).isEqualTo(ExampleRuns.FAILED);
    assertThat(ex.get("gate-timeout").get("error").asText()).containsAnyOf("deadline", "timeout");
    assertThat(ex.get("failure").get("phase").asInt()).isEqualTo(ExampleRuns.FAILED);
    assertThat(ex.get("failure").get("error").asText()).contains("name must not be 'fail'");

    // Each launch-plan node made one child execution, named after it and pointing back at it.
    assertThat(children("lp-twice-a")).hasSize(2);
    assertThat(children("lp-nested")).hasSize(1);
    List<Execution> grandchildren = children(children("lp-nested").get(0).getId().getName());
    assertThat(grandchildren).hasSize(1);
    assertThat(grandchildren.get(0).getSpec().getMetadata().getNesting()).isEqualTo(2);
    assertThat(children("lp-map")).hasSize(3);
    assertThat(children("dyn-mixed")).hasSize(2); // one from the dynamic workflow, one from the workflow itself
    for (Execution child : children("lp-twice-a")) {
      assertThat(child.getSpec().getMetadata().getNesting()).isEqualTo(1);
      assertThat(child.getSpec().getLaunchPlan().getName()).isEqualTo("double_lp");
    }
    // The dynamic fan-out ran one pod for its own task, ten for its nodes and one for the sum.
    assertThat(pods("dyn-fan")).isEqualTo(12);
    // The failure node ran with the error flytekit converted from what propeller passed.
    assertThat(failureNodeLog()).contains("cleaning up after fail: ").contains("name must not be 'fail'");
  }

  @Test
  void aPropellerKilledInTheMiddleOfEachNewKindLaunchesNothingTwice() throws Exception {
    List<String> names = examples.launchAll(
        new ExampleRuns.Launch("r-lp", "launch_plan.py", "twice_wf", "--x", "5", "--y", "6"),
        new ExampleRuns.Launch("r-map", "launch_plan.py", "map_lp_wf", "--xs", "[4, 5]"),
        new ExampleRuns.Launch("r-dyn", "dynamic.py", "fan_out_wf", "--n", "6"),
        new ExampleRuns.Launch("r-gate", "gates.py", "signal_wf", "--x", "2"));
    // In the middle: the children launched, the dynamic workflow running, the gate waiting for its signal.
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(
        () -> !children("r-lp").isEmpty() && !children("r-map").isEmpty()
            && status("r-dyn", s -> s.path("nodeStatus").path("n0").path("dynamicNodeStatus").path("phase").asInt()
                == 1)
            && status("r-gate", s -> s.path("nodeStatus").path("n0").path("phase").asInt() >= 1));
    running.stack().restart("propeller");
    signal("r-gate", "bonus", "int", "10");
    JsonNode ex = examples.readBack(names.toArray(String[]::new));

    assertThat(ExampleRuns.output(ex, "r-lp").asLong()).isEqualTo(22);
    assertThat(longs(ExampleRuns.output(ex, "r-map"))).containsExactly(8L, 10L);
    assertThat(ExampleRuns.output(ex, "r-dyn").asLong()).isEqualTo(55);
    assertThat(ExampleRuns.output(ex, "r-gate").asLong()).isEqualTo(13);
    assertThat(children("r-lp")).hasSize(2);
    assertThat(children("r-map")).hasSize(2);
    assertThat(pods("r-dyn")).isEqualTo(8);
    for (Execution child : children("r-lp")) {
      assertThat(pods(child.getId().getName())).isEqualTo(1);
    }
  }

  /**
   * Reliability bug 1: a launch plan's state read back on the long-lived channel that changed it is the new state,
   * every time. The stale state a user saw came from flytekit's friendly client, which caches get_launch_plan per
   * client (functools.lru_cache); the raw GetLaunchPlan on the same channel is always current.
   */
  @Test
  void aLaunchPlanStateChangeIsReadBackAtOnceOnTheSameChannel() throws Exception {
    examples.launch("lp-state", "launch_plan.py", "twice_wf", "--x", "1", "--y", "1"); // registers double_lp
    JsonNode seen = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(examples.flyteRemote(
        "launch_plan_state.py", List.of(ExampleRuns.PROJECT, ExampleRuns.DOMAIN, "double_lp")));
    assertThat(seen).hasSize(4);
    for (JsonNode change : seen) {
      int set = change.get("set").asInt();
      assertThat(change.get("raw")).as("GetLaunchPlan after setting %d", set)
          .allSatisfy(read -> assertThat(read.asInt()).isEqualTo(set));
    }
    // flytekit's cached friendly client keeps answering the state it read when the launch plan was fetched
    assertThat(seen.findValues("friendly").stream().map(JsonNode::asInt).distinct()).hasSize(1);
  }

  /** Sets (or approves) {@code signal} of {@code execution} through FlyteRemote once it is listed. */
  private static String signal(String execution, String signal, String kind, String value) throws Exception {
    List<String> args = new ArrayList<>(List.of(ExampleRuns.PROJECT, ExampleRuns.DOMAIN, execution, signal, kind));
    if (value != null) {
      args.add(value);
    }
    return examples.flyteRemote("set_signal.py", args);
  }

  /** The executions admin holds whose parent node execution belongs to {@code parent}. */
  private static List<Execution> children(String parent) {
    List<Execution> out = new ArrayList<>();
    for (Execution e : running.admin().listExecutions(ResourceListRequest.newBuilder().setLimit(500)
        .setId(NamedEntityIdentifier.newBuilder().setProject(ExampleRuns.PROJECT).setDomain(ExampleRuns.DOMAIN))
        .build()).getExecutionsList()) {
      if (e.getSpec().getMetadata().getParentNodeExecution().getExecutionId().getName().equals(parent)) {
        out.add(e);
      }
    }
    return out;
  }

  /** True when the workflow resource of {@code execution} exists and its status satisfies {@code check}. */
  private static boolean status(String execution, Predicate<JsonNode> check) {
    GenericKubernetesResource wf = running.kube().genericKubernetesResources(FlyteWorkflow.API_VERSION,
        FlyteWorkflow.KIND).inNamespace(ExampleRuns.PROJECT + "-" + ExampleRuns.DOMAIN).withName(execution).get();
    if (wf == null || wf.getAdditionalProperties().get("status") == null) {
      return false;
    }
    return check.test(ExampleRuns.JSON.valueToTree(wf.getAdditionalProperties().get("status")));
  }

  private static int pods(String execution) {
    return running.kube().pods().inNamespace(ExampleRuns.PROJECT + "-" + ExampleRuns.DOMAIN)
        .withLabel("execution-id", execution).list().getItems().size();
  }

  /** What the failure node's pod printed. */
  private static String failureNodeLog() throws Exception {
    StringBuilder out = new StringBuilder();
    try (var files = java.nio.file.Files.walk(running.stack().dataDir().resolve("pods"))) {
      for (var f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        String text = new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.contains("cleaning up after")) {
          out.append(text);
        }
      }
    }
    return out.toString();
  }

  private static List<Long> longs(JsonNode list) {
    List<Long> out = new ArrayList<>();
    list.forEach(v -> out.add(v.asLong()));
    return out;
  }
}
