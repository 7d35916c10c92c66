package io.aloft.compiler;

import flyteidl.core.Compiler.CompiledTask;
import flyteidl.core.Compiler.CompiledWorkflow;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.WorkflowTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a flyteidl workflow and compiles it, with its sub-workflows, into a {@link CompiledWorkflowClosure}:
 * the template with start and end nodes, the upstream/downstream connections propeller traverses, and the
 * tasks, sub-workflows and launch plans it needs. Every problem is reported at once in a
 * {@link CompilationException}. Mirrors Flyte's {@code compiler.CompileWorkflow}
 * (flytepropeller/pkg/compiler/workflow_compiler.go). Pure Java: admin calls it at registration, propeller for
 * dynamic workflows.
 */
public final class WorkflowCompiler {
  /** The sentinel node whose outputs are the workflow's inputs. */
  public static final String START_NODE = "start-node";
  /** The sentinel node whose inputs are the workflow's outputs. */
  public static final String END_NODE = "end-node";

  private WorkflowCompiler() {}

  /**
   * Compiles {@code primary}.
   *
   * @param subWorkflows every workflow template a workflow node of {@code primary} (or of a sub-workflow) may
   *     reference; unreferenced ones are carried into the closure uncompiled, as Flyte does
   * @param tasks every task template referenced (duplicates by id are ignored)
   * @param launchPlans interfaces of the launch plans that workflow nodes call (used for checking only)
   * @throws CompilationException listing every problem found
   */
  public static CompiledWorkflowClosure compile(WorkflowTemplate primary, List<WorkflowTemplate> subWorkflows,
      List<TaskTemplate> tasks, List<LaunchPlanInterface> launchPlans) throws CompilationException {
    Errors errs = new Errors();
    if (primary == null) {
      errs.add(ErrorCode.VALUE_REQUIRED, "root", "Value required [wf].");
      throw new CompilationException(errs.list());
    }
    Map<String, TaskTemplate> taskIndex = new LinkedHashMap<>();
    for (TaskTemplate t : tasks) {
      if (!t.hasId()) {
        errs.add(ErrorCode.VALUE_REQUIRED, "task", "Value required [Template.Id].");
        throw new CompilationException(errs.list());
      }
      taskIndex.putIfAbsent(Ids.key(t.getId()), t);
    }
    Map<String, WorkflowTemplate> workflowIndex = new LinkedHashMap<>();
    for (WorkflowTemplate w : subWorkflows) {
      if (workflowIndex.putIfAbsent(Ids.key(w.getId()), w) != null) {
        errs.add(ErrorCode.DUPLICATE_NODE_ID, Ids.display(w.getId()),
            "Sub-workflow [" + Ids.display(w.getId()) + "] is given twice.");
      }
    }
    Map<String, LaunchPlanInterface> launchPlanIndex = new LinkedHashMap<>();
    for (LaunchPlanInterface lp : launchPlans) {
      launchPlanIndex.putIfAbsent(Ids.key(lp.id()), lp);
    }
    if (errs.any()) {
      throw new CompilationException(errs.list());
    }

    Context ctx = new Context(taskIndex, workflowIndex, launchPlanIndex);
    // Missing references end compilation early: nothing below could be checked meaningfully without them.
    requireReferences(primary, ctx, errs);
    if (errs.any()) {
      throw new CompilationException(errs.list());
    }

    CompiledWorkflow compiled = new WorkflowBuilder(primary, ctx, errs).build();
    if (errs.any() || compiled == null) {
      throw new CompilationException(errs.list());
    }

    CompiledWorkflowClosure.Builder closure = CompiledWorkflowClosure.newBuilder().setPrimary(compiled);
    for (WorkflowTemplate w : workflowIndex.values()) {
      CompiledWorkflow sub = ctx.compiledSubWorkflows.get(Ids.key(w.getId()));
      closure.addSubWorkflows(sub != null ? sub : CompiledWorkflow.newBuilder().setTemplate(w).build());
    }
    taskIndex.values().forEach(t -> closure.addTasks(CompiledTask.newBuilder().setTemplate(t)));
    // FlyteAdmin's closures carry no launch_plans: the called launch plans stay admin entities, fetched at run time.
    return closure.build();
  }

  /**
   * Validates a task template as Flyte's {@code compiler.CompileTask} does before admin stores it: it needs an id
   * and a type, and every interface variable needs a type.
   *
   * @throws CompilationException listing every problem found
   */
  public static CompiledTask compileTask(TaskTemplate task) throws CompilationException {
    Errors errs = new Errors();
    if (!task.hasId()) {
      errs.add(ErrorCode.VALUE_REQUIRED, "task", "Value required [Template.Id].");
    }
    if (task.getType().isEmpty()) {
      errs.add(ErrorCode.VALUE_REQUIRED, "task", "Value required [Template.Type].");
    }
    for (var vars : List.of(task.getInterface().getInputs(), task.getInterface().getOutputs())) {
      vars.getVariablesMap().forEach((name, v) -> {
        if (!v.hasType()) {
          errs.add(ErrorCode.VALUE_REQUIRED, "task", "Value required [" + name + ".Type].");
        }
      });
    }
    if (errs.any()) {
      throw new CompilationException(errs.list());
    }
    return CompiledTask.newBuilder().setTemplate(task).build();
  }

