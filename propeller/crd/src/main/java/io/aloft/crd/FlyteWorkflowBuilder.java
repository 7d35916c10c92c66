package io.aloft.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import flyteidl.core.Compiler.CompiledTask;
import flyteidl.core.Compiler.CompiledWorkflow;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.Compiler.ConnectionSet;
import flyteidl.core.Condition.BooleanExpression;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Tasks.Resources;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.StructuredDatasetType;
import flyteidl.core.Types.UnionType;
import flyteidl.core.Workflow.ArrayNode;
import flyteidl.core.Workflow.BranchNode;
import flyteidl.core.Workflow.GateNode;
import flyteidl.core.Workflow.IfBlock;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.NodeMetadata;
import flyteidl.core.Workflow.TaskNodeOverrides;
import flyteidl.core.Workflow.WorkflowMetadata.OnFailurePolicy;
import flyteidl.core.Workflow.WorkflowTemplate;
import io.aloft.compiler.CompilationException;
import io.aloft.compiler.CompileError;
import io.aloft.compiler.ErrorCode;
import io.aloft.compiler.typing.LiteralTypes;
import io.aloft.compiler.typing.TypeCompatibility;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the FlyteWorkflow custom resource from a compiled workflow closure, as Flyte's k8s transformer does
 * (flytepropeller/pkg/compiler/transformers/k8s: workflow.go {@code BuildFlyteWorkflow} and
 * {@code BuildWfClosureCrdFields}, node.go {@code buildNodeSpec}, inputs.go, utils.go). The result is what admin
 * hands to its own preparation step (execution id, acceptedAt, finalizer, labels and annotations from the execution
 * config, security context, {@code executionConfig}, raw output config) before creating it.
 *
 * <p>Golden-tested against Flyte's own transformer over the flytekit bundles of the compiler module
 * ({@code FlyteWorkflowGoldenTest}); the differences that test accepts are listed there and in
 * docs/adr/0004-workflow-custom-resource.md.
 */
