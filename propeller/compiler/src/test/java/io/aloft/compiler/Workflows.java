package io.aloft.compiler;

import com.google.protobuf.Duration;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.Condition.BooleanExpression;
import flyteidl.core.Condition.ComparisonExpression;
import flyteidl.core.Condition.ConjunctionExpression;
import flyteidl.core.Condition.Operand;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.Interface.Parameter;
import flyteidl.core.Interface.ParameterMap;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.BindingData;
import flyteidl.core.Literals.BindingDataCollection;
import flyteidl.core.Literals.BindingDataMap;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Void;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.EnumType;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.OutputReference;
import flyteidl.core.Types.PromiseAttribute;
import flyteidl.core.Types.SimpleType;
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
import flyteidl.core.Workflow.SignalCondition;
import flyteidl.core.Workflow.SleepCondition;
import flyteidl.core.Workflow.TaskNode;
import flyteidl.core.Workflow.WorkflowNode;
import flyteidl.core.Workflow.WorkflowTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * A small test DSL for building flyteidl workflows, tasks and launch plans concisely. Everything lives in project
 * {@value #PROJECT}, domain {@value #DOMAIN}, version {@value #VERSION}.
 *
 * <pre>{@code
 * TaskTemplate add = task("t_add", inputs("a", INTEGER, "b", INTEGER), outputs("o0", INTEGER));
 * WorkflowTemplate w = wf("wf").input("x", INTEGER).output("o", INTEGER, promise("n0", "o0"))
 *     .node(taskNode("n0", "t_add").bind("a", promise("start-node", "x")).bind("b", literalInt(2)))
 *     .build();
 * }</pre>
 */
final class Workflows {
  static final String PROJECT = "p";
  static final String DOMAIN = "d";
  static final String VERSION = "v1";
  static final String START = WorkflowCompiler.START_NODE;
  static final String END = WorkflowCompiler.END_NODE;

  static final LiteralType INTEGER = simple(SimpleType.INTEGER);
  static final LiteralType FLOAT = simple(SimpleType.FLOAT);
  static final LiteralType STRING = simple(SimpleType.STRING);
  static final LiteralType BOOLEAN = simple(SimpleType.BOOLEAN);
  static final LiteralType DATETIME = simple(SimpleType.DATETIME);
  static final LiteralType DURATION = simple(SimpleType.DURATION);
  static final LiteralType STRUCT = simple(SimpleType.STRUCT);
  static final LiteralType NONE = simple(SimpleType.NONE);

  private Workflows() {}

  // -------------------------------------------------------------------------------------------------------------
  // Types

  static LiteralType simple(SimpleType t) {
    return LiteralType.newBuilder().setSimple(t).build();
  }

  static LiteralType listOf(LiteralType item) {
    return LiteralType.newBuilder().setCollectionType(item).build();
  }

  static LiteralType mapOf(LiteralType value) {
    return LiteralType.newBuilder().setMapValueType(value).build();
  }

  /** A union; flytekit tags each variant with a structure tag, as {@link #tagged} does. */
  static LiteralType union(LiteralType... variants) {
    return LiteralType.newBuilder().setUnionType(UnionType.newBuilder().addAllVariants(List.of(variants))).build();
  }

  /** {@code Optional[t]}: the union of {@code t} and none, as flytekit declares it. */
  static LiteralType optional(LiteralType t) {
    return union(t, tagged(NONE, "none"));
  }

  static LiteralType tagged(LiteralType t, String tag) {
    return t.toBuilder().setStructure(TypeStructure.newBuilder().setTag(tag)).build();
  }

  static LiteralType enumOf(String... values) {
    return LiteralType.newBuilder().setEnumType(EnumType.newBuilder().addAllValues(List.of(values))).build();
  }

  static LiteralType blob(String format) {
    return blob(format, BlobDimensionality.SINGLE);
  }

  static LiteralType blob(String format, BlobDimensionality dimensionality) {
    return LiteralType.newBuilder().setBlob(BlobType.newBuilder().setFormat(format).setDimensionality(dimensionality))
        .build();
  }

  /** A dataclass as flytekit declares it: a STRUCT whose structure lists the field types ({@code name, type...}). */
  static LiteralType dataclass(Object... fields) {
    TypeStructure.Builder s = TypeStructure.newBuilder();
    for (int i = 0; i < fields.length; i += 2) {
      s.putDataclassType((String) fields[i], (LiteralType) fields[i + 1]);
    }
    return STRUCT.toBuilder().setStructure(s).build();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Identifiers, interfaces, tasks, launch plans

  static Identifier id(ResourceType type, String name) {
    return Identifier.newBuilder().setResourceType(type).setProject(PROJECT).setDomain(DOMAIN).setName(name)
        .setVersion(VERSION).build();
  }

  static Identifier taskId(String name) {
    return id(ResourceType.TASK, name);
  }

  static Identifier workflowId(String name) {
    return id(ResourceType.WORKFLOW, name);
  }

  static Identifier launchPlanId(String name) {
    return id(ResourceType.LAUNCH_PLAN, name);
  }

  /** {@code name, type, name, type...} as a variable map. */
  static VariableMap vars(Object... nameTypePairs) {
    if (nameTypePairs.length % 2 != 0) {
      throw new IllegalArgumentException("expected name/type pairs");
    }
    VariableMap.Builder m = VariableMap.newBuilder();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      m.putVariables((String) nameTypePairs[i], Variable.newBuilder().setType((LiteralType) nameTypePairs[i + 1])
          .build());
    }
    return m.build();
  }

  static VariableMap inputs(Object... nameTypePairs) {
    return vars(nameTypePairs);
  }

  static VariableMap outputs(Object... nameTypePairs) {
    return vars(nameTypePairs);
  }

  static TaskTemplate task(String name, VariableMap inputs, VariableMap outputs) {
    return TaskTemplate.newBuilder().setId(taskId(name)).setType("python-task")
        .setInterface(TypedInterface.newBuilder().setInputs(inputs).setOutputs(outputs)).build();
  }

  /** A required launch-plan parameter. */
  static Parameter required(LiteralType type) {
    return Parameter.newBuilder().setVar(Variable.newBuilder().setType(type)).setRequired(true).build();
  }

  /** A launch-plan parameter with a default value. */
  static Parameter defaulted(LiteralType type, Literal value) {
    return Parameter.newBuilder().setVar(Variable.newBuilder().setType(type)).setDefault(value).build();
  }

  /** {@code name, Parameter, name, Parameter...} as a parameter map. */
  static ParameterMap params(Object... nameParamPairs) {
    ParameterMap.Builder m = ParameterMap.newBuilder();
    for (int i = 0; i < nameParamPairs.length; i += 2) {
      m.putParameters((String) nameParamPairs[i], (Parameter) nameParamPairs[i + 1]);
    }
    return m.build();
  }

  static LaunchPlanInterface launchPlan(String name, ParameterMap inputs, VariableMap outputs) {
    return new LaunchPlanInterface(launchPlanId(name), inputs, outputs);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Binding data

  /** A promise of {@code nodeId}'s output {@code var}; {@code attrPath} items are strings (fields, keys) or ints. */
  static BindingData promise(String nodeId, String var, Object... attrPath) {
    OutputReference.Builder ref = OutputReference.newBuilder().setNodeId(nodeId).setVar(var);
    for (Object a : attrPath) {
      PromiseAttribute.Builder attr = PromiseAttribute.newBuilder();
      if (a instanceof Integer i) {
        attr.setIntValue(i);
      } else {
        attr.setStringValue((String) a);
      }
      ref.addAttrPath(attr);
    }
    return BindingData.newBuilder().setPromise(ref).build();
  }

  /** A promise of a workflow input. */
  static BindingData input(String var) {
    return promise(START, var);
  }

  static Scalar primitiveScalar(Primitive p) {
    return Scalar.newBuilder().setPrimitive(p).build();
  }

  static BindingData scalar(Scalar s) {
    return BindingData.newBuilder().setScalar(s).build();
  }

  static BindingData literalInt(long v) {
    return scalar(primitiveScalar(Primitive.newBuilder().setInteger(v).build()));
  }

  static BindingData literalStr(String v) {
    return scalar(primitiveScalar(Primitive.newBuilder().setStringValue(v).build()));
  }

  static BindingData literalFloat(double v) {
    return scalar(primitiveScalar(Primitive.newBuilder().setFloatValue(v).build()));
  }

  static BindingData literalBool(boolean v) {
    return scalar(primitiveScalar(Primitive.newBuilder().setBoolean(v).build()));
  }

  static BindingData literalNone() {
    return scalar(Scalar.newBuilder().setNoneType(Void.getDefaultInstance()).build());
  }

  static Literal intLiteral(long v) {
    return Literal.newBuilder().setScalar(primitiveScalar(Primitive.newBuilder().setInteger(v).build())).build();
  }

  static BindingData collection(BindingData... items) {
    return BindingData.newBuilder().setCollection(BindingDataCollection.newBuilder().addAllBindings(List.of(items)))
        .build();
  }

  /** {@code key, BindingData, key, BindingData...} as a map binding. */
  static BindingData map(Object... keyBindingPairs) {
    BindingDataMap.Builder m = BindingDataMap.newBuilder();
    for (int i = 0; i < keyBindingPairs.length; i += 2) {
      m.putBindings((String) keyBindingPairs[i], (BindingData) keyBindingPairs[i + 1]);
    }
    return BindingData.newBuilder().setMap(m).build();
  }

  static Binding binding(String var, BindingData data) {
    return Binding.newBuilder().setVar(var).setBinding(data).build();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Conditions

  static Operand var(String name) {
    return Operand.newBuilder().setVar(name).build();
  }

  /** An integer operand, as a scalar as flytekit writes it (the {@code primitive} field is deprecated). */
  static Operand intOperand(long v) {
    return Operand.newBuilder().setScalar(primitiveScalar(Primitive.newBuilder().setInteger(v).build())).build();
  }

  static Operand strOperand(String v) {
    return Operand.newBuilder().setScalar(primitiveScalar(Primitive.newBuilder().setStringValue(v).build())).build();
  }

  static BooleanExpression compare(Operand left, ComparisonExpression.Operator op, Operand right) {
    return BooleanExpression.newBuilder().setComparison(ComparisonExpression.newBuilder().setLeftValue(left)
        .setOperator(op).setRightValue(right)).build();
  }

  static BooleanExpression eq(Operand left, Operand right) {
    return compare(left, ComparisonExpression.Operator.EQ, right);
  }

  static BooleanExpression gt(Operand left, Operand right) {
    return compare(left, ComparisonExpression.Operator.GT, right);
  }

  static BooleanExpression and(BooleanExpression left, BooleanExpression right) {
    return BooleanExpression.newBuilder().setConjunction(ConjunctionExpression.newBuilder().setLeftExpression(left)
        .setOperator(ConjunctionExpression.LogicalOperator.AND).setRightExpression(right)).build();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Nodes

  static NodeSpec taskNode(String id, String taskName) {
    return new NodeSpec(Node.newBuilder().setId(id).setTaskNode(TaskNode.newBuilder()
        .setReferenceId(taskId(taskName))));
  }

  static NodeSpec subWorkflowNode(String id, String workflowName) {
    return new NodeSpec(Node.newBuilder().setId(id).setWorkflowNode(WorkflowNode.newBuilder()
        .setSubWorkflowRef(workflowId(workflowName))));
  }

  static NodeSpec launchPlanNode(String id, String launchPlanName) {
    return new NodeSpec(Node.newBuilder().setId(id).setWorkflowNode(WorkflowNode.newBuilder()
        .setLaunchplanRef(launchPlanId(launchPlanName))));
  }

  /** A node with no target at all. */
  static NodeSpec emptyNode(String id) {
    return new NodeSpec(Node.newBuilder().setId(id));
  }

  static NodeSpec approveGate(String id, String signalId) {
    return new NodeSpec(Node.newBuilder().setId(id).setGateNode(GateNode.newBuilder()
        .setApprove(ApproveCondition.newBuilder().setSignalId(signalId))));
  }

  static NodeSpec signalGate(String id, String signalId, LiteralType type, String outputVariableName) {
    SignalCondition.Builder s = SignalCondition.newBuilder().setSignalId(signalId)
        .setOutputVariableName(outputVariableName);
    if (type != null) {
      s.setType(type);
    }
    return new NodeSpec(Node.newBuilder().setId(id).setGateNode(GateNode.newBuilder().setSignal(s)));
  }

  static NodeSpec sleepGate(String id, long seconds) {
    return new NodeSpec(Node.newBuilder().setId(id).setGateNode(GateNode.newBuilder()
        .setSleep(SleepCondition.newBuilder().setDuration(Duration.newBuilder().setSeconds(seconds)))));
  }

  /** A gate node whose condition is not set. */
  static NodeSpec gateWithoutCondition(String id) {
    return new NodeSpec(Node.newBuilder().setId(id).setGateNode(GateNode.getDefaultInstance()));
  }

  /** An array (map-task) node running {@code sub} over its inputs; {@code sub} may be null for a malformed one. */
  static NodeSpec arrayNode(String id, NodeSpec sub) {
    ArrayNode.Builder a = ArrayNode.newBuilder().setParallelism(2);
    if (sub != null) {
      a.setNode(sub.build());
    }
    return new NodeSpec(Node.newBuilder().setId(id).setArrayNode(a));
  }

  static BranchSpec branch(String id) {
    return new BranchSpec(id);
  }

  /** A node under construction: inputs, upstream ids, output aliases. */
  static final class NodeSpec {
    private final Node.Builder node;

    NodeSpec(Node.Builder node) {
      this.node = node;
    }

    NodeSpec bind(String var, BindingData data) {
      node.addInputs(binding(var, data));
      return this;
    }

    /** A binding whose value is not set at all. */
    NodeSpec bindNothing(String var) {
      node.addInputs(Binding.newBuilder().setVar(var));
      return this;
    }

    NodeSpec after(String... upstreamNodeIds) {
      node.addAllUpstreamNodeIds(List.of(upstreamNodeIds));
      return this;
    }

    NodeSpec alias(String var, String alias) {
      node.addOutputAliases(Alias.newBuilder().setVar(var).setAlias(alias));
      return this;
    }

    NodeSpec id(String id) {
      node.setId(id);
      return this;
    }

    Node build() {
      return node.build();
    }
  }

  /** An if/elif/else branch node: {@code branch("b").when(cond, then).elif(cond, then).otherwise(node)}. */
  static final class BranchSpec {
    private final String id;
    private final IfElseBlock.Builder ifElse = IfElseBlock.newBuilder();
    private final List<Binding> inputs = new ArrayList<>();
    private final List<String> upstream = new ArrayList<>();

    BranchSpec(String id) {
      this.id = id;
    }

    /** The first case; {@code then} may be null for a malformed one. */
    BranchSpec when(BooleanExpression condition, NodeSpec then) {
      ifElse.setCase(block(condition, then));
      return this;
    }

    BranchSpec elif(BooleanExpression condition, NodeSpec then) {
      ifElse.addOther(block(condition, then));
      return this;
    }

    BranchSpec otherwise(NodeSpec elseNode) {
      ifElse.setElseNode(elseNode.build());
      return this;
    }

    BranchSpec elseFail(String message) {
      ifElse.setError(flyteidl.core.Types.Error.newBuilder().setFailedNodeId(id).setMessage(message));
      return this;
    }

    BranchSpec bind(String var, BindingData data) {
      inputs.add(binding(var, data));
      return this;
    }

    BranchSpec after(String... upstreamNodeIds) {
      upstream.addAll(List.of(upstreamNodeIds));
      return this;
    }

    private static IfBlock block(BooleanExpression condition, NodeSpec then) {
      IfBlock.Builder b = IfBlock.newBuilder();
      if (condition != null) {
        b.setCondition(condition);
      }
      if (then != null) {
        b.setThenNode(then.build());
      }
      return b.build();
    }

    NodeSpec toNode() {
      return new NodeSpec(Node.newBuilder().setId(id).addAllInputs(inputs).addAllUpstreamNodeIds(upstream)
          .setBranchNode(BranchNode.newBuilder().setIfElse(ifElse)));
    }

    Node build() {
      return toNode().build();
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Workflows

  static WorkflowSpec wf(String name) {
    return new WorkflowSpec(name);
  }

  static final class WorkflowSpec {
    private final WorkflowTemplate.Builder template;
    private final VariableMap.Builder inputs = VariableMap.newBuilder();
    private final VariableMap.Builder outputs = VariableMap.newBuilder();

    WorkflowSpec(String name) {
      template = WorkflowTemplate.newBuilder().setId(workflowId(name));
    }

    WorkflowSpec input(String name, LiteralType type) {
      inputs.putVariables(name, Variable.newBuilder().setType(type).build());
      return this;
    }

    /** Declares an output and binds it. */
    WorkflowSpec output(String name, LiteralType type, BindingData from) {
      declareOutput(name, type);
      return bindOutput(name, from);
    }

    /** Declares an output without binding it. */
    WorkflowSpec declareOutput(String name, LiteralType type) {
      outputs.putVariables(name, Variable.newBuilder().setType(type).build());
      return this;
    }

    /** Binds an output (declared or not). */
    WorkflowSpec bindOutput(String name, BindingData from) {
      template.addOutputs(binding(name, from));
      return this;
    }

    WorkflowSpec node(NodeSpec n) {
      template.addNodes(n.build());
      return this;
    }

    WorkflowSpec node(BranchSpec b) {
      template.addNodes(b.build());
      return this;
    }

    WorkflowSpec node(Node n) {
      template.addNodes(n);
      return this;
    }

    WorkflowSpec failureNode(NodeSpec n) {
      template.setFailureNode(n.build());
      return this;
    }

    WorkflowTemplate build() {
      return template.setInterface(TypedInterface.newBuilder().setInputs(inputs).setOutputs(outputs)).build();
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Compiling

  /** Everything one compilation needs. */
  record Fixture(WorkflowTemplate primary, List<WorkflowTemplate> subWorkflows, List<TaskTemplate> tasks,
      List<LaunchPlanInterface> launchPlans) {

    static Fixture of(WorkflowTemplate primary, List<TaskTemplate> tasks) {
      return new Fixture(primary, List.of(), tasks, List.of());
    }

    Fixture withSubWorkflows(WorkflowTemplate... subs) {
      return new Fixture(primary, List.of(subs), tasks, launchPlans);
    }

    Fixture withLaunchPlans(LaunchPlanInterface... lps) {
      return new Fixture(primary, subWorkflows, tasks, List.of(lps));
    }

    CompiledWorkflowClosure compile() throws CompilationException {
      return WorkflowCompiler.compile(primary, subWorkflows, tasks, launchPlans);
    }
  }
}
