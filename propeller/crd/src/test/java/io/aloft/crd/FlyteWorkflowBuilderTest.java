package io.aloft.crd;

import static io.aloft.crd.Closures.INT;
import static io.aloft.crd.Closures.execution;
import static io.aloft.crd.Closures.intInputs;
import static io.aloft.crd.Closures.single;
import static io.aloft.crd.Closures.task;
import static io.aloft.crd.Closures.taskNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.Condition.BooleanExpression;
import flyteidl.core.Condition.ComparisonExpression;
import flyteidl.core.Condition.Operand;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.RetryStrategy;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Tasks.ExtendedResources;
import flyteidl.core.Tasks.GPUAccelerator;
import flyteidl.core.Tasks.K8sPod;
import flyteidl.core.Tasks.Resources;
import flyteidl.core.Tasks.TaskMetadata;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Types.Error;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Types.TypeAnnotation;
import flyteidl.core.Types.TypeStructure;
import flyteidl.core.Types.UnionType;
import flyteidl.core.Workflow.Alias;
import flyteidl.core.Workflow.ApproveCondition;
import flyteidl.core.Workflow.ArrayNode;
import flyteidl.core.Workflow.BranchNode;
import flyteidl.core.Workflow.GateNode;
import flyteidl.core.Workflow.IfBlock;
import flyteidl.core.Workflow.IfElseBlock;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.NodeMetadata;
import flyteidl.core.Workflow.SignalCondition;
import flyteidl.core.Workflow.SleepCondition;
import flyteidl.core.Workflow.TaskNodeOverrides;
import flyteidl.core.Workflow.WorkflowMetadata;
import flyteidl.core.Workflow.WorkflowMetadataDefaults;
import flyteidl.core.Workflow.WorkflowNode;
import io.aloft.compiler.CompilationException;
import io.aloft.compiler.CompileError;
import io.aloft.compiler.ErrorCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlyteWorkflowBuilderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static FlyteWorkflow build(CompiledWorkflowClosure closure) throws CompilationException {
    return FlyteWorkflowBuilder.build(closure, intInputs(7), execution("abc123"), "proj-dev");
  }

  /** Node {@code id} as written, numbers as exact decimals ({@link JsonSemantics#canonical}). */
  private static JsonNode node(FlyteWorkflow wf, String id) {
    return JsonSemantics.canonical(FlyteWorkflowJson.toTree(wf).path("spec").path("nodes").path(id));
  }

  private static JsonNode json(String text) throws Exception {
    return JsonSemantics.canonical(JSON.readTree(text));
  }

  private static List<ErrorCode> codes(CompilationException e) {
    return e.errors().stream().map(CompileError::code).toList();
  }

  // ------------------------------------------------------------------------------------------ labels and metadata

  @Test
  void namesTheResourceAfterTheExecutionAndLabelsItForShardingAndSelection() throws Exception {
    FlyteWorkflow wf = build(single(taskNode("n0", "t0")).closure());

    assertThat(wf.getApiVersion()).isEqualTo(FlyteWorkflow.API_VERSION);
    assertThat(wf.getKind()).isEqualTo("FlyteWorkflow");
    assertThat(wf.getMetadata().getName()).isEqualTo("abc123");
    assertThat(wf.getMetadata().getGenerateName()).isNull();
    assertThat(wf.getMetadata().getNamespace()).isEqualTo("proj-dev");
    assertThat(wf.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
        "execution-id", "abc123",
        "project", "proj",
        "domain", "dev",
        "workflow-name", "wf-single",
        "shard-key", Long.toString(Integer.toUnsignedLong(WorkflowLabels.fnv32a("abc123")) % 32)));
    // Admin's preparation step sets these; the transformer does not.
    assertThat(wf.executionId).isNull();
    assertThat(wf.acceptedAt).isNull();
    assertThat(wf.workflowMeta).isNull();
  }

  @Test
  void withoutAnExecutionKubernetesGeneratesTheNameFromTheWorkflowId() throws Exception {
    CompiledWorkflowClosure closure = new Closures.WorkflowBuilder("a.rather_long.workflow_name_indeed")
        .node(taskNode("n0", "t0")).task(task("t0")).edge("start-node", "n0").edge("n0", "end-node").closure();

    FlyteWorkflow wf = FlyteWorkflowBuilder.build(closure, intInputs(1), null, "proj-dev");

    // "proj-dev-a.rather_long.workflow_name_indeed" cut at 32 bytes.
    assertThat(wf.getMetadata().getName()).isNull();
    assertThat(wf.getMetadata().getGenerateName()).isEqualTo("proj-dev-a.rather_long.workflow_-");
    assertThat(wf.getMetadata().getLabels()).containsEntry("execution-id", "proj-dev-a.rather_long.workflow_")
        .containsEntry("workflow-name", "a-rather-long-workflow-name-indeed")
        .containsEntry("shard-key", Integer.toString(WorkflowLabels.shardKey("proj-dev-a.rather_long.workflow_")));
  }

  @Test
  void nodeDefaultsCarryTheWorkflowsInterruptibleDefault() throws Exception {
    FlyteWorkflow plain = build(single(taskNode("n0", "t0")).closure());
    FlyteWorkflow interruptible = build(single(taskNode("n0", "t0"))
        .template(t -> t.setMetadataDefaults(WorkflowMetadataDefaults.newBuilder().setInterruptible(true)))
        .closure());

    assertThat(FlyteWorkflowJson.toTree(plain).get("node-defaults")).isEqualTo(json("{}"));
    assertThat(FlyteWorkflowJson.toTree(interruptible).get("node-defaults"))
        .isEqualTo(json("{\"interruptible\":true}"));
  }

  // ------------------------------------------------------------------------------------------ workflow spec

  @Test
  void workflowSpecHasIdNodesBothEdgeFormsOutputsAndFailurePolicy() throws Exception {
    FlyteWorkflow wf = build(single(taskNode("n0", "t0"))
        .template(t -> t.setMetadata(WorkflowMetadata.newBuilder()
            .setOnFailure(WorkflowMetadata.OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE))
            .addOutputs(Closures.promise("o0", "n0", "o0")))
        .closure());
    JsonNode spec = FlyteWorkflowJson.toTree(wf).get("spec");

    assertThat(spec.get("id").asText()).isEqualTo("proj:dev:wf.single");
    assertThat(spec.get("nodes").properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactlyInAnyOrder("start-node", "end-node", "n0");
    assertThat(spec.get("nodes").get("start-node")).isEqualTo(json(
        "{\"id\":\"start-node\",\"kind\":\"start\",\"resources\":{}}"));
    assertThat(spec.get("nodes").get("end-node").get("kind").asText()).isEqualTo("end");
    assertThat(spec.get("connections")).isEqualTo(json("{\"n0\":[\"end-node\"],\"start-node\":[\"n0\"]}"));
    assertThat(spec.get("edges")).isEqualTo(json("{\"downstream\":{\"n0\":[\"end-node\"],\"start-node\":[\"n0\"]},"
        + "\"upstream\":{\"end-node\":[\"n0\"],\"n0\":[\"start-node\"]}}"));
    assertThat(spec.get("outputs")).isEqualTo(json("{\"variables\":{\"o0\":{\"type\":{\"simple\":\"INTEGER\"}}}}"));
    assertThat(spec.get("outputBindings")).isEqualTo(json(
        "[{\"var\":\"o0\",\"binding\":{\"promise\":{\"nodeId\":\"n0\",\"var\":\"o0\"}}}]"));
    // Flyte writes the policy by name and leaves the default out.
    assertThat(spec.get("onFailurePolicy").asText()).isEqualTo("FAIL_AFTER_EXECUTABLE_NODES_COMPLETE");
    assertThat(FlyteWorkflowJson.toTree(build(single(taskNode("n0", "t0")).closure())).get("spec")
        .has("onFailurePolicy")).isFalse();
    assertThat(wf.spec.effectiveEdges().upstream).containsEntry("n0", List.of("start-node"));
  }

  @Test
  void taskNodeReferencesItsTaskByGoIdentifierStringAndTasksAreKeyedTheSameWay() throws Exception {
    FlyteWorkflow wf = build(single(taskNode("n0", "t0")).closure());
    String key = "resource_type:TASK project:\"proj\" domain:\"dev\" name:\"t0\" version:\"v1\"";

    assertThat(wf.spec.nodes.get("n0").kind).isEqualTo(NodeKind.TASK);
    assertThat(wf.spec.nodes.get("n0").task).isEqualTo(key);
    assertThat(wf.tasks).containsOnlyKeys(key);
    assertThat(wf.tasks.get(key).path("id").path("name").asText()).isEqualTo("t0");
    assertThat(node(wf, "n0").get("inputBindings")).isEqualTo(json(
        "[{\"var\":\"x\",\"binding\":{\"promise\":{\"nodeId\":\"start-node\",\"var\":\"x\"}}}]"));
  }

  @Test
  void interfacesLoseTypeMetadataAndDescriptionsButKeepStructure() throws Exception {
    LiteralType annotated = LiteralType.newBuilder().setUnionType(UnionType.newBuilder()
            .addVariants(LiteralType.newBuilder().setSimple(SimpleType.INTEGER)
                .setMetadata(Struct.newBuilder().putFields("k", Value.newBuilder().setStringValue("v").build()))
                .setStructure(TypeStructure.newBuilder().setTag("int")))
            .addVariants(LiteralType.newBuilder().setSimple(SimpleType.NONE)))
        .setAnnotation(TypeAnnotation.newBuilder().setAnnotations(Struct.newBuilder()
            .putFields("a", Value.newBuilder().setBoolValue(true).build())))
        .build();
    TaskTemplate t0 = task("t0").toBuilder().setInterface(TypedInterface.newBuilder()
        .setInputs(VariableMap.newBuilder().putVariables("x",
            Variable.newBuilder().setType(INT).setDescription("the x").build()))
        .setOutputs(VariableMap.newBuilder().putVariables("o0",
            Variable.newBuilder().setType(annotated).setDescription("maybe an int").build()))).build();
    CompiledWorkflowClosure closure = new Closures.WorkflowBuilder("wf.meta").node(taskNode("n0", "t0")).task(t0)
        .edge("start-node", "n0").edge("n0", "end-node").closure();

    FlyteWorkflow wf = build(closure);

    JsonNode task = wf.tasks.values().iterator().next();
    assertThat(task.path("interface")).isEqualTo(json("{\"inputs\":{\"variables\":{\"x\":{\"type\":{\"simple\":"
        + "\"INTEGER\"}}}},\"outputs\":{\"variables\":{\"o0\":{\"type\":{\"unionType\":{\"variants\":["
        + "{\"simple\":\"INTEGER\",\"structure\":{\"tag\":\"int\"}},{\"simple\":\"NONE\"}]}}}}}}"));
  }

  // ------------------------------------------------------------------------------------------ retries, deadlines

  @Test
  void retryIsRetriesPlusOneFromTheNodeElseTheTask() throws Exception {
    TaskTemplate retried = task("t0").toBuilder().setMetadata(TaskMetadata.newBuilder()
        .setRetries(RetryStrategy.newBuilder().setRetries(4))).build();

    FlyteWorkflow fromNode = build(single(taskNode("n0", "t0").setMetadata(NodeMetadata.newBuilder()
        .setRetries(RetryStrategy.newBuilder().setRetries(2)))).closure());
    FlyteWorkflow fromTask = build(new Closures.WorkflowBuilder("wf").node(taskNode("n0", "t0")).task(retried)
        .edge("start-node", "n0").edge("n0", "end-node").closure());
    FlyteWorkflow zeroOnNodeFallsToTask = build(new Closures.WorkflowBuilder("wf").node(taskNode("n0", "t0")
            .setMetadata(NodeMetadata.newBuilder().setRetries(RetryStrategy.newBuilder().setRetries(0))))
        .task(retried).edge("start-node", "n0").edge("n0", "end-node").closure());
    FlyteWorkflow none = build(single(taskNode("n0", "t0")).closure());

    assertThat(node(fromNode, "n0").get("retry")).isEqualTo(json("{\"minAttempts\":3}"));
    assertThat(node(fromTask, "n0").get("retry")).isEqualTo(json("{\"minAttempts\":5}"));
    assertThat(node(zeroOnNodeFallsToTask, "n0").get("retry")).isEqualTo(json("{\"minAttempts\":5}"));
    assertThat(node(none, "n0").has("retry")).isFalse();
  }

  @Test
  void executionDeadlineIsTheNodeTimeoutAndActiveDeadlineTwiceIt() throws Exception {
    FlyteWorkflow wf = build(single(taskNode("n0", "t0").setMetadata(NodeMetadata.newBuilder()
        .setTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(90).setNanos(250_000_000)))).closure());

    assertThat(wf.spec.nodes.get("n0").executionDeadline).isEqualTo(Duration.ofMillis(90_250));
    assertThat(wf.spec.nodes.get("n0").activeDeadline).isEqualTo(Duration.ofMillis(180_500));
    assertThat(node(wf, "n0").get("executionDeadline").asText()).isEqualTo("1m30.25s");
    assertThat(node(wf, "n0").get("activeDeadline").asText()).isEqualTo("3m0.5s");
    assertThat(node(build(single(taskNode("n0", "t0")).closure()), "n0").has("executionDeadline")).isFalse();
  }

  @Test
  void aTimeoutGoCannotHoldIsASyntaxError() {
    // Seconds and nanos of different signs: ptypes.Duration rejects it.
    CompiledWorkflowClosure closure = single(taskNode("n0", "t0").setMetadata(NodeMetadata.newBuilder()
        .setTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(5).setNanos(-1)))).closure();

    assertThatThrownBy(() -> build(closure)).isInstanceOfSatisfying(CompilationException.class, e -> {
      assertThat(codes(e)).containsExactly(ErrorCode.SYNTAX_ERROR);
      assertThat(e.errors().get(0).nodeId()).isEqualTo("n0");
      assertThat(e.errors().get(0).description()).contains("node:metadata:timeout");
    });
  }

  @Test
  void nameAndInterruptibleComeFromNodeMetadataOnlyWhenSet() throws Exception {
    FlyteWorkflow wf = build(new Closures.WorkflowBuilder("wf")
        .node(taskNode("n0", "t0").setMetadata(NodeMetadata.newBuilder().setName("friendly").setInterruptible(false)))
        .node(taskNode("n1", "t0").setMetadata(NodeMetadata.newBuilder().setName("other")))
        .task(task("t0")).edge("start-node", "n0").edge("n0", "n1").edge("n1", "end-node").closure());

    assertThat(node(wf, "n0").get("name").asText()).isEqualTo("friendly");
    assertThat(node(wf, "n0").get("interruptible")).isEqualTo(json("false"));
    assertThat(node(wf, "n1").has("interruptible")).isFalse();
  }

  // ------------------------------------------------------------------------------------------ node kinds

  @Test
  void branchNodeListsItsConditionsAndItsSubNodesAreOrdinaryNodes() throws Exception {
    BooleanExpression xGt10 = BooleanExpression.newBuilder().setComparison(ComparisonExpression.newBuilder()
        .setOperator(ComparisonExpression.Operator.GT).setLeftValue(Operand.newBuilder().setVar(".x"))
        .setRightValue(Operand.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(10)))).build();
    BooleanExpression xLt0 = xGt10.toBuilder().setComparison(xGt10.getComparison().toBuilder()
        .setOperator(ComparisonExpression.Operator.LT)).build();
    Node branch = Node.newBuilder().setId("n1").setMetadata(NodeMetadata.newBuilder().setName("decide"))
        .setBranchNode(BranchNode.newBuilder().setIfElse(IfElseBlock.newBuilder()
            .setCase(IfBlock.newBuilder().setCondition(xGt10).setThenNode(taskNode("n1-n0", "t0")))
            .addOther(IfBlock.newBuilder().setCondition(xLt0).setThenNode(taskNode("n1-n1", "t0")))
            .setError(Error.newBuilder().setFailedNodeId("decide").setMessage("x is in between"))))
        .build();
    FlyteWorkflow wf = build(new Closures.WorkflowBuilder("wf.branch").node(branch.toBuilder()).task(task("t0"))
        .edge("start-node", "n1").edge("n1", "end-node").closure());

    assertThat(wf.spec.nodes).containsKeys("n1", "n1-n0", "n1-n1");
    assertThat(wf.spec.nodes.get("n1-n0").kind).isEqualTo(NodeKind.TASK);
    JsonNode b = node(wf, "n1");
    assertThat(b.get("kind").asText()).isEqualTo("branch");
    assertThat(b.get("branch")).isEqualTo(json("{"
        + "\"if\":{\"condition\":{\"comparison\":{\"operator\":\"GT\",\"leftValue\":{\"var\":\".x\"},"
        + "\"rightValue\":{\"primitive\":{\"integer\":\"10\"}}}},\"then\":\"n1-n0\"},"
        + "\"elseIf\":[{\"condition\":{\"comparison\":{\"operator\":\"LT\",\"leftValue\":{\"var\":\".x\"},"
        + "\"rightValue\":{\"primitive\":{\"integer\":\"10\"}}}},\"then\":\"n1-n1\"}],"
        + "\"elseFail\":{\"failedNodeId\":\"decide\",\"message\":\"x is in between\"}}"));
    assertThat(wf.spec.nodes.get("n1").branch.ifBlock.condition).isEqualTo(xGt10);
  }

  @Test
  void branchWithAnElseNodeNamesIt() throws Exception {
    Node branch = Node.newBuilder().setId("n1").setBranchNode(BranchNode.newBuilder().setIfElse(
        IfElseBlock.newBuilder()
            .setCase(IfBlock.newBuilder().setCondition(BooleanExpression.getDefaultInstance())
                .setThenNode(taskNode("n1-n0", "t0")))
            .setElseNode(taskNode("n1-n1", "t0")))).build();
    FlyteWorkflow wf = build(new Closures.WorkflowBuilder("wf").node(branch.toBuilder()).task(task("t0"))
        .edge("start-node", "n1").edge("n1", "end-node").closure());

    JsonNode b = node(wf, "n1").get("branch");
    assertThat(b.get("else").asText()).isEqualTo("n1-n1");
    assertThat(b.has("elseFail")).isFalse();
    assertThat(b.has("elseIf")).isFalse();
    assertThat(wf.spec.nodes).containsKey("n1-n1");
  }

  @Test
  void arrayNodeUsesGoFieldNamesAndCarriesItsSubNode() throws Exception {
    Node.Builder mapped = Node.newBuilder().setId("n0").setArrayNode(ArrayNode.newBuilder()
        .setNode(taskNode("n0-sub", "t0"))
        .setParallelism(2)
        .setMinSuccessRatio(0.75f)
        .addBoundInputs("factor"));
    Node.Builder counted = Node.newBuilder().setId("n1").setArrayNode(ArrayNode.newBuilder()
        .setNode(taskNode("n1-sub", "t0"))
        .setMinSuccesses(3));
    FlyteWorkflow wf = build(new Closures.WorkflowBuilder("wf.map").node(mapped).node(counted).task(task("t0"))
        .edge("start-node", "n0").edge("n0", "n1").edge("n1", "end-node").closure());

    JsonNode a0 = node(wf, "n0");
    assertThat(a0.get("kind").asText()).isEqualTo("array");
    assertThat(a0.get("array").properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactlyInAnyOrder("SubNodeSpec", "Parallelism", "MinSuccessRatio", "BoundInputs");
    assertThat(a0.at("/array/SubNodeSpec/id").asText()).isEqualTo("n0-sub");
    assertThat(a0.at("/array/SubNodeSpec/kind").asText()).isEqualTo("task");
    assertThat(a0.at("/array/Parallelism").asLong()).isEqualTo(2);
    assertThat(a0.at("/array/MinSuccessRatio").floatValue()).isEqualTo(0.75f);
    assertThat(a0.at("/array/BoundInputs")).isEqualTo(json("[\"factor\"]"));
    JsonNode a1 = node(wf, "n1");
    assertThat(a1.get("array").properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactlyInAnyOrder("SubNodeSpec", "MinSuccesses");
    assertThat(a1.at("/array/MinSuccesses").asLong()).isEqualTo(3);
    // The sub-node is not a node of the workflow itself.
    assertThat(wf.spec.nodes).doesNotContainKeys("n0-sub", "n1-sub");
  }

  @Test
  void arrayNodeWithExplicitZeroParallelismKeepsIt() throws Exception {
    Node.Builder mapped = Node.newBuilder().setId("n0").setArrayNode(ArrayNode.newBuilder()
        .setNode(taskNode("n0-sub", "t0")).setParallelism(0));
    FlyteWorkflow wf = build(single(mapped).closure());

    assertThat(wf.spec.nodes.get("n0").array.parallelism).isZero();
    assertThat(node(wf, "n0").at("/array/Parallelism").isNumber()).isTrue();
  }

  @Test
  void gateNodesCarryTheirConditionAsJsonpb() throws Exception {
    Node.Builder approve = Node.newBuilder().setId("n0").setGateNode(GateNode.newBuilder()
        .setApprove(ApproveCondition.newBuilder().setSignalId("ok")));
    Node.Builder signal = Node.newBuilder().setId("n1").setGateNode(GateNode.newBuilder()
        .setSignal(SignalCondition.newBuilder().setSignalId("value").setType(INT).setOutputVariableName("o0")));
    Node.Builder sleep = Node.newBuilder().setId("n2").setGateNode(GateNode.newBuilder()
        .setSleep(SleepCondition.newBuilder().setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(90))));
    FlyteWorkflow wf = build(new Closures.WorkflowBuilder("wf.gates").node(approve).node(signal).node(sleep)
        .edge("start-node", "n0").edge("n0", "n1").edge("n1", "n2").edge("n2", "end-node").closure());

    assertThat(node(wf, "n0").get("gate")).isEqualTo(json("{\"kind\":\"approve\",\"approve\":{\"signalId\":\"ok\"}}"));
    assertThat(node(wf, "n1").get("gate")).isEqualTo(json("{\"kind\":\"signal\",\"signal\":{\"signalId\":\"value\","
        + "\"type\":{\"simple\":\"INTEGER\"},\"outputVariableName\":\"o0\"}}"));
    assertThat(node(wf, "n2").get("gate")).isEqualTo(json("{\"kind\":\"sleep\",\"sleep\":{\"duration\":\"90s\"}}"));
    assertThat(wf.spec.nodes.get("n2").gate.kind).isEqualTo(GateNodeSpec.Kind.SLEEP);
  }

  @Test
  void workflowNodesReferenceALaunchPlanByIdentifierOrASubWorkflowByKey() throws Exception {
    Identifier lp = Identifier.newBuilder().setResourceType(ResourceType.LAUNCH_PLAN).setProject("proj")
        .setDomain("dev").setName("child_lp").setVersion("v1").build();
    Closures.WorkflowBuilder sub = new Closures.WorkflowBuilder("wf.sub").node(taskNode("n0", "t0"))
        .edge("start-node", "n0").edge("n0", "end-node");
    Node.Builder lpNode = Node.newBuilder().setId("n0")
        .setWorkflowNode(WorkflowNode.newBuilder().setLaunchplanRef(lp));
    Node.Builder subNode = Node.newBuilder().setId("n1")
        .setWorkflowNode(WorkflowNode.newBuilder().setSubWorkflowRef(Closures.workflowId("wf.sub")));
    FlyteWorkflow wf = build(new Closures.WorkflowBuilder("wf.parent").node(lpNode).node(subNode).task(task("t0"))
        .subWorkflow(sub.compiledWorkflow())
        .edge("start-node", "n0").edge("n0", "n1").edge("n1", "end-node").closure());
    String subKey = "resource_type:WORKFLOW project:\"proj\" domain:\"dev\" name:\"wf.sub\" version:\"v1\"";

    assertThat(node(wf, "n0").get("kind").asText()).isEqualTo("workflow");
    assertThat(node(wf, "n0").get("workflow")).isEqualTo(json("{\"launchPlanRefId\":{\"resourceType\":"
        + "\"LAUNCH_PLAN\",\"project\":\"proj\",\"domain\":\"dev\",\"name\":\"child_lp\",\"version\":\"v1\"}}"));
    assertThat(node(wf, "n1").get("workflow")).isEqualTo(json("{\"subWorkflowRef\":" + JSON.writeValueAsString(subKey)
        + "}"));
    assertThat(wf.subWorkflows).containsOnlyKeys(subKey);
    assertThat(wf.subWorkflows.get(subKey).id).isEqualTo("proj:dev:wf.sub");
    assertThat(wf.subWorkflows.get(subKey).nodes).containsKeys("start-node", "n0", "end-node");
  }

  @Test
  void noSubWorkflowsMeansNoSubWorkflowsMember() throws Exception {
    assertThat(FlyteWorkflowJson.toTree(build(single(taskNode("n0", "t0")).closure())).has("subWorkflows")).isFalse();
  }

  @Test
  void taskNodeOverridesBecomeResourcesImageExtendedResourcesAndPodTemplate() throws Exception {
    TaskNodeOverrides overrides = TaskNodeOverrides.newBuilder()
        .setResources(Resources.newBuilder()
            .addRequests(Resources.ResourceEntry.newBuilder().setName(Resources.ResourceName.CPU).setValue("500m"))
            .addRequests(Resources.ResourceEntry.newBuilder().setName(Resources.ResourceName.MEMORY).setValue("1Gi"))
            .addRequests(Resources.ResourceEntry.newBuilder().setName(Resources.ResourceName.GPU).setValue("0"))
            .addLimits(Resources.ResourceEntry.newBuilder().setName(Resources.ResourceName.GPU).setValue("1"))
            .addLimits(Resources.ResourceEntry.newBuilder().setName(Resources.ResourceName.EPHEMERAL_STORAGE)
                .setValue("2G"))
            .addLimits(Resources.ResourceEntry.newBuilder().setName(Resources.ResourceName.STORAGE).setValue("9G")))
        .setExtendedResources(ExtendedResources.newBuilder().setGpuAccelerator(
            GPUAccelerator.newBuilder().setDevice("nvidia-tesla-a100")))
        .setContainerImage("ghcr.io/me/image:tag")
        .setPodTemplate(K8sPod.newBuilder().setPrimaryContainerName("main"))
        .build();
    Node.Builder n0 = taskNode("n0", "t0");
    n0.getTaskNodeBuilder().setOverrides(overrides);

    JsonNode n = node(build(single(n0).closure()), "n0");

    // Zero quantities and resources Kubernetes has no name for (STORAGE) are dropped; GPU is nvidia.com/gpu.
    assertThat(n.get("resources")).isEqualTo(json("{\"requests\":{\"cpu\":\"500m\",\"memory\":\"1Gi\"},"
        + "\"limits\":{\"nvidia.com/gpu\":\"1\",\"ephemeral-storage\":\"2G\"}}"));
    assertThat(n.get("containerImage").asText()).isEqualTo("ghcr.io/me/image:tag");
    assertThat(n.get("extendedResources")).isEqualTo(json("{\"gpuAccelerator\":{\"device\":\"nvidia-tesla-a100\"}}"));
    assertThat(n.get("podTemplate")).isEqualTo(json("{\"primaryContainerName\":\"main\"}"));
  }

  @Test
  void aResourceValueThatIsNoQuantityFailsTheBuild() {
    Node.Builder n0 = taskNode("n0", "t0");
    n0.getTaskNodeBuilder().setOverrides(TaskNodeOverrides.newBuilder().setResources(Resources.newBuilder()
        .addRequests(Resources.ResourceEntry.newBuilder().setName(Resources.ResourceName.CPU).setValue("lots"))));

    assertThatThrownBy(() -> build(single(n0).closure())).isInstanceOfSatisfying(CompilationException.class,
        e -> assertThat(codes(e)).containsExactly(ErrorCode.WORKFLOW_BUILD_ERROR));
  }

  @Test
  void outputAliasesUseGoProtoFieldNames() throws Exception {
    FlyteWorkflow wf = build(single(taskNode("n0", "t0")
        .addOutputAliases(Alias.newBuilder().setVar("o0").setAlias("result"))).closure());

    assertThat(node(wf, "n0").get("outputAlias")).isEqualTo(json("[{\"var\":\"o0\",\"alias\":\"result\"}]"));
  }

  // ------------------------------------------------------------------------------------------ rejected builds

  @Test
  void inputsMustMatchTheInterface() {
    CompiledWorkflowClosure closure = single(taskNode("n0", "t0")).closure();
    LiteralMap wrongType = LiteralMap.newBuilder().putLiterals("x", Literal.newBuilder().setScalar(Scalar
        .newBuilder().setPrimitive(Primitive.newBuilder().setStringValue("seven"))).build()).build();
    LiteralMap extra = intInputs(7).toBuilder().putLiterals("y", intInputs(1).getLiteralsOrThrow("x")).build();

    assertThatThrownBy(() -> FlyteWorkflowBuilder.build(closure, wrongType, execution("e"), "ns"))
        .isInstanceOfSatisfying(CompilationException.class,
            e -> assertThat(codes(e)).containsExactly(ErrorCode.MISMATCHING_TYPES, ErrorCode.PARAMETER_NOT_BOUND));
    assertThatThrownBy(() -> FlyteWorkflowBuilder.build(closure, LiteralMap.getDefaultInstance(), execution("e"),
        "ns")).isInstanceOfSatisfying(CompilationException.class, e -> {
          assertThat(codes(e)).containsExactly(ErrorCode.PARAMETER_NOT_BOUND);
          assertThat(e.errors().get(0).description()).isEqualTo("Parameter not bound [x].");
        });
    assertThatThrownBy(() -> FlyteWorkflowBuilder.build(closure, extra, execution("e"), "ns"))
        .isInstanceOfSatisfying(CompilationException.class,
            e -> assertThat(codes(e)).containsExactly(ErrorCode.VARIABLE_NAME_NOT_FOUND));
    assertThatThrownBy(() -> FlyteWorkflowBuilder.build(closure, null, execution("e"), "ns"))
        .isInstanceOfSatisfying(CompilationException.class,
            e -> assertThat(codes(e)).containsExactly(ErrorCode.VALUE_REQUIRED));
  }

  @Test
  void aTaskMissingFromTheClosureIsReported() {
    CompiledWorkflowClosure closure = new Closures.WorkflowBuilder("wf").node(taskNode("n0", "missing"))
        .task(task("t0")).edge("start-node", "n0").edge("n0", "end-node").closure();

    assertThatThrownBy(() -> build(closure)).isInstanceOfSatisfying(CompilationException.class, e -> {
      assertThat(codes(e)).containsExactly(ErrorCode.TASK_REFERENCE_NOT_FOUND);
      assertThat(e.errors().get(0).nodeId()).isEqualTo("n0");
    });
  }

  @Test
  void aWorkflowThatStartsNowhereIsRejected() {
    CompiledWorkflowClosure closure = new Closures.WorkflowBuilder("wf").node(taskNode("n0", "t0"))
        .task(task("t0")).edge("n0", "end-node").closure();

    assertThatThrownBy(() -> build(closure)).isInstanceOfSatisfying(CompilationException.class,
        e -> assertThat(codes(e)).containsExactly(ErrorCode.NO_ENTRY_NODE_FOUND));
  }

  // ------------------------------------------------------------------------------------------ offloading

  @Test
  void stripRemovesTheClosurePartAndInjectPutsItBack() throws Exception {
    CompiledWorkflowClosure closure = single(taskNode("n0", "t0")).closure();
    FlyteWorkflow wf = build(closure);
    JsonNode whole = FlyteWorkflowJson.toTree(wf);

    FlyteWorkflowBuilder.strip(wf);
    wf.workflowClosureReference = "s3://bucket/closure.pb";
    assertThat(wf.spec).isNull();
    assertThat(wf.tasks).isNull();
    assertThat(wf.subWorkflows).isNull();
    assertThat(FlyteWorkflowJson.toTree(wf).get("workflowClosureReference").asText())
        .isEqualTo("s3://bucket/closure.pb");

    WorkflowClosureFields fields = FlyteWorkflowBuilder.closureFields(closure);
    FlyteWorkflowBuilder.inject(wf, fields);
    wf.workflowClosureReference = null;
    assertThat(FlyteWorkflowJson.toTree(wf)).isEqualTo(whole);
    assertThat(FlyteWorkflowBuilder.closureFields(wf).spec()).isSameAs(fields.spec());
  }
}