  /** The tasks and launch plans a workflow and the sub-workflows it calls reference, each once, in order. */
  public record Requirements(List<Identifier> tasks, List<Identifier> launchPlans) {}

  /**
   * What must be loaded before {@link #compile}: every task and launch plan {@code primary} references, through
   * branches, array nodes, its failure node and the {@code subWorkflows} it calls (Flyte's GetRequirements).
   */
  public static Requirements requirements(WorkflowTemplate primary, List<WorkflowTemplate> subWorkflows) {
    Map<String, WorkflowTemplate> workflows = new LinkedHashMap<>();
    subWorkflows.forEach(w -> workflows.putIfAbsent(Ids.key(w.getId()), w));
    Map<String, Identifier> tasks = new LinkedHashMap<>();
    Map<String, Identifier> launchPlans = new LinkedHashMap<>();
    collectReferences(primary, workflows, new LinkedHashSet<>(), tasks, launchPlans);
    return new Requirements(List.copyOf(tasks.values()), List.copyOf(launchPlans.values()));
  }

  /** Reports every task and launch plan that {@code wf} or its sub-workflows reference but nobody supplied. */
  private static void requireReferences(WorkflowTemplate wf, Context ctx, Errors errs) {
    Map<String, Identifier> tasks = new LinkedHashMap<>();
    Map<String, Identifier> launchPlans = new LinkedHashMap<>();
    collectReferences(wf, ctx.workflows, new LinkedHashSet<>(), tasks, launchPlans);
    launchPlans.forEach((key, lp) -> {
      if (!ctx.launchPlans.containsKey(key) && !key.equals(Ids.key(wf.getId()))) {
        errs.add(ErrorCode.WORKFLOW_REFERENCE_NOT_FOUND, START_NODE, "Referenced Workflow [" + Ids.display(lp)
            + "] not found.");
      }
    });
    tasks.forEach((key, t) -> {
      if (!ctx.tasks.containsKey(key)) {
        errs.add(ErrorCode.TASK_REFERENCE_NOT_FOUND, START_NODE, "Referenced Task [" + Ids.display(t)
            + "] not found.");
      }
    });
  }

  private static void collectReferences(WorkflowTemplate wf, Map<String, WorkflowTemplate> workflows,
      Set<String> seenWorkflows, Map<String, Identifier> tasks, Map<String, Identifier> launchPlans) {
    if (!seenWorkflows.add(Ids.key(wf.getId()))) {
      return;
    }
    List<Node> nodes = new ArrayList<>(wf.getNodesList());
    if (wf.hasFailureNode()) {
      nodes.add(wf.getFailureNode());
    }
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      if (n.hasTaskNode() && n.getTaskNode().hasReferenceId()) {
        tasks.putIfAbsent(Ids.key(n.getTaskNode().getReferenceId()), n.getTaskNode().getReferenceId());
      } else if (n.hasWorkflowNode() && n.getWorkflowNode().hasLaunchplanRef()) {
        launchPlans.putIfAbsent(Ids.key(n.getWorkflowNode().getLaunchplanRef()), n.getWorkflowNode().getLaunchplanRef());
      } else if (n.hasWorkflowNode() && n.getWorkflowNode().hasSubWorkflowRef()) {
        WorkflowTemplate sub = workflows.get(Ids.key(n.getWorkflowNode().getSubWorkflowRef()));
        if (sub != null) {
          collectReferences(sub, workflows, seenWorkflows, tasks, launchPlans);
        }
      } else if (n.hasBranchNode()) {
        var ifElse = n.getBranchNode().getIfElse();
        if (ifElse.hasCase() && ifElse.getCase().hasThenNode()) {
          nodes.add(ifElse.getCase().getThenNode());
        }
        ifElse.getOtherList().stream().filter(b -> b.hasThenNode()).forEach(b -> nodes.add(b.getThenNode()));
        if (ifElse.hasElseNode()) {
          nodes.add(ifElse.getElseNode());
        }
      } else if (n.hasArrayNode() && n.getArrayNode().hasNode()) {
        nodes.add(n.getArrayNode().getNode());
      }
    }
  }

  /** What every workflow of one compilation shares. */
  static final class Context {
    final Map<String, TaskTemplate> tasks;
    final Map<String, WorkflowTemplate> workflows;
    final Map<String, LaunchPlanInterface> launchPlans;
    final Map<String, CompiledWorkflow> compiledSubWorkflows = new LinkedHashMap<>();
    final Set<String> compiling = new LinkedHashSet<>();

    Context(Map<String, TaskTemplate> tasks, Map<String, WorkflowTemplate> workflows,
        Map<String, LaunchPlanInterface> launchPlans) {
      this.tasks = tasks;
      this.workflows = workflows;
      this.launchPlans = launchPlans;
    }
  }

  /** Collects errors in order, each once (Flyte's CompileErrors is a set too). */
  static final class Errors {
    private final List<CompileError> list = new ArrayList<>();
    private final Set<CompileError> seen = new java.util.HashSet<>();

    void add(ErrorCode code, String nodeId, String description) {
      CompileError e = new CompileError(code, nodeId, description);
      if (seen.add(e)) {
        list.add(e);
      }
    }

    boolean any() {
      return !list.isEmpty();
    }

    int size() {
      return list.size();
    }

    List<CompileError> list() {
      return List.copyOf(list);
    }
  }
}
