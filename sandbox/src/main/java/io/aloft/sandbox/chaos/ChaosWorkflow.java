package io.aloft.sandbox.chaos;

import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.TaskOuterClass.TaskCreateRequest;
import flyteidl.admin.TaskOuterClass.TaskSpec;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.admin.WorkflowOuterClass.WorkflowSpec;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.BindingData;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.RetryStrategy;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Tasks.Container;
import flyteidl.core.Tasks.TaskMetadata;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.OutputReference;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.TaskNode;
import flyteidl.core.Workflow.WorkflowMetadata;
import flyteidl.core.Workflow.WorkflowTemplate;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;

/**
 * The workflow every chaos scenario runs, registered through admin as flytekit registers one: {@code n0}, a container
 * task (a pod) computing {@code y = x * 3 + 1}, then {@code n1}, an echo task (no pod) passing {@code y} on as the
 * workflow's output. Each execution gets its own {@code x}, so a wrong, swapped or lost output shows. No retries: a
 * second attempt of the pod's task would be work done twice.
 */
public final class ChaosWorkflow {
  public static final String PROJECT = "flytesnacks";
  public static final String DOMAIN = "development";
  static final String NAME = "chaos.wf";
  static final String VERSION = "v1";
  private static final LiteralType INT = LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build();

  private ChaosWorkflow() {}

  /** Registers the tasks, the workflow and its launch plan (again is fine); returns the launch plan's id. */
  public static Identifier register(AdminServiceBlockingStub admin) {
    TaskTemplate compute = TaskTemplate.newBuilder().setId(id(ResourceType.TASK, "chaos.compute"))
        .setType("python-task")
        .setMetadata(TaskMetadata.newBuilder().setRetries(RetryStrategy.newBuilder().setRetries(0)))
        .setInterface(io("x", "y"))
        // the arguments flytekit's default resolver gets, so the pod's runtime finds inputs and output prefix
        .setContainer(Container.newBuilder().setImage("chaos:latest").addAllArgs(List.of("pyflyte-execute",
            "--inputs", "{{.input}}", "--output-prefix", "{{.outputPrefix}}", "--raw-output-data-prefix",
            "{{.rawOutputDataPrefix}}", "--resolver", "flytekit.core.python_auto_container.default_task_resolver",
            "--", "task-module", "chaos", "task-name", "compute")))
        .build();
    TaskTemplate echo = TaskTemplate.newBuilder().setId(id(ResourceType.TASK, "chaos.pass")).setType("echo")
        .setMetadata(TaskMetadata.newBuilder().setRetries(RetryStrategy.newBuilder().setRetries(0)))
        .setInterface(io("y", "y")).build();
    Identifier wfId = id(ResourceType.WORKFLOW, NAME);
    WorkflowTemplate wf = WorkflowTemplate.newBuilder().setId(wfId).setInterface(io("x", "y"))
        .setMetadata(WorkflowMetadata.getDefaultInstance())
        .addNodes(Node.newBuilder().setId("n0").setTaskNode(TaskNode.newBuilder().setReferenceId(compute.getId()))
            .addInputs(Binding.newBuilder().setVar("x").setBinding(promise("start-node", "x"))))
        .addNodes(Node.newBuilder().setId("n1").setTaskNode(TaskNode.newBuilder().setReferenceId(echo.getId()))
            .addInputs(Binding.newBuilder().setVar("y").setBinding(promise("n0", "y"))))
        .addOutputs(Binding.newBuilder().setVar("y").setBinding(promise("n1", "y"))).build();
    Identifier lp = id(ResourceType.LAUNCH_PLAN, NAME);
    for (TaskTemplate t : List.of(compute, echo)) {
      existingIsFine(() -> admin.createTask(TaskCreateRequest.newBuilder().setId(t.getId())
          .setSpec(TaskSpec.newBuilder().setTemplate(t)).build()));
    }
    existingIsFine(() -> admin.createWorkflow(WorkflowCreateRequest.newBuilder().setId(wfId)
        .setSpec(WorkflowSpec.newBuilder().setTemplate(wf)).build()));
    existingIsFine(() -> admin.createLaunchPlan(LaunchPlanCreateRequest.newBuilder().setId(lp)
        .setSpec(LaunchPlanSpec.newBuilder().setWorkflowId(wfId)).build()));
    return lp;
  }

  /** The inputs of the execution given {@code x}. */
  public static LiteralMap inputs(long x) {
    return LiteralMap.newBuilder().putLiterals("x", integer(x)).build();
  }

  /** The workflow's correct output for {@code x}. */
  public static long expected(long x) {
    return x * 3 + 1;
  }

  /** What the pod of {@code n0} runs: its outputs for its inputs. */
  public static LiteralMap compute(LiteralMap inputs) {
    long x = inputs.getLiteralsOrThrow("x").getScalar().getPrimitive().getInteger();
    return LiteralMap.newBuilder().putLiterals("y", integer(expected(x))).build();
  }

  /** True when {@code outputs} are the workflow's correct outputs for {@code x}. */
  public static boolean correct(LiteralMap outputs, long x) {
    return outputs.getLiteralsCount() == 1 && outputs.containsLiterals("y")
        && outputs.getLiteralsOrThrow("y").equals(integer(expected(x)));
  }

  private static Identifier id(ResourceType type, String name) {
    return Identifier.newBuilder().setResourceType(type).setProject(PROJECT).setDomain(DOMAIN).setName(name)
        .setVersion(VERSION).build();
  }

  private static TypedInterface io(String in, String out) {
    return TypedInterface.newBuilder().setInputs(VariableMap.newBuilder()
        .putVariables(in, Variable.newBuilder().setType(INT).build()))
        .setOutputs(VariableMap.newBuilder().putVariables(out, Variable.newBuilder().setType(INT).build())).build();
  }

  private static BindingData promise(String node, String var) {
    return BindingData.newBuilder().setPromise(OutputReference.newBuilder().setNodeId(node).setVar(var)).build();
  }

  private static Literal integer(long v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v)))
        .build();
  }

  private static void existingIsFine(Runnable r) {
    try {
      r.run();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
    }
  }
}
