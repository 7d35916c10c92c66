package io.aloft.compiler;

import static io.aloft.compiler.WorkflowCompiler.END_NODE;
import static io.aloft.compiler.WorkflowCompiler.START_NODE;

import flyteidl.core.Compiler.CompiledWorkflow;
import flyteidl.core.Compiler.ConnectionSet;
import flyteidl.core.Condition.BooleanExpression;
import flyteidl.core.Condition.Operand;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.Interface.Parameter;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.BindingData;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.PromiseAttribute;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Workflow.Alias;
import flyteidl.core.Workflow.IfBlock;
import flyteidl.core.Workflow.IfElseBlock;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.WorkflowTemplate;
import io.aloft.compiler.WorkflowCompiler.Context;
import io.aloft.compiler.WorkflowCompiler.Errors;
import io.aloft.compiler.typing.LiteralTypes;
import io.aloft.compiler.typing.TypeCompatibility;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles one workflow template: resolves every node's interface, checks bindings and their types, derives the
 * execution edges, and checks the graph. Mirrors Flyte's {@code workflowBuilder.ValidateWorkflow} and the
 * validators package (flytepropeller/pkg/compiler/validators).
 */
final class WorkflowBuilder {
  private enum Edges { UPSTREAM, DOWNSTREAM, BIDIRECTIONAL }

  /** Flyte's output-variable syntax (compiler/typing ParseVarName): an optional "[index]." prefix, then a word. */
  private static final Pattern VAR_NAME = Pattern.compile("^(?:\\[(\\d+)]\\.)?(\\w+)$");

  /** A node being compiled: its (possibly renamed) definition and the interface resolved for it. */
  private static final class NodeState {
    final Node.Builder node;
    TypedInterface iface;
    VariableMap outputs;

    NodeState(Node node) {
      this.node = node.toBuilder();
    }

    String id() {
      return node.getId();
    }
  }

  private final WorkflowTemplate template;
  private final Context ctx;
  private final Errors errs;
  private final Map<String, NodeState> nodes = new LinkedHashMap<>();
  /**
   * Branch case nodes. As in Flyte, they get upstream connections from their bindings (propeller reads them to
   * resolve inputs) but no downstream ones, are not walked for reachability, and are not in template.nodes.
   */
  private final Map<String, NodeState> caseNodes = new LinkedHashMap<>();
  private final Map<String, TreeSet<String>> upstream = new LinkedHashMap<>();
  private final Map<String, TreeSet<String>> downstream = new LinkedHashMap<>();
  private TypedInterface workflowInterface;

  WorkflowBuilder(WorkflowTemplate template, Context ctx, Errors errs) {
    this.template = template;
    this.ctx = ctx;
    this.errs = errs;
  }

  /** The compiled workflow, or null if this workflow had errors (they are in {@code errs}). */
  CompiledWorkflow build() {
    int errorsBefore = errs.size();
    String wfName = Ids.display(template.getId());
    if (template.getNodesCount() == 0) {
      errs.add(ErrorCode.NO_NODES_FOUND, wfName, "Can't find any nodes in workflow [" + wfName + "].");
      return null;
    }
    workflowInterface = validateInterface(START_NODE, template.getInterface());

    NodeState start = new NodeState(Node.newBuilder().setId(START_NODE).build());
    start.iface = TypedInterface.newBuilder().setInputs(VariableMap.getDefaultInstance())
        .setOutputs(workflowInterface.getInputs()).build();
    start.outputs = workflowInterface.getInputs();
    nodes.put(START_NODE, start);
    NodeState end = new NodeState(Node.newBuilder().setId(END_NODE).addAllInputs(template.getOutputsList()).build());
    end.iface = TypedInterface.newBuilder().setInputs(workflowInterface.getOutputs())
        .setOutputs(VariableMap.getDefaultInstance()).build();
    end.outputs = VariableMap.getDefaultInstance();
    nodes.put(END_NODE, end);

    // Top-level nodes are the ones that get implicit edges from start-node and to end-node below.
    Set<String> topLevel = new LinkedHashSet<>();
    for (Node n : template.getNodesList()) {
      String id = n.getId();
      if (id.isEmpty()) {
        errs.add(ErrorCode.VALUE_REQUIRED, "<node>", "Value required [Id].");
        continue;
      }
      if (id.equals(START_NODE) || id.equals(END_NODE)) {
        errs.add(ErrorCode.VALUE_COLLISION, id, "Node id is expected to be unique. " + id + " is reserved.");
        continue;
      }
      if (nodes.containsKey(id)) {
        errs.add(ErrorCode.DUPLICATE_NODE_ID, id, "Trying to insert two nodes with the same id.");
        continue;
      }
      topLevel.add(id);
      NodeState state = new NodeState(n);
      nodes.put(id, state);
      validateNode(state);
    }

    for (NodeState state : List.copyOf(nodes.values())) {
      if (!state.id().equals(START_NODE)) {
        addEdges(state, Edges.BIDIRECTIONAL);
      }
    }
    for (NodeState c : caseNodes.values()) {
      addEdges(c, Edges.UPSTREAM);
    }
    if (template.hasFailureNode()) {
      NodeState failure = new NodeState(template.getFailureNode());
      validateNode(failure);
      addEdges(failure, Edges.UPSTREAM);
    }

    for (String id : nodes.keySet()) {
      if (topLevel.contains(id)) {
        if (!upstream.containsKey(id)) {
          addExecutionEdge(START_NODE, id);
        }
        if (!downstream.containsKey(id)) {
          addExecutionEdge(id, END_NODE);
        }
      }
    }

    validateReachable();
    if (errs.size() > errorsBefore) {
      return null;
    }
    return assemble();
  }