public final class FlyteWorkflowBuilder {
  /** Node ids Flyte gives the implicit first and last node of every workflow. */
  public static final String START_NODE_ID = "start-node";
  public static final String END_NODE_ID = "end-node";

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Longest Go protobuf Duration (ptypes.Duration's range check), in seconds. */
  private static final long MAX_PROTO_DURATION_SECONDS = 315_576_000_000L;
  /** A Kubernetes quantity (k8s.io/apimachinery resource.ParseQuantity's grammar). */
  private static final Pattern QUANTITY = Pattern.compile(
      "([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");

  private FlyteWorkflowBuilder() {}

  /**
   * The resource for running {@code closure} with {@code inputs} as execution {@code executionId} in
   * {@code namespace} (Flyte's {@code BuildFlyteWorkflow}): metadata name = execution name, labels
   * {@code execution-id}, {@code project}, {@code domain}, {@code workflow-name}, {@code shard-key}, the workflow,
   * its tasks and sub-workflows, inputs and node defaults.
   *
   * @param inputs the execution's inputs; every input the workflow declares must be bound (defaults already applied)
   *     with a value of a castable type. Null only when the workflow declares no input.
   * @param executionId the execution; when null, the name is left to Kubernetes ({@code generateName}, derived from
   *     the workflow id, as Flyte does)
   * @throws CompilationException listing every problem found (inputs not matching the interface, a task reference
   *     missing from the closure, an unparseable timeout or resource quantity, ...)
   */
  public static FlyteWorkflow build(CompiledWorkflowClosure closure, LiteralMap inputs,
      WorkflowExecutionIdentifier executionId, String namespace) throws CompilationException {
    Errors errs = new Errors();
    if (closure == null) {
      throw errs.add(ErrorCode.VALUE_REQUIRED, "root", "Value required [wfClosure].").failure();
    }
    WorkflowTemplate wf = closure.getPrimary().getTemplate();
    if (inputs != null) {
      validateInputs(START_NODE_ID, wf.hasInterface() ? wf.getInterface() : null, inputs, errs);
    } else if (requiresInputs(wf)) {
      errs.add(ErrorCode.VALUE_REQUIRED, "root", "Value required [inputs].");
    }
    errs.throwIfAny();

    List<TaskTemplate> tasks = strippedTasks(closure);
    WorkflowSpec primary = buildWorkflowSpec(closure.getPrimary(), tasks, errs);
    Map<String, WorkflowSpec> subWorkflows = buildSubWorkflows(closure, tasks, errs);
    errs.throwIfAny();

    FlyteWorkflow obj = new FlyteWorkflow();
    obj.getMetadata().setNamespace(namespace);
    obj.inputs = inputs == null ? null : ProtoJson.toNode(inputs);
    obj.spec = primary;
    obj.subWorkflows = subWorkflows;
    obj.tasks = buildTasks(tasks, errs);
    obj.nodeDefaults = new FlyteWorkflow.NodeDefaults();
    if (wf.getMetadataDefaults().getInterruptible()) {
      obj.nodeDefaults.interruptible = true;
    }

    // generateName: the execution names the resource; without one Kubernetes generates a name from the workflow id.
    String label;
    String project;
    String domain;
    if (executionId != null) {
      obj.getMetadata().setName(executionId.getName());
      label = executionId.getName();
      project = executionId.getProject();
      domain = executionId.getDomain();
    } else if (wf.hasId()) {
      Identifier id = wf.getId();
      String wid = withSeparator(id.getProject()) + withSeparator(id.getDomain()) + id.getName();
      // Flyte cuts at 32 bytes to stay below the 63-character name limit once Kubernetes adds its suffix.
      wid = truncateUtf8(wid, 32);
      obj.getMetadata().setGenerateName(wid + "-");
      label = wid;
      project = id.getProject();
      domain = id.getDomain();
    } else {
      errs.add(ErrorCode.WORKFLOW_BUILD_ERROR, "",
          "expected param not set. wfID or execID must be non-nil values");
      label = "";
      project = "";
      domain = "";
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(WorkflowLabels.EXECUTION_ID, label);
    labels.put(WorkflowLabels.PROJECT, project);
    labels.put(WorkflowLabels.DOMAIN, domain);
    labels.put(WorkflowLabels.WORKFLOW_NAME, WorkflowLabels.workflowNameLabel(primary.id));
    labels.put(WorkflowLabels.SHARD_KEY, Integer.toString(WorkflowLabels.shardKey(label)));
    obj.getMetadata().setLabels(labels);

    // The workflow must start somewhere.
    if (!primary.nodes.containsKey(START_NODE_ID)) {
      errs.add(ErrorCode.WORKFLOW_BUILD_ERROR, "",
          "Bad Node [" + START_NODE_ID + "], is not defined in the Workflow [" + primary.id + "]");
    } else if (primary.effectiveEdges().downstream.getOrDefault(START_NODE_ID, List.of()).isEmpty()) {
      errs.add(ErrorCode.NO_ENTRY_NODE_FOUND, "",
          "Can't find a node to start executing Workflow [" + GoProtoText.identifier(wf.getId()) + "].");
    }
    errs.throwIfAny();
    return obj;
  }

  /**
   * The closure-derived part alone (Flyte's {@code BuildWfClosureCrdFields}): what propeller rebuilds from an
   * offloaded {@code admin.WorkflowClosure}'s compiled workflow to {@link #inject} it into a stripped resource.
   */
  public static WorkflowClosureFields closureFields(CompiledWorkflowClosure closure) throws CompilationException {
    Errors errs = new Errors();
    if (closure == null) {
      throw errs.add(ErrorCode.VALUE_REQUIRED, "root", "Value required [wfClosure].").failure();
    }
    List<TaskTemplate> tasks = strippedTasks(closure);
    WorkflowSpec primary = buildWorkflowSpec(closure.getPrimary(), tasks, errs);
    errs.throwIfAny();
    Map<String, JsonNode> taskSpecs = buildTasks(tasks, errs);
    Map<String, WorkflowSpec> subWorkflows = buildSubWorkflows(closure, tasks, errs);
    errs.throwIfAny();
    return new WorkflowClosureFields(primary, taskSpecs, subWorkflows);
  }

  /** The closure-derived part of {@code wf} ({@link #closureFields}), as it stands. */
  public static WorkflowClosureFields closureFields(FlyteWorkflow wf) {
    return new WorkflowClosureFields(wf.spec, wf.tasks, wf.subWorkflows);
  }

  /**
   * Removes the closure-derived part ({@code spec}, {@code tasks}, {@code subWorkflows}), as admin does when it
   * offloads the closure; the caller sets {@link FlyteWorkflow#workflowClosureReference}.
   */
  public static void strip(FlyteWorkflow wf) {
    wf.spec = null;
    wf.tasks = null;
    wf.subWorkflows = null;
  }

  /** Puts the closure-derived part back into a stripped resource (propeller, before a round). */
  public static void inject(FlyteWorkflow wf, WorkflowClosureFields fields) {
    wf.spec = fields.spec();
    wf.tasks = fields.tasks();
    wf.subWorkflows = fields.subWorkflows();
  }

  // ---------------------------------------------------------------------------------------------- workflow.go

  private static boolean requiresInputs(WorkflowTemplate wf) {
    return wf.getInterface().getInputs().getVariablesCount() > 0;
  }

  private static String withSeparator(String value) {
    return value.isEmpty() ? "" : value + "-";
  }

  private static String truncateUtf8(String s, int maxBytes) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return s;
    }
    return new String(bytes, 0, maxBytes, StandardCharsets.UTF_8);
  }

