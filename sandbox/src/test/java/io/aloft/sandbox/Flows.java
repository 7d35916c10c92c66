package io.aloft.sandbox;

import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.ExecutionOuterClass.ExecutionCreateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.admin.ProjectOuterClass.ProjectRegisterRequest;
import flyteidl.admin.TaskOuterClass.TaskCreateRequest;
import flyteidl.admin.TaskOuterClass.TaskSpec;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.admin.WorkflowOuterClass.WorkflowSpec;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.BindingData;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.OutputReference;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.NodeMetadata;
import flyteidl.core.Workflow.TaskNode;
import flyteidl.core.Workflow.WorkflowMetadata;
import flyteidl.core.Workflow.WorkflowTemplate;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Registers hand-built tasks, workflows and launch plans with admin and launches them, as flytekit would. */
final class Flows {
  static final String PROJECT = "flytesnacks";
  static final String DOMAIN = "development";
  static final LiteralType INT = LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build();
  static final LiteralType STRING = LiteralType.newBuilder().setSimple(SimpleType.STRING).build();

  private Flows() {}

  static LiteralType listOf(LiteralType t) {
    return LiteralType.newBuilder().setCollectionType(t).build();
  }

  static Identifier id(ResourceType type, String name, String version) {
    return Identifier.newBuilder().setResourceType(type).setProject(PROJECT).setDomain(DOMAIN).setName(name)
        .setVersion(version).build();
  }

  static VariableMap vars(Map<String, LiteralType> vars) {
    VariableMap.Builder vm = VariableMap.newBuilder();
    vars.forEach((k, v) -> vm.putVariables(k, Variable.newBuilder().setType(v).build()));
    return vm.build();
  }

  static BindingData promise(String node, String var) {
    return BindingData.newBuilder().setPromise(OutputReference.newBuilder().setNodeId(node).setVar(var)).build();
  }

  static Literals.Literal integer(long v) {
    return Literals.Literal.newBuilder().setScalar(Literals.Scalar.newBuilder()
        .setPrimitive(Literals.Primitive.newBuilder().setInteger(v))).build();
  }

  static Literals.Literal string(String v) {
    return Literals.Literal.newBuilder().setScalar(Literals.Scalar.newBuilder()
        .setPrimitive(Literals.Primitive.newBuilder().setStringValue(v))).build();
  }

  static Literals.Literal list(Literals.Literal... items) {
    return Literals.Literal.newBuilder().setCollection(Literals.LiteralCollection.newBuilder()
        .addAllLiterals(List.of(items))).build();
  }

  static void ensureProject(AdminServiceBlockingStub admin) {
    existingIsFine(() -> admin.registerProject(ProjectRegisterRequest.newBuilder()
        .setProject(Project.newBuilder().setId(PROJECT).setName("Flyte Snacks")).build()));
  }

  static void existingIsFine(Runnable r) {
    try {
      r.run();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
    }
  }

  /** A workflow under construction: task nodes over registered tasks. */
  static final class Wf {
    final String name;
    final String version;
    final Map<String, LiteralType> inputs = new LinkedHashMap<>();
    final Map<String, LiteralType> outputTypes = new LinkedHashMap<>();
    final List<Binding> outputs = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();
    final Map<String, TaskTemplate> tasks = new LinkedHashMap<>();

    Wf(String name, String version) {
      this.name = name;
      this.version = version;
    }

    Wf input(String n, LiteralType t) {
      inputs.put(n, t);
      return this;
    }

    Wf output(String n, LiteralType t, BindingData b) {
      outputTypes.put(n, t);
      outputs.add(Binding.newBuilder().setVar(n).setBinding(b).build());
      return this;
    }

    Wf node(String nodeId, TaskTemplate task, Map<String, BindingData> bindings, NodeMetadata meta) {
      tasks.put(task.getId().getName(), task);
      Node.Builder n = Node.newBuilder().setId(nodeId).setTaskNode(TaskNode.newBuilder()
          .setReferenceId(task.getId()));
      if (meta != null) {
        n.setMetadata(meta);
      }
      bindings.forEach((k, v) -> n.addInputs(Binding.newBuilder().setVar(k).setBinding(v)));
      nodes.add(n.build());
      return this;
    }

    /** Registers the tasks, the workflow and a default launch plan of the same name; returns the launch plan id. */
    Identifier register(AdminServiceBlockingStub admin) {
      ensureProject(admin);
      tasks.values().forEach(t -> existingIsFine(() -> admin.createTask(TaskCreateRequest.newBuilder()
          .setId(t.getId()).setSpec(TaskSpec.newBuilder().setTemplate(t)).build())));
      Identifier wfId = id(ResourceType.WORKFLOW, name, version);
      WorkflowTemplate template = WorkflowTemplate.newBuilder().setId(wfId)
          .setInterface(TypedInterface.newBuilder().setInputs(vars(inputs)).setOutputs(vars(outputTypes)))
          .addAllNodes(nodes).addAllOutputs(outputs).setMetadata(WorkflowMetadata.getDefaultInstance()).build();
      existingIsFine(() -> admin.createWorkflow(WorkflowCreateRequest.newBuilder().setId(wfId)
          .setSpec(WorkflowSpec.newBuilder().setTemplate(template)).build()));
      Identifier lp = id(ResourceType.LAUNCH_PLAN, name, version);
      existingIsFine(() -> admin.createLaunchPlan(LaunchPlanCreateRequest.newBuilder().setId(lp)
          .setSpec(LaunchPlanSpec.newBuilder().setWorkflowId(wfId)).build()));
      return lp;
    }
  }

  /** Launches {@code lp} as execution {@code name}. */
  static WorkflowExecutionIdentifier launch(AdminServiceBlockingStub admin, Identifier lp, String name,
      LiteralMap inputs, int maxParallelism) {
    ExecutionSpec.Builder spec = ExecutionSpec.newBuilder().setLaunchPlan(lp);
    if (maxParallelism > 0) {
      spec.setMaxParallelism(maxParallelism);
    }
    return admin.createExecution(ExecutionCreateRequest.newBuilder().setProject(PROJECT).setDomain(DOMAIN)
        .setName(name).setSpec(spec).setInputs(inputs).build()).getId();
  }

  /** Waits until the execution is terminal; returns its phase. */
  static WorkflowExecution.Phase await(AdminServiceBlockingStub admin, WorkflowExecutionIdentifier id,
      Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    WorkflowExecution.Phase phase = WorkflowExecution.Phase.UNDEFINED;
    while (Instant.now().isBefore(deadline)) {
      phase = admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(id).build()).getClosure()
          .getPhase();
      if (phase == WorkflowExecution.Phase.SUCCEEDED || phase == WorkflowExecution.Phase.FAILED
          || phase == WorkflowExecution.Phase.ABORTED || phase == WorkflowExecution.Phase.TIMED_OUT) {
        return phase;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("execution " + id.getName() + " still " + phase + " after " + timeout);
  }

  static NamedEntityIdentifier named(String name) {
    return NamedEntityIdentifier.newBuilder().setProject(PROJECT).setDomain(DOMAIN).setName(name).build();
  }
}