  private CompiledWorkflow assemble() {
    WorkflowTemplate.Builder t = template.toBuilder().clearNodes().setInterface(workflowInterface);
    // Flyte's binding validation points promises on workflow inputs (node_id "", as flytekit sends them) at
    // start-node, in place; the compiled closure carries the rewritten bindings (validators/bindings.go).
    nodes.values().forEach(s -> t.addNodes(withSortedUpstream(withStartNodePromises(s.node)).build()));
    List<Binding> outputs = new ArrayList<>();
    t.getOutputsList().forEach(b -> outputs.add(withStartNodePromises(b)));
    t.clearOutputs().addAllOutputs(outputs);
    if (t.hasFailureNode()) {
      t.setFailureNode(withStartNodePromises(t.getFailureNode().toBuilder()));
    }
    ConnectionSet.Builder connections = ConnectionSet.newBuilder();
    downstream.forEach((id, ids) -> connections.putDownstream(id, ConnectionSet.IdList.newBuilder().addAllIds(ids)
        .build()));
    upstream.forEach((id, ids) -> connections.putUpstream(id, ConnectionSet.IdList.newBuilder().addAllIds(ids)
        .build()));
    return CompiledWorkflow.newBuilder().setTemplate(t).setConnections(connections).build();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Nodes (validators/node.go ValidateNode)

  private boolean validateNode(NodeState n) {
    int before = errs.size();
    if (n.id().equals(START_NODE) || n.id().equals(END_NODE)) {
      return true;
    }
    if (underlyingInterface(n) != null) {
      n.outputs = effectiveOutputs(n);
    }
    Node core = n.node.build();
    if (core.hasBranchNode()) {
      validateBranchNode(n);
    } else if (core.hasWorkflowNode() && core.getWorkflowNode().hasSubWorkflowRef()) {
      compileSubWorkflow(n.id(), core.getWorkflowNode().getSubWorkflowRef());
    }
    return errs.size() == before;
  }

  /** Output variables after output aliases (validators/node.go validateEffectiveOutputParameters). */
  private VariableMap effectiveOutputs(NodeState n) {
    Map<String, String> aliases = new LinkedHashMap<>();
    for (Alias a : n.node.getOutputAliasesList()) {
      if (aliases.putIfAbsent(a.getVar(), a.getAlias()) != null) {
        errs.add(ErrorCode.DUPLICATE_ALIAS, n.id(), "Duplicate alias [" + a.getAlias()
            + "] found. An output alias can only be used once in the Workflow.");
      }
    }
    VariableMap.Builder out = VariableMap.newBuilder();
    n.iface.getOutputs().getVariablesMap().forEach((name, v) -> {
      String alias = aliases.remove(name);
      out.putVariables(alias != null ? alias : name, v);
    });
    aliases.values().forEach(alias -> errs.add(ErrorCode.PARAMETER_NOT_BOUND, n.id(),
        "Parameter not bound [" + alias + "]."));
    return out.build();
  }

  /** The interface a node exposes, by node kind (validators/interface.go ValidateUnderlyingInterface). */
  private TypedInterface underlyingInterface(NodeState n) {
    if (n.iface != null) {
      return n.iface;
    }
    int before = errs.size();
    Node core = n.node.build();
    TypedInterface iface = null;
    switch (core.getTargetCase()) {
      case TASK_NODE -> {
        if (!core.getTaskNode().hasReferenceId()) {
          errs.add(ErrorCode.VALUE_REQUIRED, n.id(), "Value required [TaskNode.ReferenceId].");
        } else {
          TaskTemplate task = ctx.tasks.get(Ids.key(core.getTaskNode().getReferenceId()));
          if (task == null) {
            errs.add(ErrorCode.TASK_REFERENCE_NOT_FOUND, n.id(),
                "Referenced Task [" + Ids.display(core.getTaskNode().getReferenceId()) + "] not found.");
          } else {
            iface = task.getInterface();
          }
        }
      }
      case WORKFLOW_NODE -> iface = workflowNodeInterface(n, core);
      case BRANCH_NODE -> iface = branchInterface(n, core);
      case GATE_NODE -> iface = gateInterface(n, core);
      case ARRAY_NODE -> {
        if (!core.getArrayNode().hasNode()) {
          errs.add(ErrorCode.VALUE_REQUIRED, n.id(), "Value required [ArrayNode.Node].");
        } else {
          iface = arrayInterface(core.getArrayNode(), underlyingInterface(new NodeState(core.getArrayNode().getNode())));
        }
      }
      default -> errs.add(ErrorCode.VALUE_REQUIRED, n.id(), "Value required [Target].");
    }
    if (iface != null) {
      iface = validateInterface(n.id(), iface);
    }
    if (errs.size() == before && iface != null) {
      n.iface = iface;
      return iface;
    }
    return null;
  }

  /**
   * An array node maps its sub-node over lists. flytekit normally hands over the sub-node's interface already
   * wrapped in collections; when it flags {@code is_original_sub_node_interface} (e.g. a map over a launch plan)
   * the wrapping is ours: every input not in {@code bound_inputs}, and every output, becomes a collection.
   */
  private static TypedInterface arrayInterface(flyteidl.core.Workflow.ArrayNode array, TypedInterface sub) {
    if (sub == null || !array.hasIsOriginalSubNodeInterface() || !array.getIsOriginalSubNodeInterface().getValue()) {
      return sub;
    }
    Set<String> bound = new HashSet<>(array.getBoundInputsList());
    VariableMap.Builder inputs = VariableMap.newBuilder();
    sub.getInputs().getVariablesMap().forEach((name, v) ->
        inputs.putVariables(name, bound.contains(name) ? v : asCollection(v)));
    VariableMap.Builder outputs = VariableMap.newBuilder();
    sub.getOutputs().getVariablesMap().forEach((name, v) -> outputs.putVariables(name, asCollection(v)));
    return sub.toBuilder().setInputs(inputs).setOutputs(outputs).build();
  }

  private static Variable asCollection(Variable v) {
    return v.toBuilder().setType(LiteralType.newBuilder().setCollectionType(v.getType())).build();
  }

  private TypedInterface workflowNodeInterface(NodeState n, Node core) {
    var wn = core.getWorkflowNode();
    if (wn.hasLaunchplanRef()) {
      Identifier ref = wn.getLaunchplanRef();
      if (Ids.key(ref).equals(Ids.key(template.getId()))) {
        return template.getInterface();
      }
      LaunchPlanInterface lp = ctx.launchPlans.get(Ids.key(ref));
      if (lp == null) {
        errs.add(ErrorCode.WORKFLOW_REFERENCE_NOT_FOUND, n.id(), "Referenced Workflow [" + Ids.display(ref)
            + "] not found.");
        return null;
      }
      // Exposed inputs: every required input, plus any defaulted one the node overrides.
      Set<String> bound = new HashSet<>();
      core.getInputsList().forEach(b -> bound.add(b.getVar()));
      VariableMap.Builder inputs = VariableMap.newBuilder();
      for (Map.Entry<String, Parameter> e : lp.expectedInputs().getParametersMap().entrySet()) {
        if (e.getValue().getRequired() || bound.contains(e.getKey())) {
          inputs.putVariables(e.getKey(), e.getValue().getVar());
        }
      }
      return TypedInterface.newBuilder().setInputs(inputs).setOutputs(lp.expectedOutputs()).build();
    }
    if (wn.hasSubWorkflowRef()) {
      WorkflowTemplate sub = ctx.workflows.get(Ids.key(wn.getSubWorkflowRef()));
      if (sub == null) {
        errs.add(ErrorCode.WORKFLOW_REFERENCE_NOT_FOUND, n.id(), "Referenced Workflow ["
            + Ids.display(wn.getSubWorkflowRef()) + "] not found.");
        return null;
      }
      return sub.getInterface();
    }
    errs.add(ErrorCode.WORKFLOW_REFERENCE_NOT_FOUND, n.id(), "Referenced Workflow [<none>] not found: a workflow"
        + " node needs a launchplan_ref or a sub_workflow_ref.");
    return null;
  }

  private TypedInterface gateInterface(NodeState n, Node core) {
    var gate = core.getGateNode();
    switch (gate.getConditionCase()) {
      case APPROVE -> {
        // The approved inputs are copied to the outputs, so both are whatever the bindings carry.
        VariableMap fromBindings = validateBindings(n, core.getInputsList(), VariableMap.getDefaultInstance(),
            false, Edges.UPSTREAM);
        return TypedInterface.newBuilder().setInputs(fromBindings).setOutputs(fromBindings).build();
      }
      case SIGNAL -> {
        var signal = gate.getSignal();
        if (!signal.hasType()) {
          errs.add(ErrorCode.VALUE_REQUIRED, n.id(), "Value required [GateNode.Signal.Type].");
          return null;
        }
        if (signal.getOutputVariableName().isEmpty()) {
          errs.add(ErrorCode.VALUE_REQUIRED, n.id(), "Value required [GateNode.Signal.OutputVariableName].");
          return null;
        }
        return TypedInterface.newBuilder().setInputs(VariableMap.getDefaultInstance())
            .setOutputs(VariableMap.newBuilder().putVariables(signal.getOutputVariableName(),
                Variable.newBuilder().setType(signal.getType()).build())).build();
      }
      case SLEEP -> {
        return TypedInterface.newBuilder().setInputs(VariableMap.getDefaultInstance())
            .setOutputs(VariableMap.getDefaultInstance()).build();
      }
      default -> {
        errs.add(ErrorCode.NO_CONDITION_FOUND, n.id(), "Can't find any condition in gate node [" + n.id() + "].");
        return null;
      }
    }
  }

  /** Ensures both variable maps exist and every variable has a type (validators/interface.go ValidateInterface). */
  private TypedInterface validateInterface(String nodeId, TypedInterface iface) {
    for (VariableMap vars : List.of(iface.getInputs(), iface.getOutputs())) {
      vars.getVariablesMap().forEach((name, v) -> {
        if (!v.hasType()) {
          errs.add(ErrorCode.VALUE_REQUIRED, nodeId, "Value required [" + name + ".Type].");
        }
      });
    }
    return iface;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Branches (validators/branch.go, validators/node.go ValidateBranchNode, validators/condition.go)

  private final Map<String, NodeState> branchCases = new HashMap<>();

  private List<NodeState> caseNodes(NodeState branch, IfElseBlock ifElse) {
    List<Node> raw = new ArrayList<>();
    if (ifElse.hasCase() && ifElse.getCase().hasThenNode()) {
      raw.add(ifElse.getCase().getThenNode());
    }
    ifElse.getOtherList().stream().filter(IfBlock::hasThenNode).forEach(b -> raw.add(b.getThenNode()));
    if (ifElse.hasElseNode()) {
      raw.add(ifElse.getElseNode());
    }
    List<NodeState> states = new ArrayList<>();
    for (Node node : raw) {
      // Case nodes join the workflow's node set as "<branch id>-<case node id>".
      String id = branch.id() + "-" + node.getId();
      states.add(branchCases.computeIfAbsent(id, k -> {
        NodeState s = new NodeState(node);
        s.node.setId(k);
        return s;
      }));
    }
    return states;
  }

  private TypedInterface branchInterface(NodeState n, Node core) {
    if (!core.getBranchNode().hasIfElse()) {
      errs.add(ErrorCode.VALUE_REQUIRED, n.id(), "Value required [Branch.IfElse].");
      return null;
    }
    IfElseBlock ifElse = core.getBranchNode().getIfElse();
    if (!ifElse.hasCase()) {
      errs.add(ErrorCode.VALUE_REQUIRED, n.id(), "Value required [Branch.IfElse.Case].");
      return null;
    }
    if (!ifElse.getCase().hasThenNode()) {
      errs.add(ErrorCode.VALUE_REQUIRED, n.id(), "Value required [Branch.IfElse.Case.ThenNode].");
      return null;
    }
    int before = errs.size();
    // Outputs: the variables every case produces, with types each way compatible.
    Map<String, Variable> outputs = null;
    for (NodeState c : caseNodes(n, ifElse)) {
      TypedInterface caseIface = underlyingInterface(c);
      if (caseIface == null) {
        continue;
      }
      Map<String, Variable> caseOutputs = caseIface.getOutputs().getVariablesMap();
      if (outputs == null) {
        outputs = new LinkedHashMap<>(caseOutputs);
        continue;
      }
      for (Iterator<Map.Entry<String, Variable>> it = outputs.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Variable> e = it.next();
        Variable other = caseOutputs.get(e.getKey());
        if (other == null) {
          it.remove();
        } else if (!e.getValue().getType().equals(other.getType())) {
          // Flyte requires the cases' common outputs to have identical types (validators/vars.go validateVarType).
          errs.add(ErrorCode.MISMATCHING_TYPES, c.id(), "Variable [" + e.getKey() + "] (type ["
              + LiteralTypes.describe(other.getType()) + "]) doesn't match expected type ["
              + LiteralTypes.describe(e.getValue().getType()) + "].");
        }
      }
    }
    // Inputs: whatever the branch's bindings carry; conditions may only use these.
    VariableMap inputs = validateBindings(n, core.getInputsList(), VariableMap.getDefaultInstance(), false,
        Edges.UPSTREAM);
    if (errs.size() > before || outputs == null) {
      return null;
    }
    return TypedInterface.newBuilder().setInputs(inputs)
        .setOutputs(VariableMap.newBuilder().putAllVariables(outputs)).build();
  }

  private void validateBranchNode(NodeState n) {
    Node core = n.node.build();
    if (!core.getBranchNode().hasIfElse()) {
      return; // reported by branchInterface
    }
    IfElseBlock ifElse = core.getBranchNode().getIfElse();
    List<IfBlock> blocks = new ArrayList<>();
    if (!ifElse.hasCase()) {
      errs.add(ErrorCode.BRANCH_NODE_HAS_NO_CONDITION, n.id(),
          "One of the branches on the node doesn't have a condition.");
    } else {
      blocks.add(ifElse.getCase());
    }
    blocks.addAll(ifElse.getOtherList());
    for (IfBlock block : blocks) {
      validateCondition(n, block.hasCondition() ? block.getCondition() : null);
      if (!block.hasThenNode()) {
        errs.add(ErrorCode.BRANCH_NODE_ID_NOT_FOUND, n.id(), "BranchNode not assigned");
      }
    }
    if (!ifElse.hasElseNode() && !ifElse.hasError()) {
      errs.add(ErrorCode.BRANCH_NODE_HAS_NO_DEFAULT, n.id(),
          "Branch Node must have either the else case set or a default error.");
    }
    // Validate each case node (which renames its own nested cases), then put the renamed nodes back into this
    // branch, so the compiled branch shows every case under its graph id ("<branch>-<case>", recursively).
    List<NodeState> cases = caseNodes(n, ifElse);
    for (NodeState c : cases) {
      if (validateNode(c)) {
        if (nodes.containsKey(c.id()) || caseNodes.containsKey(c.id())) {
          errs.add(ErrorCode.DUPLICATE_NODE_ID, c.id(), "Trying to insert two nodes with the same id.");
          continue;
        }
        // No branch -> case edge: Flyte leaves a case's edges to its own bindings.
        caseNodes.put(c.id(), c);
      }
    }
    IfElseBlock.Builder renamed = ifElse.toBuilder();
    int i = 0;
    if (renamed.hasCase() && renamed.getCase().hasThenNode()) {
      renamed.getCaseBuilder().setThenNode(cases.get(i++).node.build());
    }
    for (int o = 0; o < renamed.getOtherCount(); o++) {
      if (renamed.getOther(o).hasThenNode()) {
        renamed.getOtherBuilder(o).setThenNode(cases.get(i++).node.build());
      }
    }
    if (renamed.hasElseNode()) {
      renamed.setElseNode(cases.get(i).node.build());
    }
    n.node.getBranchNodeBuilder().setIfElse(renamed);
  }

  private void validateCondition(NodeState n, BooleanExpression expr) {
    if (expr == null || expr.getExprCase() == BooleanExpression.ExprCase.EXPR_NOT_SET) {
      errs.add(ErrorCode.BRANCH_NODE_HAS_NO_CONDITION, n.id(),
          "One of the branches on the node doesn't have a condition.");
      return;
    }
    if (expr.hasConjunction()) {
      validateCondition(n, expr.getConjunction().hasLeftExpression() ? expr.getConjunction().getLeftExpression()
          : null);
      validateCondition(n, expr.getConjunction().hasRightExpression() ? expr.getConjunction().getRightExpression()
          : null);
      return;
    }
    var cmp = expr.getComparison();
    LiteralType left = operandType(n, cmp.hasLeftValue() ? cmp.getLeftValue() : null);
    LiteralType right = operandType(n, cmp.hasRightValue() ? cmp.getRightValue() : null);
    // Flyte compares the operand types exactly, whether or not the caller asked for type checks
    // (validators/condition.go ValidateBooleanExpression).
    if (left != null && right != null && !left.equals(right)) {
      errs.add(ErrorCode.MISMATCHING_TYPES, n.id(), "Comparison operands have incompatible types ["
          + LiteralTypes.describe(left) + "] and [" + LiteralTypes.describe(right) + "].");
    }
  }

  private LiteralType operandType(NodeState n, Operand operand) {
    if (operand == null || operand.getValCase() == Operand.ValCase.VAL_NOT_SET) {
      errs.add(ErrorCode.VALUE_REQUIRED, n.id(), "Value required [Comparison.Operand].");
      return null;
    }
    return switch (operand.getValCase()) {
      case VAR -> {
        Variable v = n.iface == null ? null : n.iface.getInputs().getVariablesMap().get(operand.getVar());
        if (n.iface != null && v == null) {
          errs.add(ErrorCode.VARIABLE_NAME_NOT_FOUND, n.id(), "Variable [" + operand.getVar()
              + "] not found on node [" + n.id() + "].");
        }
        yield v == null ? null : v.getType();
      }
      case PRIMITIVE -> LiteralTypes.typeOf(Literal.newBuilder().setScalar(
          flyteidl.core.Literals.Scalar.newBuilder().setPrimitive(operand.getPrimitive())).build());
      case SCALAR -> LiteralTypes.typeOf(Literal.newBuilder().setScalar(operand.getScalar()).build());
      default -> null;
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Sub-workflows

  private void compileSubWorkflow(String nodeId, Identifier ref) {
    String key = Ids.key(ref);
    if (ctx.compiledSubWorkflows.containsKey(key)) {
      return;
    }
    WorkflowTemplate sub = ctx.workflows.get(key);
    if (sub == null) {
      return; // reported by workflowNodeInterface
    }
    if (!ctx.compiling.add(key)) {
      errs.add(ErrorCode.CYCLE_DETECTED, nodeId, "A cycle has been detected while traversing the Workflow ["
          + Ids.display(ref) + "]: it calls itself as a sub-workflow.");
      return;
    }
    try {
      CompiledWorkflow compiled = new WorkflowBuilder(sub, ctx, errs).build();
      if (compiled != null) {
        ctx.compiledSubWorkflows.put(key, compiled);
      }
    } finally {
      ctx.compiling.remove(key);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Edges and bindings (workflow_compiler.go AddEdges, validators/bindings.go)

  private void addEdges(NodeState n, Edges direction) {
    if (n.iface == null) {
      return; // the node's own errors are reported; its edges would only add noise
    }
    if (direction != Edges.UPSTREAM) {
      for (String up : n.node.getUpstreamNodeIdsList()) {
        if (!nodes.containsKey(up)) {
          errs.add(ErrorCode.NODE_REFERENCE_NOT_FOUND, n.id(), "Referenced node [" + up + "] not found.");
        } else {
          addExecutionEdge(up, n.id());
        }
      }
    }
    validateBindings(n, n.node.getInputsList(), n.iface.getInputs(), true, direction);
  }

  private VariableMap validateBindings(NodeState n, List<Binding> bindings, VariableMap params,
      boolean validateTypes, Edges direction) {
    VariableMap.Builder resolved = VariableMap.newBuilder();
    Set<String> provided = new HashSet<>();
    for (Binding b : bindings) {
      Variable param = params.getVariablesMap().get(b.getVar());
      if (param == null && validateTypes) {
        errs.add(ErrorCode.VARIABLE_NAME_NOT_FOUND, n.id(), "Variable [" + b.getVar() + "] not found on node ["
            + n.id() + "].");
      } else if (!b.hasBinding()) {
        errs.add(ErrorCode.VALUE_REQUIRED, n.id(), "Value required [Binding " + b.getVar() + "].");
      } else if (!provided.add(b.getVar())) {
        errs.add(ErrorCode.PARAMETER_BOUND_MORE_THAN_ONCE, n.id(), "Input [" + b.getVar()
            + "] is bound more than once.");
      } else {
        LiteralType expected = param != null ? param.getType()
            : LiteralType.newBuilder().setSimple(SimpleType.NONE).build();
        Bound bound = validateBinding(n, b.getVar(), b.getBinding(), expected, validateTypes, errs);
        if (bound != null) {
          for (String up : bound.upstream) {
            switch (direction) {
              case BIDIRECTIONAL -> addExecutionEdge(up, n.id());
              case DOWNSTREAM -> addDownstreamEdge(up, n.id());
              case UPSTREAM -> addUpstreamEdge(up, n.id());
            }
          }
          resolved.putVariables(b.getVar(), Variable.newBuilder().setType(bound.type).build());
        }
      }
    }
    params.getVariablesMap().forEach((name, v) -> {
      if (!provided.contains(name) && !isOptional(v.getType())) {
        errs.add(ErrorCode.PARAMETER_NOT_BOUND, n.id(), "Parameter not bound [" + name + "].");
      }
    });
    return resolved.build();
  }

  private record Bound(LiteralType type, List<String> upstream) {}

  private Bound validateBinding(NodeState n, String param, BindingData binding, LiteralType expected,
      boolean validateTypes, Errors errs) {
    // Collections and maps cannot be introspected through a union: try each variant (bindings.go).
    if (expected.hasUnionType() && (binding.hasCollection() || binding.hasMap())) {
      Bound match = null;
      LiteralType matched = null;
      for (LiteralType variant : expected.getUnionType().getVariantsList()) {
        Bound b = validateBinding(n, param, binding, variant, validateTypes, new Errors());
        if (b != null) {
          if (match != null) {
            errs.add(ErrorCode.AMBIGUOUS_BINDING_UNION_VALUE, n.id(), "Input [" + param + "] on node [" + n.id()
                + "] expects bindings of union type [" + LiteralTypes.describe(expected) + "]. The binding is "
                + "ambiguous as both variants [" + LiteralTypes.describe(matched) + "] and ["
                + LiteralTypes.describe(variant) + "] match.");
            return null;
          }
          match = b;
          matched = variant;
        }
      }
      if (match == null) {
        errs.add(ErrorCode.INCOMPATIBLE_BINDING_UNION_VALUE, n.id(), "Input [" + param + "] on node [" + n.id()
            + "] expects bindings of union type [" + LiteralTypes.describe(expected)
            + "]. The binding does not match any of the variants.");
      }
      return match;
    }
    switch (binding.getValueCase()) {
      case COLLECTION -> {
        if (!expected.hasCollectionType()) {
          errs.add(ErrorCode.MISMATCHING_BINDINGS, n.id(), "Input [" + param + "] on node [" + n.id()
              + "] expects bindings of type [" + LiteralTypes.describe(expected) + "]. Received a collection.");
          return null;
        }
        return subBindings(n, param, binding.getCollection().getBindingsList(), expected.getCollectionType(),
            validateTypes, errs, true);
      }
      case MAP -> {
        if (!expected.hasMapValueType()) {
          errs.add(ErrorCode.MISMATCHING_BINDINGS, n.id(), "Input [" + param + "] on node [" + n.id()
              + "] expects bindings of type [" + LiteralTypes.describe(expected) + "]. Received a map.");
          return null;
        }
        return subBindings(n, param, List.copyOf(binding.getMap().getBindingsMap().values()),
            expected.getMapValueType(), validateTypes, errs, false);
      }
      case PROMISE -> {
        return promise(n, param, binding.getPromise(), expected, validateTypes, errs);
      }
      case SCALAR -> {
        LiteralType type = LiteralTypes.typeOf(Literal.newBuilder().setScalar(binding.getScalar()).build());
        if (type == null) {
          errs.add(ErrorCode.UNRECOGNIZED_VALUE, n.id(), "Unrecognized value [" + binding.getScalar().getValueCase()
              + "] for input [" + param + "].");
          return null;
        }
        int before = errs.size();
        if (validateTypes && !TypeCompatibility.isCastable(type, expected)) {
          errs.add(ErrorCode.MISMATCHING_TYPES, n.id(), "Variable [" + param + "] (type [" + LiteralTypes.describe(type)
              + "]) doesn't match expected type [" + LiteralTypes.describe(expected) + "].");
        }
        if (expected.hasEnumType()) {
          String v = binding.getScalar().getPrimitive().getStringValue();
          if (!expected.getEnumType().getValuesList().contains(v)) {
            errs.add(ErrorCode.ILLEGAL_ENUM_VALUE, n.id(), "Input [" + param + "] on node [" + n.id()
                + "] is an Enum and expects value to be one of " + expected.getEnumType().getValuesList()
                + ". Received [" + v + "]");
          }
        }
        return errs.size() == before ? new Bound(type, List.of()) : null;
      }
      default -> {
        errs.add(ErrorCode.MISMATCHING_BINDINGS, n.id(), "Input [" + param + "] on node [" + n.id()
            + "] expects bindings of type [" + LiteralTypes.describe(expected) + "]. Received no value.");
        return null;
      }
    }
  }

  private Bound subBindings(NodeState n, String param, List<BindingData> items, LiteralType itemType,
      boolean validateTypes, Errors errs, boolean collection) {
    int before = errs.size();
    List<String> ups = new ArrayList<>();
    LiteralType last = itemType;
    for (BindingData item : items) {
      Bound b = validateBinding(n, param, item, itemType, validateTypes, errs);
      if (b != null) {
        ups.addAll(b.upstream);
        last = b.type;
      }
    }
    if (errs.size() > before) {
      return null;
    }
    LiteralType type = collection ? LiteralType.newBuilder().setCollectionType(last).build()
        : LiteralType.newBuilder().setMapValueType(last).build();
    return new Bound(type, ups);
  }

  private Bound promise(NodeState n, String param, flyteidl.core.Types.OutputReference ref, LiteralType expected,
      boolean validateTypes, Errors errs) {
    String upId = ref.getNodeId().isEmpty() ? START_NODE : ref.getNodeId();
    NodeState up = nodes.get(upId);
    Matcher m = VAR_NAME.matcher(ref.getVar());
    if (up == null) {
      // As Flyte (validators/node.go validateNodeID): reported on the missing node's id.
      errs.add(ErrorCode.NODE_REFERENCE_NOT_FOUND, upId, "Referenced node [" + upId + "] not found.");
    } else if (!m.matches()) {
      errs.add(ErrorCode.SYNTAX_ERROR, n.id(), "Failed to parse element [" + ref.getVar() + "].");
      return null;
    } else if (up.outputs == null) {
      return null; // the upstream node's interface failed; that is reported on it
    } else {
      Variable out = up.outputs.getVariablesMap().get(m.group(2));
      if (out == null) {
        // As Flyte (validators/vars.go validateOutputVar): reported on the node that lacks the output.
        errs.add(ErrorCode.VARIABLE_NAME_NOT_FOUND, upId, "Variable [" + m.group(2) + "] not found on node ["
            + upId + "].");
      } else {
        return typedPromise(n, param, ref, m, up, out, expected, validateTypes, errs);
      }
    }
    // Flyte follows a promise that could not be resolved with ParameterNotBound on the binding node.
    errs.add(ErrorCode.PARAMETER_NOT_BOUND, n.id(), "Parameter not bound [" + param + "].");
    return null;
  }

  private Bound typedPromise(NodeState n, String param, flyteidl.core.Types.OutputReference ref, Matcher m,
      NodeState up, Variable out, LiteralType expected, boolean validateTypes, Errors errs) {
    String upId = up.id();
    LiteralType source = out.getType();
    if (m.group(1) != null) {
      if (!source.hasCollectionType()) {
        errs.add(ErrorCode.MISMATCHING_TYPES, n.id(), "The output variable '" + upId + "." + ref.getVar()
            + "' has type [" + LiteralTypes.describe(source) + "], but it's assigned to the input variable '"
            + n.id() + "." + param + "' which has type [" + LiteralTypes.describe(expected) + "].");
      } else {
        source = source.getCollectionType();
      }
    }
    for (PromiseAttribute attr : ref.getAttrPathList()) {
      if (source.hasCollectionType()) {
        source = source.getCollectionType();
      } else if (source.hasMapValueType()) {
        source = source.getMapValueType();
      } else if (source.hasStructure() && source.getStructure().getDataclassTypeCount() > 0) {
        LiteralType field = source.getStructure().getDataclassTypeMap().get(attr.getStringValue());
        if (field == null) {
          errs.add(ErrorCode.FIELD_NOT_FOUND, n.id(), "Variable [" + ref.getVar() + "] (type ["
              + LiteralTypes.describe(source) + "]) doesn't have field [" + attr.getStringValue() + "].");
          return null;
        }
        source = field;
      }
      // Other types (a plain STRUCT) cannot be looked into at compile time; the attribute is resolved at run time.
    }
    if (validateTypes && !TypeCompatibility.isCastable(source, expected)) {
      errs.add(ErrorCode.MISMATCHING_TYPES, n.id(), "The output variable '" + upId + "." + ref.getVar()
          + "' has type [" + LiteralTypes.describe(source) + "], but it's assigned to the input variable '"
          + n.id() + "." + param + "' which has type [" + LiteralTypes.describe(expected) + "].");
      return null;
    }
    return new Bound(out.getType(), List.of(upId));
  }

  /** Flyte's compiled nodes list their explicit upstream node ids sorted. */
  private static Node.Builder withSortedUpstream(Node.Builder n) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(n.getUpstreamNodeIdsList()));
    return n.clearUpstreamNodeIds().addAllUpstreamNodeIds(sorted);
  }

  private static Node.Builder withStartNodePromises(Node.Builder n) {
    List<Binding> inputs = new ArrayList<>();
    n.getInputsList().forEach(b -> inputs.add(withStartNodePromises(b)));
    n.clearInputs().addAllInputs(inputs);
    if (n.hasBranchNode() && n.getBranchNode().hasIfElse()) {
      IfElseBlock.Builder ifElse = n.getBranchNodeBuilder().getIfElseBuilder();
      if (ifElse.hasCase() && ifElse.getCase().hasThenNode()) {
        withStartNodePromises(ifElse.getCaseBuilder().getThenNodeBuilder());
      }
      for (int i = 0; i < ifElse.getOtherCount(); i++) {
        if (ifElse.getOther(i).hasThenNode()) {
          withStartNodePromises(ifElse.getOtherBuilder(i).getThenNodeBuilder());
        }
      }
      if (ifElse.hasElseNode()) {
        withStartNodePromises(ifElse.getElseNodeBuilder());
      }
    }
    return n;
  }

  private static Binding withStartNodePromises(Binding b) {
    return b.hasBinding() ? b.toBuilder().setBinding(withStartNodePromises(b.getBinding())).build() : b;
  }

  private static BindingData withStartNodePromises(BindingData d) {
    return switch (d.getValueCase()) {
      case PROMISE -> d.getPromise().getNodeId().isEmpty()
          ? d.toBuilder().setPromise(d.getPromise().toBuilder().setNodeId(START_NODE)).build() : d;
      case COLLECTION -> {
        var c = d.getCollection().toBuilder().clearBindings();
        d.getCollection().getBindingsList().forEach(x -> c.addBindings(withStartNodePromises(x)));
        yield d.toBuilder().setCollection(c).build();
      }
      case MAP -> {
        var m = d.getMap().toBuilder().clearBindings();
        d.getMap().getBindingsMap().forEach((k, x) -> m.putBindings(k, withStartNodePromises(x)));
        yield d.toBuilder().setMap(m).build();
      }
      default -> d;
    };
  }

  private static boolean isOptional(LiteralType t) {
    return t.hasUnionType() && t.getUnionType().getVariantsList().stream()
        .anyMatch(v -> v.hasSimple() && v.getSimple() == SimpleType.NONE);
  }

  private void addExecutionEdge(String from, String to) {
    addDownstreamEdge(from, to);
    addUpstreamEdge(from, to);
  }

  private void addUpstreamEdge(String from, String to) {
    upstream.computeIfAbsent(to, k -> new TreeSet<>()).add(from.isEmpty() ? START_NODE : from);
  }

  private void addDownstreamEdge(String from, String to) {
    downstream.computeIfAbsent(from.isEmpty() ? START_NODE : from, k -> new TreeSet<>()).add(to);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Graph checks (workflow_compiler.go validateReachable)

  private void validateReachable() {
    Set<String> visited = new HashSet<>();
    Set<String> onPath = new LinkedHashSet<>();
    Deque<Iterator<String>> stack = new ArrayDeque<>();
    Deque<String> path = new ArrayDeque<>();
    visited.add(START_NODE);
    onPath.add(START_NODE);
    path.push(START_NODE);
    stack.push(downstream.getOrDefault(START_NODE, new TreeSet<>()).iterator());
    while (!stack.isEmpty()) {
      Iterator<String> it = stack.peek();
      if (!it.hasNext()) {
        stack.pop();
        onPath.remove(path.pop());
        continue;
      }
      String next = it.next();
      if (onPath.contains(next)) {
        List<String> cycle = new ArrayList<>();
        boolean in = false;
        for (String p : onPath) {
          in |= p.equals(next);
          if (in) {
            cycle.add(p);
          }
        }
        cycle.add(next);
        errs.add(ErrorCode.CYCLE_DETECTED, START_NODE, "A cycle has been detected while traversing the Workflow ["
            + String.join(">", cycle) + "].");
        return;
      }
      if (visited.add(next)) {
        onPath.add(next);
        path.push(next);
        stack.push(downstream.getOrDefault(next, new TreeSet<>()).iterator());
      }
    }
    TreeSet<String> unreachable = new TreeSet<>(nodes.keySet());
    unreachable.removeAll(visited);
    unreachable.remove(END_NODE);
    if (!unreachable.isEmpty()) {
      errs.add(ErrorCode.UNREACHABLE_NODES, START_NODE, "The Workflow contain unreachable nodes ["
          + String.join(",", unreachable) + "].");
    }
  }
}