  /** Every task template with its interface's type metadata stripped, in closure order. */
  private static List<TaskTemplate> strippedTasks(CompiledWorkflowClosure closure) {
    List<TaskTemplate> out = new ArrayList<>(closure.getTasksCount());
    for (CompiledTask t : closure.getTasksList()) {
      TaskTemplate template = t.getTemplate();
      if (template.hasInterface()) {
        template = template.toBuilder().setInterface(stripInterfaceTypeMetadata(template.getInterface())).build();
      }
      out.add(template);
    }
    return out;
  }

  private static Map<String, WorkflowSpec> buildSubWorkflows(CompiledWorkflowClosure closure,
      List<TaskTemplate> tasks, Errors errs) {
    Map<String, WorkflowSpec> out = new TreeMap<>();
    for (CompiledWorkflow sub : closure.getSubWorkflowsList()) {
      WorkflowSpec spec = buildWorkflowSpec(sub, tasks, errs);
      if (spec != null) {
        out.put(GoProtoText.identifier(sub.getTemplate().getId()), spec);
      }
    }
    return out;
  }

  /** Flyte's {@code buildFlyteWorkflowSpec}; null (with errors added) when a node cannot be built. */
  private static WorkflowSpec buildWorkflowSpec(CompiledWorkflow compiled, List<TaskTemplate> tasks, Errors errs) {
    int before = errs.size();
    WorkflowTemplate template = compiled.getTemplate();
    TypedInterface iface = template.hasInterface() ? stripInterfaceTypeMetadata(template.getInterface()) : null;

    NodeSpec failureNode = null;
    if (template.hasFailureNode()) {
      List<NodeSpec> built = buildNodeSpec(template.getFailureNode(), tasks, errs);
      if (built == null) {
        return null;
      }
      failureNode = built.get(0);
    }
    Map<String, NodeSpec> nodes = buildNodes(template.getNodesList(), tasks, errs);
    if (errs.size() > before) {
      return null;
    }

    WorkflowSpec spec = new WorkflowSpec();
    spec.id = template.getId().getProject() + ":" + template.getId().getDomain() + ":" + template.getId().getName();
    spec.nodes = nodes;
    spec.onFailure = failureNode;
    spec.outputBindings = new ArrayList<>(template.getOutputsList());
    spec.outputs = iface != null ? iface.getOutputs() : VariableMap.getDefaultInstance();
    spec.onFailurePolicy = template.hasMetadata() ? template.getMetadata().getOnFailure()
        : OnFailurePolicy.FAIL_IMMEDIATELY;
    Map<String, List<String>> downstream = toMapOfLists(compiled.getConnections().getDownstreamMap());
    Map<String, List<String>> upstream = toMapOfLists(compiled.getConnections().getUpstreamMap());
    spec.edges = new WorkflowSpec.Edges(downstream, upstream);
    spec.connections = downstream;
    return spec;
  }

