package io.aloft.admin.validation;

import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import io.aloft.admin.AdminException;

/**
 * Checks of execution, node execution and task execution identifiers (flyteadmin/pkg/manager/impl/validation/
 * execution_validator.go, node_execution_validator.go, task_execution_validator.go) and how messages show them.
 * Every check names the field by its path in the request, e.g. {@code missing event.id.execution_id.project}.
 */
public final class ExecutionIds {
  private ExecutionIds() {}

  /** Throws INVALID_ARGUMENT unless {@code present} and project, domain and name are set. */
  public static void workflow(boolean present, WorkflowExecutionIdentifier id, String field) {
    if (!present) {
      throw AdminException.invalid("missing " + field);
    }
    Validation.required(id.getProject(), field + ".project");
    Validation.required(id.getDomain(), field + ".domain");
    Validation.required(id.getName(), field + ".name");
    Validation.storable(id.getOrg(), field + ".org");
  }

  /** Throws INVALID_ARGUMENT unless {@code present}, with an execution id and a node id. */
  public static void node(boolean present, NodeExecutionIdentifier id, String field) {
    if (!present) {
      throw AdminException.invalid("missing " + field);
    }
    workflow(id.hasExecutionId(), id.getExecutionId(), field + ".execution_id");
    Validation.required(id.getNodeId(), field + ".node_id");
  }

  /** Throws INVALID_ARGUMENT unless {@code present}, with a node execution id and a full task id. */
  public static void task(boolean present, TaskExecutionIdentifier id, String field) {
    if (!present) {
      throw AdminException.invalid("missing " + field);
    }
    node(id.hasNodeExecutionId(), id.getNodeExecutionId(), field + ".node_execution_id");
    taskId(id.hasTaskId(), id.getTaskId(), field + ".task_id");
  }

  /** Throws INVALID_ARGUMENT unless {@code present} with project, domain, name and version. */
  public static void taskId(boolean present, Identifier id, String field) {
    if (!present) {
      throw AdminException.invalid("missing " + field);
    }
    Validation.required(id.getProject(), field + ".project");
    Validation.required(id.getDomain(), field + ".domain");
    Validation.required(id.getName(), field + ".name");
    Validation.required(id.getVersion(), field + ".version");
    Validation.storable(id.getOrg(), field + ".org");
  }

  /** project:domain:name. */
  public static String display(WorkflowExecutionIdentifier id) {
    return "[" + id.getProject() + ":" + id.getDomain() + ":" + id.getName() + "]";
  }

  /** project:domain:name:node. */
  public static String display(NodeExecutionIdentifier id) {
    WorkflowExecutionIdentifier e = id.getExecutionId();
    return "[" + e.getProject() + ":" + e.getDomain() + ":" + e.getName() + ":" + id.getNodeId() + "]";
  }

  /** project:domain:name:node, task project:domain:name:version, attempt. */
  public static String display(TaskExecutionIdentifier id) {
    Identifier t = id.getTaskId();
    return display(id.getNodeExecutionId()).replace("]", "") + " task " + t.getProject() + ":" + t.getDomain() + ":"
        + t.getName() + ":" + t.getVersion() + " attempt " + Integer.toUnsignedString(id.getRetryAttempt()) + "]";
  }

  /** The task execution an event reports. */
  public static TaskExecutionIdentifier of(flyteidl.event.Event.TaskExecutionEvent ev) {
    return TaskExecutionIdentifier.newBuilder().setTaskId(ev.getTaskId())
        .setNodeExecutionId(ev.getParentNodeExecutionId()).setRetryAttempt(ev.getRetryAttempt()).build();
  }
}
