package io.aloft.engine.dynamic;

import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.FlyteWorkflowBuilder;
import io.aloft.crd.WorkflowClosureFields;
import io.aloft.crd.WorkflowSpec;
import io.aloft.engine.ExecutionContext;
import java.util.Collections;
import java.util.Map;

/**
 * A dynamic workflow ready to run: the compiled closure (what the node event reports to admin as
 * {@code DynamicWorkflowNodeMetadata.compiled_workflow}) and the resource form the engine executes, as Flyte's
 * {@code dynamicWorkflowContext} holds both.
 */
public final class CompiledDynamic {
  private final CompiledWorkflowClosure closure;
  private final FlyteWorkflow workflow;
  private final WorkflowClosureFields fields;
  private final Map<String, TaskTemplate> tasks;

  /**
   * @param closure the compiled closure
   * @param workflow the resource built from it (Flyte's {@code k8s.BuildFlyteWorkflow}), with spec, tasks and
   *     sub-workflows
   */
  CompiledDynamic(CompiledWorkflowClosure closure, FlyteWorkflow workflow) {
    this.closure = closure;
    this.workflow = workflow;
    this.fields = FlyteWorkflowBuilder.closureFields(workflow);
    this.tasks = Collections.unmodifiableMap(ExecutionContext.tasksOf(workflow));
  }

  /** The dynamic workflow's id: {@code dynamic_<nodeId>} in the execution's project and domain. */
  public Identifier id() {
    return closure.getPrimary().getTemplate().getId();
  }

  /** The compiled closure, as admin stores it for the node execution. */
  public CompiledWorkflowClosure closure() {
    return closure;
  }

  /** The primary workflow, with start and end nodes and edges. */
  public WorkflowSpec spec() {
    return fields.spec();
  }

  /** Sub-workflows by key, as {@code WorkflowNodeSpec.subWorkflowRef} names them. */
  public Map<String, WorkflowSpec> subWorkflows() {
    return fields.subWorkflows() == null ? Map.of() : Collections.unmodifiableMap(fields.subWorkflows());
  }

  /** Task templates by key, as {@code NodeSpec.task} names them. */
  public Map<String, TaskTemplate> tasks() {
    return tasks;
  }

  /** The resource form itself (what {@code futures_compiled.pb} holds). */
  FlyteWorkflow workflow() {
    return workflow;
  }
}
