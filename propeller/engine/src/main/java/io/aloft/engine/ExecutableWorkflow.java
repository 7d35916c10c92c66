package io.aloft.engine;

import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.crd.WorkflowSpec;
import java.util.Map;

/**
 * The workflow as the engine reads it (flytepropeller's executors.ExecutableWorkflow, reduced): its DAG, the
 * sub-workflows its workflow nodes run and the tasks its task nodes run. Read-only. A dynamic node layers the
 * workflow it compiled over its parent's ({@link #layered}).
 */
public interface ExecutableWorkflow {
  /** The primary workflow. */
  WorkflowSpec primary();

  /** The sub-workflow {@code ref} ({@code NodeSpec.workflow.subWorkflowRef}); null when the workflow has none. */
  WorkflowSpec subWorkflow(String ref);

  /** The task {@code key} ({@code NodeSpec.task}); null when the workflow has none. */
  TaskTemplate task(String key);

  /** A workflow of {@code spec}, {@code subWorkflows} and {@code tasks}. */
  static ExecutableWorkflow of(WorkflowSpec spec, Map<String, WorkflowSpec> subWorkflows,
      Map<String, TaskTemplate> tasks) {
    Map<String, WorkflowSpec> subs = subWorkflows == null ? Map.of() : subWorkflows;
    Map<String, TaskTemplate> ts = tasks == null ? Map.of() : tasks;
    return new ExecutableWorkflow() {
      @Override
      public WorkflowSpec primary() {
        return spec;
      }

      @Override
      public WorkflowSpec subWorkflow(String ref) {
        return ref == null ? null : subs.get(ref);
      }

      @Override
      public TaskTemplate task(String key) {
        return key == null ? null : ts.get(key);
      }
    };
  }

  /**
   * {@code inner} (a dynamic node's compiled workflow) whose sub-workflows and tasks are looked up first, then
   * {@code outer}'s (Flyte's contextual workflow of a dynamic node).
   */
  static ExecutableWorkflow layered(ExecutableWorkflow inner, ExecutableWorkflow outer) {
    return new ExecutableWorkflow() {
      @Override
      public WorkflowSpec primary() {
        return inner.primary();
      }

      @Override
      public WorkflowSpec subWorkflow(String ref) {
        WorkflowSpec s = inner.subWorkflow(ref);
        return s != null ? s : outer.subWorkflow(ref);
      }

      @Override
      public TaskTemplate task(String key) {
        TaskTemplate t = inner.task(key);
        return t != null ? t : outer.task(key);
      }
    };
  }
}