  private static Map<String, List<String>> toMapOfLists(Map<String, ConnectionSet.IdList> connections) {
    Map<String, List<String>> out = new TreeMap<>();
    connections.forEach((k, v) -> out.put(k, List.copyOf(v.getIdsList())));
    return out;
  }

  // ---------------------------------------------------------------------------------------------- node.go

  /** Flyte's {@code buildNodes}: every node and, for branches, their sub-nodes, by id. */
  private static Map<String, NodeSpec> buildNodes(List<Node> nodes, List<TaskTemplate> tasks, Errors errs) {
    Map<String, NodeSpec> out = new TreeMap<>();
    for (Node node : nodes) {
      List<NodeSpec> specs = buildNodeSpec(node, tasks, errs);
      if (specs == null) {
        return out;
      }
      for (NodeSpec n : specs) {
        NodeSpec existing = out.get(n.id);
        if (existing != null && !JSON.valueToTree(existing).equals(JSON.valueToTree(n))) {
          errs.add(ErrorCode.VALUE_COLLISION, node.getId(),
              "Node [" + n.id + "] is expected to be unique. " + n.id + " already exists.");
        }
        out.put(n.id, n);
      }
    }
    return out;
  }

  /**
   * Flyte's {@code buildNodeSpec}: the node first, then (for a branch) every node its branches select, recursively.
   * Null when the node cannot be built (errors added).
   */
  private static List<NodeSpec> buildNodeSpec(Node n, List<TaskTemplate> tasks, Errors errs) {
    int before = errs.size();
    if (!n.getId().equals(START_NODE_ID) && !n.getId().equals(END_NODE_ID)
        && n.getTargetCase() == Node.TargetCase.TARGET_NOT_SET) {
      errs.add(ErrorCode.VALUE_REQUIRED, n.getId(), "Value required [target].");
      return null;
    }

    TaskTemplate task = null;
    TaskNodeOverrides overrides = null;
    if (n.hasTaskNode()) {
      String taskId = GoProtoText.identifier(n.getTaskNode().getReferenceId());
      for (TaskTemplate t : tasks) {
        if (GoProtoText.identifier(t.getId()).equals(taskId)) {
          task = t;
          break;
        }
      }
      if (task == null) {
        errs.add(ErrorCode.TASK_REFERENCE_NOT_FOUND, n.getId(), "Referenced Task [" + taskId + "] not found.");
        return null;
      }
      if (n.getTaskNode().hasOverrides()) {
        overrides = n.getTaskNode().getOverrides();
      }
    }

    ResourceRequirements resources;
    try {
      resources = toK8sResourceRequirements(overrides != null && overrides.hasResources()
          ? overrides.getResources() : null);
    } catch (IllegalArgumentException e) {
      errs.add(ErrorCode.WORKFLOW_BUILD_ERROR, n.getId(), e.getMessage());
      return null;
    }

    Duration timeout = null;
    if (n.hasMetadata() && n.getMetadata().hasTimeout()) {
      timeout = goDuration(n.getMetadata().getTimeout());
      if (timeout == null) {
        errs.add(ErrorCode.SYNTAX_ERROR, n.getId(), "Failed to parse element [node:metadata:timeout].");
        return null;
      }
    }

    NodeSpec spec = new NodeSpec();
    spec.id = n.getId();
    if (n.hasMetadata()) {
      NodeMetadata md = n.getMetadata();
      if (md.getInterruptibleValueCase() == NodeMetadata.InterruptibleValueCase.INTERRUPTIBLE) {
        spec.interruptible = md.getInterruptible();
      }
      spec.name = md.getName();
    }
    spec.retry = retryStrategy(n, task);
    spec.executionDeadline = timeout;
    // Go doubles the int64 nanoseconds, wrapping on overflow; so does this.
    spec.activeDeadline = timeout == null ? null : Duration.ofNanos(2 * timeout.toNanos());
    spec.resources = resources;
    if (overrides != null) {
      if (overrides.hasExtendedResources()) {
        spec.extendedResources = overrides.getExtendedResources();
      }
      if (!overrides.getContainerImage().isEmpty()) {
        spec.containerImage = overrides.getContainerImage();
      }
      if (overrides.hasPodTemplate()) {
        spec.podTemplate = overrides.getPodTemplate();
      }
    }
    spec.outputAliases = n.getOutputAliasesList().stream()
        .map(a -> new NodeSpec.OutputAlias(a.getVar(), a.getAlias())).toList();
    spec.inputBindings = new ArrayList<>(n.getInputsList());

    switch (n.getTargetCase()) {
      case TASK_NODE -> {
        spec.kind = NodeKind.TASK;
        spec.task = GoProtoText.identifier(n.getTaskNode().getReferenceId());
      }
      case WORKFLOW_NODE -> {
        switch (n.getWorkflowNode().getReferenceCase()) {
          case LAUNCHPLAN_REF -> {
            spec.kind = NodeKind.WORKFLOW;
            spec.workflow = WorkflowNodeSpec.launchPlan(n.getWorkflowNode().getLaunchplanRef());
          }
          case SUB_WORKFLOW_REF -> {
            spec.kind = NodeKind.WORKFLOW;
            spec.workflow = WorkflowNodeSpec.subWorkflow(
                GoProtoText.identifier(n.getWorkflowNode().getSubWorkflowRef()));
          }
          default -> {
            errs.add(ErrorCode.VALUE_REQUIRED, n.getId(), "Value required [WorkflowNode.Reference].");
            return null;
          }
        }
      }
      case BRANCH_NODE -> {
        spec.kind = NodeKind.BRANCH;
        List<NodeSpec> out = new ArrayList<>();
        out.add(spec);
        spec.branch = buildBranchNodeSpec(n.getBranchNode(), tasks, errs, out);
        return errs.size() == before ? out : null;
      }
      case GATE_NODE -> {
        spec.kind = NodeKind.GATE;
        spec.gate = buildGateNodeSpec(n.getGateNode());
      }
      case ARRAY_NODE -> {
        ArrayNode arrayNode = n.getArrayNode();
        List<NodeSpec> sub = buildNodeSpec(arrayNode.getNode(), tasks, errs);
        if (sub == null) {
          return null;
        }
        spec.kind = NodeKind.ARRAY;
        ArrayNodeSpec array = new ArrayNodeSpec();
        array.subNodeSpec = sub.get(0);
        if (arrayNode.getParallelismOptionCase() == ArrayNode.ParallelismOptionCase.PARALLELISM) {
          array.parallelism = Integer.toUnsignedLong(arrayNode.getParallelism());
        }
        switch (arrayNode.getSuccessCriteriaCase()) {
          case MIN_SUCCESSES -> array.minSuccesses = Integer.toUnsignedLong(arrayNode.getMinSuccesses());
          case MIN_SUCCESS_RATIO -> array.minSuccessRatio = arrayNode.getMinSuccessRatio();
          default -> { }
        }
        if (arrayNode.getBoundInputsCount() > 0) {
          array.boundInputs = List.copyOf(arrayNode.getBoundInputsList());
        }
        spec.array = array;
      }
      default -> {
        if (n.getId().equals(START_NODE_ID)) {
          spec.kind = NodeKind.START;
        } else if (n.getId().equals(END_NODE_ID)) {
          spec.kind = NodeKind.END;
        }
      }
    }
    return errs.size() == before ? List.of(spec) : null;
  }

