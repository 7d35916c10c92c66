package io.aloft.propeller.plugin.pod;

import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.KeyValuePair;
import flyteidl.core.Tasks;
import flyteidl.core.Tasks.Resources.ResourceEntry;
import flyteidl.core.Tasks.Resources.ResourceName;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.crd.ExecutionConfig;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.NodeSpec;
import io.aloft.crd.WorkflowSpec;
import io.aloft.engine.data.BlobStore;
import io.aloft.engine.data.DataLayout;
import io.aloft.engine.plugin.PluginTransition;
import io.aloft.engine.plugin.TaskExecutionContext;
import io.aloft.engine.plugin.TaskPhase;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Task execution contexts built by hand, as the engine's TaskHandler builds them. */
final class TaskContexts {
  static final String PROJECT = "flytesnacks";
  static final String DOMAIN = "development";
  static final String BASE = "s3://aloft-test";
  static final String RAW = "s3://aloft-test/raw";

  private TaskContexts() {}

  /** A flytekit python task as {@code pyflyte register} makes it. */
  static TaskTemplate pythonTask(String name) {
    return TaskTemplate.newBuilder()
        .setId(Identifier.newBuilder().setResourceType(ResourceType.TASK).setProject(PROJECT).setDomain(DOMAIN)
            .setName(name).setVersion("v1"))
        .setType("python-task")
        .setContainer(Tasks.Container.newBuilder().setImage("ghcr.io/flyteorg/flytekit:py3.11-1.16.5")
            .addAllArgs(List.of("pyflyte-execute", "--inputs", "{{.input}}", "--output-prefix", "{{.outputPrefix}}",
                "--raw-output-data-prefix", "{{.rawOutputDataPrefix}}", "--checkpoint-path",
                "{{.checkpointOutputPrefix}}", "--prev-checkpoint", "{{.prevCheckpointPrefix}}", "--resolver",
                "flytekit.core.python_auto_container.default_task_resolver", "--", "task-module", "wf", "task-name",
                name))
            .addEnv(KeyValuePair.newBuilder().setKey("FOO").setValue("bar"))
            .setResources(Tasks.Resources.newBuilder()
                .addRequests(ResourceEntry.newBuilder().setName(ResourceName.CPU).setValue("100m"))
                .addRequests(ResourceEntry.newBuilder().setName(ResourceName.MEMORY).setValue("64Mi"))
                .addLimits(ResourceEntry.newBuilder().setName(ResourceName.MEMORY).setValue("128Mi"))))
        .build();
  }

  /** A workflow resource as admin creates it (the fields the plugin reads). */
  static FlyteWorkflow workflow(String namespace, String execName) {
    FlyteWorkflow wf = new FlyteWorkflow();
    wf.getMetadata().setNamespace(namespace);
    wf.getMetadata().setName(execName);
    wf.getMetadata().setLabels(Map.of("execution-id", execName, "workflow-name", "wf", "project", PROJECT,
        "domain", DOMAIN, "team", "data"));
    wf.getMetadata().setAnnotations(Map.of("owner", "tests"));
    wf.executionId = new FlyteWorkflow.ExecutionId(PROJECT, DOMAIN, execName, null);
    wf.serviceAccountName = "task-runner";
    wf.spec = new WorkflowSpec();
    wf.spec.id = PROJECT + ":" + DOMAIN + ":wf";
    wf.executionConfig = new ExecutionConfig();
    wf.executionConfig.environmentVariables = Map.of("EXEC_ENV", "from-execution");
    return wf;
  }

  /** One attempt of one task node, with the plugin state, phase and version the engine keeps between rounds. */
  static final class Attempt {
    final FlyteWorkflow wf;
    final TaskTemplate task;
    final NodeSpec node;
    final int attempt;
    final BlobStore blobs;
    final boolean interruptible;
    byte[] state;
    TaskPhase phase = TaskPhase.UNDEFINED;
    int version;
    Instant now = Instant.now();

    Attempt(FlyteWorkflow wf, TaskTemplate task, String nodeId, int attempt, BlobStore blobs, boolean interruptible) {
      this.wf = wf;
      this.task = task;
      this.node = new NodeSpec();
      this.node.id = nodeId;
      this.node.task = task.getId().getName();
      this.attempt = attempt;
      this.blobs = blobs;
      this.interruptible = interruptible;
    }

    String execName() {
      return wf.getMetadata().getName();
    }

    String dataDir() {
      return DataLayout.nodeDataDir(
          DataLayout.workflowDataDir(BASE, "metadata/propeller", PROJECT, DOMAIN, execName()), node.id);
    }

    String inputsPath() {
      return DataLayout.join(dataDir(), DataLayout.INPUTS);
    }

    String resourceName() {
      return DataLayout.generatedName(execName(), node.id, attempt);
    }

    TaskExecutionContext ctx() {
      TaskExecutionIdentifier id = TaskExecutionIdentifier.newBuilder().setTaskId(task.getId())
          .setNodeExecutionId(NodeExecutionIdentifier.newBuilder().setNodeId(node.id)
              .setExecutionId(WorkflowExecutionIdentifier.newBuilder().setProject(PROJECT).setDomain(DOMAIN)
                  .setName(execName())))
          .setRetryAttempt(attempt).build();
      return new TaskExecutionContext(task, node, id, inputsPath(), DataLayout.outputDir(dataDir(), attempt),
          DataLayout.rawOutputPrefix(RAW, execName(), node.id, attempt), attempt, resourceName(), interruptible,
          state, phase, version, blobs, now, wf);
    }

    /** Keeps what the engine keeps of a transition (TaskHandler.record). */
    PluginTransition keep(PluginTransition t) {
      if (t.pluginState() != null) {
        state = t.pluginState();
      }
      phase = t.phase();
      version = t.phaseVersion();
      return t;
    }
  }
}
