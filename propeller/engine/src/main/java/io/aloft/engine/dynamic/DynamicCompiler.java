package io.aloft.engine.dynamic;

import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.DynamicJob.DynamicJobSpec;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Workflow.WorkflowTemplate;
import io.aloft.compiler.CompilationException;
import io.aloft.compiler.LaunchPlanInterface;
import io.aloft.compiler.WorkflowCompiler;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.FlyteWorkflowBuilder;
import io.aloft.engine.dynamic.DynamicWorkflowException.Kind;
import io.aloft.engine.remote.RemoteException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles a dynamic task's futures ({@code core.DynamicJobSpec}) into the workflow the dynamic node runs, as Flyte's
 * dynamic handler does (flytepropeller/pkg/controller/nodes/dynamic/dynamic_workflow.go
 * {@code buildDynamicWorkflowTemplate} and {@code buildDynamicWorkflow}, utils.go): build a workflow template from the
 * spec's nodes and outputs, compile the spec's tasks, fetch the interfaces of the launch plans it calls, compile the
 * whole with the spec's sub-workflows, and build the resource form. Stateless; {@link DynamicWorkflows} adds the
 * storage cache.
 */
public final class DynamicCompiler {
  /** Flyte's {@code dynamicWfNameTemplate}. */
  static final String NAME_PREFIX = "dynamic_";
  /** The alphabet of the version Flyte draws with k8s {@code rand.String(10)}. */
  private static final String VERSION_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final int VERSION_LENGTH = 10;

  private DynamicCompiler() {}

  /**
   * Compiles {@code spec}, written by {@code parent}'s task, calling {@code launchPlans} once for each launch plan a
   * node of the spec (or of one of its sub-workflows) references.
   *
   * @throws DynamicWorkflowException USER for a spec that does not compile (every compiler problem listed), a task
   *     that does not compile, or a launch plan admin does not know; SYSTEM when admin cannot be reached or the
   *     compiled workflow cannot be turned into its resource form
   */
  public static CompiledDynamic compile(DynamicJobSpec spec, DynamicParent parent, LaunchPlanSource launchPlans)
      throws DynamicWorkflowException {
    WorkflowTemplate template = template(spec, parent);
    List<TaskTemplate> tasks = tasks(spec, parent.task());

    WorkflowCompiler.Requirements required = WorkflowCompiler.requirements(template, spec.getSubworkflowsList());
    List<LaunchPlanInterface> interfaces = new ArrayList<>();
    for (Identifier id : required.launchPlans()) {
      interfaces.add(launchPlanInterface(id, launchPlans));
    }

    CompiledWorkflowClosure closure;
    try {
      closure = WorkflowCompiler.compile(template, spec.getSubworkflowsList(), tasks, interfaces);
    } catch (CompilationException e) {
      throw DynamicWorkflowException.compile(Kind.USER, "malformed dynamic workflow", e.errors(), e);
    }
    FlyteWorkflow workflow;
    try {
      // As Flyte's k8s.BuildFlyteWorkflow(closure, &core.LiteralMap{}, nil, ""): no inputs, no execution, no namespace.
      workflow = FlyteWorkflowBuilder.build(closure, LiteralMap.getDefaultInstance(), null, "");
    } catch (CompilationException e) {
      throw DynamicWorkflowException.compile(Kind.SYSTEM, "failed to build workflow", e.errors(), e);
    }
    return new CompiledDynamic(closure, workflow);
  }

  /**
   * The dynamic workflow's template (Flyte's {@code buildDynamicWorkflowTemplate}): the spec's nodes and output
   * bindings as they are, the parent task's outputs (not its inputs: every input is already bound in the spec), and
   * the id {@code <project>:<domain>:dynamic_<nodeId>:<version>}.
   */
  static WorkflowTemplate template(DynamicJobSpec spec, DynamicParent parent) {
    // An empty inputs map rather than none: Flyte's compiler (validators/interface.go ValidateInterface) fills in a
    // missing map, and k8s.BuildFlyteWorkflow requires the inputs map; Aloft's compiler keeps the interface as given.
    TypedInterface iface = TypedInterface.newBuilder().setInputs(VariableMap.getDefaultInstance())
        .setOutputs(parent.task().getInterface().getOutputs()).build();
    Identifier id = Identifier.newBuilder().setResourceType(ResourceType.WORKFLOW)
        .setProject(parent.execution().getProject()).setDomain(parent.execution().getDomain())
        .setName(NAME_PREFIX + parent.nodeId()).setVersion(version(parent)).build();
    return WorkflowTemplate.newBuilder().setId(id).setInterface(iface).addAllNodes(spec.getNodesList())
        .addAllOutputs(spec.getOutputsList()).build();
  }

  /**
   * The workflow's version. Flyte draws 10 random characters; the same characters derived from the execution, node
   * and attempt keep the id as unique, and a recompile (after a lost cache) names the workflow as before.
   */
  static String version(DynamicParent parent) {
    String key = String.join("\n", parent.execution().getProject(), parent.execution().getDomain(),
        parent.execution().getName(), parent.nodeId(), Integer.toString(parent.attempt()));
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    StringBuilder sb = new StringBuilder(VERSION_LENGTH);
    for (int i = 0; i < VERSION_LENGTH; i++) {
      sb.append(VERSION_ALPHABET.charAt((hash[i] & 0xff) % VERSION_ALPHABET.length()));
    }
    return sb.toString();
  }

  /**
   * The spec's tasks, each validated once by id (Flyte's {@code compileTasks}), with the parent's container config
   * appended to every container task's, so children inherit what the parent was configured with.
   */
  static List<TaskTemplate> tasks(DynamicJobSpec spec, TaskTemplate parent) throws DynamicWorkflowException {
    List<TaskTemplate> out = new ArrayList<>();
    Set<Identifier> seen = new LinkedHashSet<>();
    for (TaskTemplate t : spec.getTasksList()) {
      if (!seen.add(t.getId())) {
        continue;
      }
      TaskTemplate task = t;
      if (t.hasContainer() && parent.hasContainer()) {
        task = t.toBuilder().setContainer(t.getContainer().toBuilder()
            .addAllConfig(parent.getContainer().getConfigList())).build();
      }
      try {
        out.add(WorkflowCompiler.compileTask(task).getTemplate());
      } catch (CompilationException e) {
        throw DynamicWorkflowException.compile(Kind.USER, "failed to compile dynamic tasks", e.errors(), e);
      }
    }
    return out;
  }

  /** Flyte's {@code getLaunchPlanInterfaces} and {@code compiler.NewLaunchPlanInterfaceProvider} for one id. */
  private static LaunchPlanInterface launchPlanInterface(Identifier id, LaunchPlanSource source)
      throws DynamicWorkflowException {
    LaunchPlan lp;
    try {
      lp = source.launchPlan(id);
    } catch (RemoteException e) {
      if (e.kind() == RemoteException.Kind.SYSTEM) {
        throw DynamicWorkflowException.system("unable to retrieve launchplan information " + display(id), e);
      }
      throw DynamicWorkflowException.user("incorrectly specified launchplan " + display(id), e);
    }
    return new LaunchPlanInterface(lp.getId(), lp.getClosure().getExpectedInputs(),
        lp.getClosure().getExpectedOutputs());
  }

  private static String display(Identifier id) {
    return id.getProject() + ":" + id.getDomain() + ":" + id.getName() + ":" + id.getVersion();
  }
}
