package io.aloft.crd;

import flyteidl.core.Compiler.CompiledTask;
import flyteidl.core.Compiler.CompiledWorkflow;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.Compiler.ConnectionSet;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.BindingData;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.OutputReference;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.TaskNode;
import flyteidl.core.Workflow.WorkflowTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small hand-built compiled closures for the builder's unit tests (the goldens cover flytekit's real ones). */
final class Closures {
  static final String PROJECT = "proj";
  static final String DOMAIN = "dev";
  static final LiteralType INT = LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build();

  private Closures() {}

  static Identifier taskId(String name) {
    return Identifier.newBuilder().setResourceType(ResourceType.TASK).setProject(PROJECT).setDomain(DOMAIN)
        .setName(name).setVersion("v1").build();
  }

  static Identifier workflowId(String name) {
    return Identifier.newBuilder().setResourceType(ResourceType.WORKFLOW).setProject(PROJECT).setDomain(DOMAIN)
        .setName(name).setVersion("v1").build();
  }

  static WorkflowExecutionIdentifier execution(String name) {
    return WorkflowExecutionIdentifier.newBuilder().setProject(PROJECT).setDomain(DOMAIN).setName(name).build();
  }

  /** A task {@code name} taking and returning one integer ({@code x} -> {@code o0}). */
  static TaskTemplate task(String name) {
    return TaskTemplate.newBuilder().setId(taskId(name)).setType("python-task")
        .setInterface(TypedInterface.newBuilder()
            .setInputs(VariableMap.newBuilder().putVariables("x", Variable.newBuilder().setType(INT).build()))
            .setOutputs(VariableMap.newBuilder().putVariables("o0", Variable.newBuilder().setType(INT).build())))
        .build();
  }

  static Node.Builder taskNode(String id, String task) {
    return Node.newBuilder().setId(id).setTaskNode(TaskNode.newBuilder().setReferenceId(taskId(task)))
        .addInputs(promise("x", "start-node", "x"));
  }

  static Binding promise(String var, String node, String outputVar) {
    return Binding.newBuilder().setVar(var).setBinding(BindingData.newBuilder()
        .setPromise(OutputReference.newBuilder().setNodeId(node).setVar(outputVar))).build();
  }

  static LiteralMap intInputs(long x) {
    return LiteralMap.newBuilder().putLiterals("x", Literal.newBuilder().setScalar(Scalar.newBuilder()
        .setPrimitive(Primitive.newBuilder().setInteger(x))).build()).build();
  }

  /** A workflow builder: nodes chained start -> n... -> end in the order given, with input x and output o0. */
  static final class WorkflowBuilder {
    private final String name;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, List<String>> downstream = new LinkedHashMap<>();
    private final Map<String, List<String>> upstream = new LinkedHashMap<>();
    private final List<TaskTemplate> tasks = new ArrayList<>();
    private final List<CompiledWorkflow> subWorkflows = new ArrayList<>();
    private WorkflowTemplate.Builder template = WorkflowTemplate.newBuilder();

    WorkflowBuilder(String name) {
      this.name = name;
    }

    WorkflowBuilder node(Node.Builder node) {
      nodes.add(node.build());
      return this;
    }

    WorkflowBuilder task(TaskTemplate task) {
      tasks.add(task);
      return this;
    }

    WorkflowBuilder subWorkflow(CompiledWorkflow sub) {
      subWorkflows.add(sub);
      return this;
    }

    WorkflowBuilder edge(String from, String to) {
      downstream.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
      upstream.computeIfAbsent(to, k -> new ArrayList<>()).add(from);
      return this;
    }

    WorkflowBuilder template(java.util.function.Consumer<WorkflowTemplate.Builder> edit) {
      edit.accept(template);
      return this;
    }

    CompiledWorkflow compiledWorkflow() {
      WorkflowTemplate.Builder t = template.clone().setId(workflowId(name))
          .setInterface(TypedInterface.newBuilder()
              .setInputs(VariableMap.newBuilder().putVariables("x", Variable.newBuilder().setType(INT).build()))
              .setOutputs(VariableMap.newBuilder().putVariables("o0", Variable.newBuilder().setType(INT).build())))
          .addNodes(Node.newBuilder().setId("start-node"))
          .addNodes(Node.newBuilder().setId("end-node").addInputs(promise("o0", lastNodeId(), "o0")))
          .addAllNodes(nodes);
      ConnectionSet.Builder c = ConnectionSet.newBuilder();
      downstream.forEach((k, v) -> c.putDownstream(k, ConnectionSet.IdList.newBuilder().addAllIds(v).build()));
      upstream.forEach((k, v) -> c.putUpstream(k, ConnectionSet.IdList.newBuilder().addAllIds(v).build()));
      return CompiledWorkflow.newBuilder().setTemplate(t).setConnections(c).build();
    }

    CompiledWorkflowClosure closure() {
      CompiledWorkflowClosure.Builder b = CompiledWorkflowClosure.newBuilder().setPrimary(compiledWorkflow());
      tasks.forEach(t -> b.addTasks(CompiledTask.newBuilder().setTemplate(t)));
      b.addAllSubWorkflows(subWorkflows);
      return b.build();
    }

    private String lastNodeId() {
      return nodes.isEmpty() ? "start-node" : nodes.get(nodes.size() - 1).getId();
    }
  }

  /** start -> n0 (task t0) -> end. */
  static WorkflowBuilder single(Node.Builder n0) {
    return new WorkflowBuilder("wf.single").node(n0).task(task("t0")).edge("start-node", n0.getId())
        .edge(n0.getId(), "end-node");
  }
}
