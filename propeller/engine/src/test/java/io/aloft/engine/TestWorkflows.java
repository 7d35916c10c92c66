package io.aloft.engine;

import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.BindingData;
import flyteidl.core.Literals.BindingDataCollection;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.RetryStrategy;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Tasks.TaskMetadata;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.OutputReference;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.NodeMetadata;
import flyteidl.core.Workflow.TaskNode;
import flyteidl.core.Workflow.WorkflowMetadata;
import flyteidl.core.Workflow.WorkflowTemplate;
import io.aloft.compiler.WorkflowCompiler;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.FlyteWorkflowBuilder;
import io.aloft.engine.status.WorkflowStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds test workflows through the real compiler and FlyteWorkflowBuilder. */
public final class TestWorkflows {
  public static final String PROJECT = "proj";
  public static final String DOMAIN = "dev";
  public static final LiteralType INT = LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build();
  public static final LiteralType STRING = LiteralType.newBuilder().setSimple(SimpleType.STRING).build();
  public static final LiteralType STRUCT = LiteralType.newBuilder().setSimple(SimpleType.STRUCT).build();

  private TestWorkflows() {}

  public static LiteralType listOf(LiteralType t) {
    return LiteralType.newBuilder().setCollectionType(t).build();
  }

  public static Identifier id(ResourceType type, String name) {
    return Identifier.newBuilder().setResourceType(type).setProject(PROJECT).setDomain(DOMAIN).setName(name)
        .setVersion("v1").build();
  }

  /** A task of {@code type} whose outputs equal its inputs (what echo needs), {@code vars} name -> type. */
  public static TaskTemplate task(String name, String type, Map<String, LiteralType> vars, int retries) {
    VariableMap.Builder vm = VariableMap.newBuilder();
    vars.forEach((k, v) -> vm.putVariables(k, Variable.newBuilder().setType(v).build()));
    return TaskTemplate.newBuilder().setId(id(ResourceType.TASK, name)).setType(type)
        .setMetadata(TaskMetadata.newBuilder().setRetries(RetryStrategy.newBuilder().setRetries(retries)))
        .setInterface(TypedInterface.newBuilder().setInputs(vm).setOutputs(vm)).build();
  }

  public static BindingData promise(String node, String var) {
    return BindingData.newBuilder().setPromise(OutputReference.newBuilder().setNodeId(node).setVar(var)).build();
  }