  private static GateNodeSpec buildGateNodeSpec(GateNode gate) {
    GateNodeSpec spec = new GateNodeSpec();
    switch (gate.getConditionCase()) {
      case APPROVE -> {
        spec.kind = GateNodeSpec.Kind.APPROVE;
        spec.approve = gate.getApprove();
      }
      case SIGNAL -> {
        spec.kind = GateNodeSpec.Kind.SIGNAL;
        spec.signal = gate.getSignal();
      }
      case SLEEP -> {
        spec.kind = GateNodeSpec.Kind.SLEEP;
        spec.sleep = gate.getSleep();
      }
      default -> {
        // Flyte leaves the gate out when no condition is set.
        return null;
      }
    }
    return spec;
  }

  /**
   * Flyte's {@code buildBranchNodeSpec}: adds the if-node's, then the else-node's, then each elif's nodes to
   * {@code children} (in that order, as Flyte does).
   */
  private static BranchNodeSpec buildBranchNodeSpec(BranchNode branch, List<TaskTemplate> tasks, Errors errs,
      List<NodeSpec> children) {
    BranchNodeSpec spec = new BranchNodeSpec();
    spec.ifBlock = buildIfBlock(branch.getIfElse().getCase(), tasks, errs, children);
    switch (branch.getIfElse().getDefaultCase()) {
      case ELSE_NODE -> {
        List<NodeSpec> elseNodes = buildNodeSpec(branch.getIfElse().getElseNode(), tasks, errs);
        if (elseNodes == null) {
          return null;
        }
        children.addAll(elseNodes);
        spec.elseNode = branch.getIfElse().getElseNode().getId();
      }
      case ERROR -> spec.elseFail = branch.getIfElse().getError();
      default -> { }
    }
    List<BranchNodeSpec.IfBlock> other = new ArrayList<>();
    for (IfBlock block : branch.getIfElse().getOtherList()) {
      other.add(buildIfBlock(block, tasks, errs, children));
    }
    spec.elseIf = other;
    return spec;
  }

