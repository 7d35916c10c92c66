package io.aloft.admin.manager;

import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.TaskOuterClass.Task;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.admin.WorkflowOuterClass.WorkflowSpec;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.BindingData;
import flyteidl.core.Literals.RetryStrategy;
import flyteidl.core.Types.OutputReference;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.NodeMetadata;
import flyteidl.core.Workflow.TaskNode;
import flyteidl.core.Workflow.WorkflowTemplate;
import io.aloft.admin.AdminException;
import io.aloft.admin.entity.TaskEntity;
import io.aloft.admin.entity.VersionedEntity;
import io.aloft.crd.UniqueIds;
import io.grpc.Status;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.TreeSet;

/**
 * Single-task executions (flyteadmin/pkg/manager/impl/util/single_task_execution.go): a task is launched through a
 * generated workflow {@code .flytegen.<task name>} with one node running the task, and a launch plan of the same
 * name, both registered on first use (under the task's version) and reused afterwards.
 */
@ApplicationScoped
public class SingleTaskLaunch {
  static final String PREFIX = ".flytegen.";
  /** Node retries when the task declares none (FlyteAdmin's defaultRetryStrategy). */
  static final int DEFAULT_RETRIES = 3;

  @Inject
  TaskManager tasks;

  @Inject
  WorkflowManager workflows;

  @Inject
  LaunchPlanManager launchPlans;

  @Inject
  EntityManager em;

  @Inject
  NamedEntityManager namedEntities;

  /** The generated launch plan for task {@code taskId}, registering it and its workflow if needed. */
  public LaunchPlan launchPlanFor(Identifier taskId, ExecutionSpec requested) {
    Task task = tasks.get(taskId.toBuilder().setResourceType(ResourceType.TASK).build());
    Identifier wfId = taskId.toBuilder().setResourceType(ResourceType.WORKFLOW).setName(PREFIX + taskId.getName())
        .build();
    Identifier lpId = wfId.toBuilder().setResourceType(ResourceType.LAUNCH_PLAN).build();
    if (ignoreExisting(() -> workflows.create(WorkflowCreateRequest.newBuilder().setId(wfId)
        .setSpec(WorkflowSpec.newBuilder().setTemplate(workflowFor(task, wfId))).build()))) {
      systemGenerated(ResourceType.WORKFLOW, wfId);
    }
    LaunchPlanSpec.Builder lpSpec = LaunchPlanSpec.newBuilder().setWorkflowId(wfId);
    if (requested.hasSecurityContext()) {
      lpSpec.setSecurityContext(requested.getSecurityContext());
    }
    if (ignoreExisting(() -> launchPlans.create(LaunchPlanCreateRequest.newBuilder().setId(lpId).setSpec(lpSpec)
        .build()))) {
      systemGenerated(ResourceType.LAUNCH_PLAN, lpId);
    }
    return launchPlans.get(lpId);
  }

  /** The row id of task {@code taskId} (needs a transaction). */
  Long taskRowId(Identifier taskId) {
    TaskEntity row = VersionedEntity.find(em, TaskEntity.class, taskId);
    return row == null ? null : row.id;
  }

  /** The generated workflow: one node bound to every workflow input, the workflow's outputs bound to it. */
  static WorkflowTemplate workflowFor(Task task, Identifier wfId) {
    var template = task.getClosure().getCompiledTask().getTemplate();
    TypedInterface iface = template.getInterface();
    String nodeId = nodeIdFor(task.getId().getName());
    RetryStrategy retries = template.getMetadata().hasRetries() ? template.getMetadata().getRetries()
        : RetryStrategy.newBuilder().setRetries(DEFAULT_RETRIES).build();
    Node node = Node.newBuilder().setId(nodeId)
        .setMetadata(NodeMetadata.newBuilder().setName(nodeId).setRetries(retries))
        .addAllInputs(() -> bindings(iface.getInputs(), "").iterator())
        .setTaskNode(TaskNode.newBuilder().setReferenceId(task.getId()))
        .build();
    return WorkflowTemplate.newBuilder().setId(wfId).setInterface(iface).addNodes(node)
        .addAllOutputs(() -> bindings(iface.getOutputs(), nodeId).iterator()).build();
  }

  /** The node id FlyteAdmin derives from a task name: its letters, digits and '-', shortened to 20 by hash. */
  static String nodeIdFor(String taskName) {
    StringBuilder sb = new StringBuilder();
    taskName.codePoints().filter(c -> c == '-' || Character.isLetter(c) || Character.isDigit(c))
        .forEach(sb::appendCodePoint);
    return UniqueIds.fixedLength(sb.toString(), 20);
  }

  private static java.util.List<Binding> bindings(VariableMap vars, String nodeId) {
    return new TreeSet<>(vars.getVariablesMap().keySet()).stream().map(name -> Binding.newBuilder().setVar(name)
        .setBinding(BindingData.newBuilder().setPromise(OutputReference.newBuilder().setNodeId(nodeId)
            .setVar(name))).build()).toList();
  }

  /** Runs {@code create}; true if it created, false if the entity already existed. */
  private static boolean ignoreExisting(Runnable create) {
    try {
      create.run();
      return true;
    } catch (AdminException e) {
      if (e.code() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
      return false;
    } catch (io.grpc.StatusRuntimeException e) { // CreateWorkflow's conflicts carry status details
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
      return false;
    }
  }

  /** Marks a generated name SYSTEM_GENERATED, which hides it from workflow listings (as FlyteAdmin does). */
  private void systemGenerated(ResourceType type, Identifier id) {
    namedEntities.update(flyteidl.admin.Common.NamedEntityUpdateRequest.newBuilder().setResourceType(type)
        .setId(flyteidl.admin.Common.NamedEntityIdentifier.newBuilder().setProject(id.getProject())
            .setDomain(id.getDomain()).setName(id.getName()).setOrg(id.getOrg()))
        .setMetadata(flyteidl.admin.Common.NamedEntityMetadata.newBuilder()
            .setState(flyteidl.admin.Common.NamedEntityState.SYSTEM_GENERATED)).build());
  }
}