  public static Literal intLit(long v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v)))
        .build();
  }

  public static Literal strLit(String v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setStringValue(v)))
        .build();
  }

  public static Literal listLit(Literal... items) {
    return Literal.newBuilder().setCollection(LiteralCollection.newBuilder().addAllLiterals(List.of(items))).build();
  }

  /** A workflow template under construction. */
  public static final class Wf {
    final String name;
    final Map<String, LiteralType> inputs = new LinkedHashMap<>();
    final Map<String, LiteralType> outputTypes = new LinkedHashMap<>();
    final List<Binding> outputs = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();
    final Map<String, TaskTemplate> tasks = new LinkedHashMap<>();
    Node failureNode;
    final List<WorkflowTemplate> subs = new ArrayList<>();
    int eventVersion;
    WorkflowMetadata.OnFailurePolicy policy = WorkflowMetadata.OnFailurePolicy.FAIL_IMMEDIATELY;

    public Wf(String name) {
      this.name = name;
    }

    public Wf input(String n, LiteralType t) {
      inputs.put(n, t);
      return this;
    }

    public Wf output(String n, LiteralType t, BindingData b) {
      outputTypes.put(n, t);
      outputs.add(Binding.newBuilder().setVar(n).setBinding(b).build());
      return this;
    }

    /** A task node {@code id} running {@code task} with {@code bindings} var -> binding. */
    public Wf node(String id, TaskTemplate task, Map<String, BindingData> bindings) {
      return node(id, task, bindings, null);
    }

    public Wf node(String id, TaskTemplate task, Map<String, BindingData> bindings, NodeMetadata meta) {
      tasks.put(task.getId().getName(), task);
      nodes.add(taskNode(id, task, bindings, meta));
      return this;
    }

    /** A node built by hand (branch, sub-workflow), with the tasks it references. */
    public Wf raw(Node n, TaskTemplate... nodeTasks) {
      for (TaskTemplate t : nodeTasks) {
        tasks.put(t.getId().getName(), t);
      }
      nodes.add(n);
      return this;
    }

    /** Makes {@code sub} (and its tasks and sub-workflows) available to this workflow's sub-workflow nodes. */
    public Wf sub(Wf sub) {
      subs.add(sub.template());
      subs.addAll(sub.subs);
      tasks.putAll(sub.tasks);
      return this;
    }

    /** The id of this workflow (for a sub-workflow node's reference). */
    public Identifier workflowId() {
      return TestWorkflows.id(ResourceType.WORKFLOW, name);
    }

    /** Runs with workflow event version {@code v} (admin's default is 2). */
    public Wf eventVersion(int v) {
      eventVersion = v;
      return this;
    }

    public Wf failureNode(String id, TaskTemplate task, Map<String, BindingData> bindings) {
      tasks.put(task.getId().getName(), task);
      failureNode = taskNode(id, task, bindings, null);
      return this;
    }

    public Wf policy(WorkflowMetadata.OnFailurePolicy p) {
      policy = p;
      return this;
    }

    public static Node taskNode(String id, TaskTemplate task, Map<String, BindingData> bindings, NodeMetadata meta) {
      Node.Builder n = Node.newBuilder().setId(id).setTaskNode(TaskNode.newBuilder().setReferenceId(task.getId()));
      if (meta != null) {
        n.setMetadata(meta);
      }
      bindings.forEach((k, v) -> n.addInputs(Binding.newBuilder().setVar(k).setBinding(v)));
      return n.build();
    }

    public WorkflowTemplate template() {
      VariableMap.Builder in = VariableMap.newBuilder();
      inputs.forEach((k, v) -> in.putVariables(k, Variable.newBuilder().setType(v).build()));
      VariableMap.Builder out = VariableMap.newBuilder();
      outputTypes.forEach((k, v) -> out.putVariables(k, Variable.newBuilder().setType(v).build()));
      WorkflowTemplate.Builder t = WorkflowTemplate.newBuilder().setId(id(ResourceType.WORKFLOW, name))
          .setInterface(TypedInterface.newBuilder().setInputs(in).setOutputs(out)).addAllNodes(nodes)
          .addAllOutputs(outputs).setMetadata(WorkflowMetadata.newBuilder().setOnFailure(policy));
      if (failureNode != null) {
        t.setFailureNode(failureNode);
      }
      return t.build();
    }

    /** Compiles and builds the resource for execution {@code execName} with {@code inputs}. */
    public FlyteWorkflow resource(String execName, LiteralMap in) throws Exception {
      CompiledWorkflowClosure closure = WorkflowCompiler.compile(template(), subs,
          new ArrayList<>(tasks.values()), List.of());
      return FlyteWorkflowBuilder.build(closure, in, WorkflowExecutionIdentifier.newBuilder().setProject(PROJECT)
          .setDomain(DOMAIN).setName(execName).build(), PROJECT + "-" + DOMAIN);
    }

    public ExecutionContext context(String execName, LiteralMap in, int maxParallelism) throws Exception {
      FlyteWorkflow wf = resource(execName, in);
      wf.executionId = new FlyteWorkflow.ExecutionId(PROJECT, DOMAIN, execName, null); // admin's PrepareFlyteWorkflow
      if (eventVersion != 0) {
        wf.workflowMeta = new FlyteWorkflow.WorkflowMeta(eventVersion);
      }
      ExecutionContext c = ExecutionContext.of(wf, new WorkflowStatus(), false, null);
      return c.withMaxParallelism(maxParallelism).withRawOutputPrefix("s3://raw");
    }
  }

  public static BindingData collection(BindingData... items) {
    return BindingData.newBuilder().setCollection(BindingDataCollection.newBuilder().addAllBindings(List.of(items)))
        .build();
  }

  public static LiteralMap inputs(Object... kv) {
    LiteralMap.Builder b = LiteralMap.newBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      b.putLiterals((String) kv[i], (Literal) kv[i + 1]);
    }
    return b.build();
  }
}