  private static BranchNodeSpec.IfBlock buildIfBlock(IfBlock block, List<TaskTemplate> tasks, Errors errs,
      List<NodeSpec> children) {
    List<NodeSpec> then = buildNodeSpec(block.getThenNode(), tasks, errs);
    if (then == null) {
      return null;
    }
    children.addAll(then);
    BooleanExpression condition = block.hasCondition() ? block.getCondition() : null;
    return new BranchNodeSpec.IfBlock(condition, block.getThenNode().getId());
  }

  /** Flyte's {@code buildTasks}: task key to template (jsonpb). */
  private static Map<String, JsonNode> buildTasks(List<TaskTemplate> tasks, Errors errs) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (TaskTemplate t : tasks) {
      String key = GoProtoText.identifier(t.getId());
      if (out.containsKey(key)) {
        errs.add(ErrorCode.VALUE_COLLISION, key, "Id is expected to be unique. " + key + " already exists.");
      }
      out.put(key, ProtoJson.toNode(t));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------- utils.go

  /** Attempts = retries + 1, from the node's metadata, else the task's; none when both say 0 retries. */
  static NodeSpec.RetryStrategy retryStrategy(Node n, TaskTemplate task) {
    if (n.hasMetadata() && n.getMetadata().hasRetries() && n.getMetadata().getRetries().getRetries() != 0) {
      return new NodeSpec.RetryStrategy(minAttempts(n.getMetadata().getRetries().getRetries()));
    }
    if (task != null && task.hasMetadata() && task.getMetadata().hasRetries()
        && task.getMetadata().getRetries().getRetries() != 0) {
      return new NodeSpec.RetryStrategy(minAttempts(task.getMetadata().getRetries().getRetries()));
    }
    return null;
  }

  /** uint32 retries + 1 (uint32 arithmetic, as Go's {@code int(Retries + 1)}). */
  private static long minAttempts(int retries) {
    return Integer.toUnsignedLong(retries + 1);
  }

  /**
   * A protobuf Duration as a Go {@code time.Duration} (ptypes.Duration), or null where Go fails: outside the
   * protobuf range, nanos and seconds of different signs, or more than 64 bits of nanoseconds.
   */
  static Duration goDuration(com.google.protobuf.Duration d) {
    long seconds = d.getSeconds();
    int nanos = d.getNanos();
    if (seconds < -MAX_PROTO_DURATION_SECONDS || seconds > MAX_PROTO_DURATION_SECONDS
        || nanos <= -1_000_000_000 || nanos >= 1_000_000_000
        || (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
      return null;
    }
    Duration out = Duration.ofSeconds(seconds, nanos);
    return GoDuration.fits(out) ? out : null;
  }

  /** Flyte's {@code StripInterfaceTypeMetadata}: variable types without metadata/annotation, no descriptions. */
  static TypedInterface stripInterfaceTypeMetadata(TypedInterface iface) {
    TypedInterface.Builder b = iface.toBuilder();
    if (iface.hasInputs()) {
      b.setInputs(stripVariables(iface.getInputs()));
    }
    if (iface.hasOutputs()) {
      b.setOutputs(stripVariables(iface.getOutputs()));
    }
    return b.build();
  }

  private static VariableMap stripVariables(VariableMap vars) {
    VariableMap.Builder b = vars.toBuilder();
    vars.getVariablesMap().forEach((name, v) -> {
      Variable.Builder vb = v.toBuilder().clearDescription();
      if (v.hasType()) {
        vb.setType(stripTypeMetadata(v.getType()));
      }
      b.putVariables(name, vb.build());
    });
    return b.build();
  }

  /**
   * Flyte's {@code StripTypeMetadata}: no metadata or annotation, recursively through union variants, map values,
   * collection elements and structured-dataset columns. {@code structure} stays: dynamic nodes type-check with it.
   */
  static LiteralType stripTypeMetadata(LiteralType t) {
    LiteralType.Builder b = t.toBuilder().clearMetadata().clearAnnotation();
    switch (t.getTypeCase()) {
      case UNION_TYPE -> {
        UnionType.Builder u = t.getUnionType().toBuilder().clearVariants();
        t.getUnionType().getVariantsList().forEach(v -> u.addVariants(stripTypeMetadata(v)));
        b.setUnionType(u);
      }
      case MAP_VALUE_TYPE -> b.setMapValueType(stripTypeMetadata(t.getMapValueType()));
      case COLLECTION_TYPE -> b.setCollectionType(stripTypeMetadata(t.getCollectionType()));
      case STRUCTURED_DATASET_TYPE -> {
        StructuredDatasetType.Builder sd = t.getStructuredDatasetType().toBuilder().clearColumns();
        for (StructuredDatasetType.DatasetColumn c : t.getStructuredDatasetType().getColumnsList()) {
          StructuredDatasetType.DatasetColumn.Builder cb =
              StructuredDatasetType.DatasetColumn.newBuilder().setName(c.getName());
          if (c.hasLiteralType()) {
            cb.setLiteralType(stripTypeMetadata(c.getLiteralType()));
          }
          sd.addColumns(cb);
        }
        b.setStructuredDatasetType(sd);
      }
      default -> { }
    }
    return b.build();
  }

  /**
   * flyteplugins' {@code flytek8s.ToK8sResourceRequirements}: requests and limits by Kubernetes resource name (GPU
   * as {@code nvidia.com/gpu}); zero quantities and resources Kubernetes has no name for are dropped.
   *
   * @throws IllegalArgumentException for a value that is not a Kubernetes quantity
   */
  static ResourceRequirements toK8sResourceRequirements(Resources resources) {
    ResourceRequirements out = new ResourceRequirements();
    if (resources == null) {
      return out;
    }
    Map<String, Quantity> requests = toK8sResourceList(resources.getRequestsList());
    Map<String, Quantity> limits = toK8sResourceList(resources.getLimitsList());
    out.setRequests(requests);
    out.setLimits(limits);
    return out;
  }

  private static Map<String, Quantity> toK8sResourceList(List<Resources.ResourceEntry> entries) {
    Map<String, Quantity> out = new TreeMap<>();
    for (Resources.ResourceEntry e : entries) {
      Matcher m = QUANTITY.matcher(e.getValue());
      if (!m.matches()) {
        throw new IllegalArgumentException("Failed to parse resource as a valid quantity.: quantities must match "
            + "the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (" + e.getName() + ": '"
            + e.getValue() + "')");
      }
      if (new BigDecimal(m.group(1)).signum() == 0) {
        continue;
      }
      String name = switch (e.getName()) {
        case CPU -> "cpu";
        case MEMORY -> "memory";
        case GPU -> "nvidia.com/gpu";
        case EPHEMERAL_STORAGE -> "ephemeral-storage";
        default -> null;
      };
      if (name != null) {
        out.put(name, new Quantity(e.getValue()));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------- inputs.go

  /** Flyte's {@code validateInputs}: every declared input bound, nothing undeclared, every value castable. */
  private static void validateInputs(String nodeId, TypedInterface iface, LiteralMap inputs, Errors errs) {
    if (iface == null) {
      errs.add(ErrorCode.VALUE_REQUIRED, nodeId, "Value required [interface].");
      return;
    }
    if (!iface.hasInputs()) {
      errs.add(ErrorCode.VALUE_REQUIRED, nodeId, "Value required [interface.InputsRef].");
      return;
    }
    Map<String, Variable> vars = iface.getInputs().getVariablesMap();
    TreeSet<String> unbound = new TreeSet<>(vars.keySet());
    for (Map.Entry<String, Literal> e : new TreeMap<>(inputs.getLiteralsMap()).entrySet()) {
      Variable v = vars.get(e.getKey());
      if (v == null) {
        errs.add(ErrorCode.VARIABLE_NAME_NOT_FOUND, nodeId,
            "Variable [" + e.getKey() + "] not found on node [].");
        continue;
      }
      LiteralType inputType = LiteralTypes.typeOf(e.getValue());
      if (inputType == null || !TypeCompatibility.isCastable(inputType, v.getType())) {
        errs.add(ErrorCode.MISMATCHING_TYPES, nodeId, "Variable [" + e.getKey() + "] (type ["
            + LiteralTypes.describe(v.getType()) + "]) doesn't match expected type ["
            + LiteralTypes.describe(inputType) + "].");
        continue;
      }
      unbound.remove(e.getKey());
    }
    for (String name : unbound) {
      errs.add(ErrorCode.PARAMETER_NOT_BOUND, nodeId, "Parameter not bound [" + name + "].");
    }
  }

  /** Collected problems; Flyte reports all it finds, not the first. */
  private static final class Errors {
    private final List<CompileError> list = new ArrayList<>();

    Errors add(ErrorCode code, String nodeId, String description) {
      list.add(new CompileError(code, nodeId, description));
      return this;
    }

    int size() {
      return list.size();
    }

    CompilationException failure() {
      return new CompilationException(list);
    }

    void throwIfAny() throws CompilationException {
      if (!list.isEmpty()) {
        throw failure();
      }
    }
  }
}
