package io.aloft.engine.plugin;

import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.crd.NodeSpec;
import io.aloft.engine.data.BlobStore;
import java.time.Instant;

/**
 * What a plugin sees of one attempt of one task node (pluginmachinery TaskExecutionContext). Everything a pod plugin
 * needs: the task template, where the inputs are and the outputs go, the attempt, a deterministic resource name,
 * interruptibility; the node spec carries per-node overrides (resources, image, pod template, tolerations...).
 *
 * @param task the task template (resources, container, metadata)
 * @param node the node (its resource and pod overrides are the operator plugin's to read)
 * @param taskExecutionId task id + node execution id + retry attempt, as events carry it
 * @param inputsPath the node's inputs.pb
 * @param outputPrefix the attempt's output dir; the task writes outputs.pb (or error.pb) there
 * @param rawOutputPrefix the attempt's raw (offloaded) data prefix
 * @param attempt the retry attempt, from 0
 * @param resourceName deterministic per (execution, node, attempt): name pods or child resources by it so a relaunch
 *     after a restart finds the first launch instead of making a second one
 * @param interruptible whether the attempt may run on interruptible capacity
 * @param pluginState the state the plugin returned last round (null at first)
 * @param phase the phase the plugin reported last round
 * @param phaseVersion the phase version the plugin reported last round
 * @param blobs storage for inputs and outputs
 * @param now the engine clock's time of this round
 * @param workflow the workflow resource (read-only): namespace, name and uid for owner references, the execution's
 *     labels, annotations, service account, security context and environment variables
 * @param templateInputsPath the inputs file the task's command names ({@code {{.input}}}), when it differs from
 *     {@code inputsPath}: a map task's sub node gets the array node's whole inputs and picks its element by
 *     {@code arrayIndex}, as flytekit's map tasks expect (flytepropeller's array handler); null otherwise
 * @param arrayIndex the sub node's index in its array node ({@code FLYTE_K8S_ARRAY_INDEX}), or -1
 */
public record TaskExecutionContext(TaskTemplate task, NodeSpec node, TaskExecutionIdentifier taskExecutionId,
    String inputsPath, String outputPrefix, String rawOutputPrefix, int attempt, String resourceName,
    boolean interruptible, byte[] pluginState, TaskPhase phase, int phaseVersion, BlobStore blobs, Instant now,
    io.aloft.crd.FlyteWorkflow workflow, String templateInputsPath, int arrayIndex) {

  /** An attempt of a task node that is not part of an array. */
  public TaskExecutionContext(TaskTemplate task, NodeSpec node, TaskExecutionIdentifier taskExecutionId,
      String inputsPath, String outputPrefix, String rawOutputPrefix, int attempt, String resourceName,
      boolean interruptible, byte[] pluginState, TaskPhase phase, int phaseVersion, BlobStore blobs, Instant now,
      io.aloft.crd.FlyteWorkflow workflow) {
    this(task, node, taskExecutionId, inputsPath, outputPrefix, rawOutputPrefix, attempt, resourceName, interruptible,
        pluginState, phase, phaseVersion, blobs, now, workflow, null, -1);
  }

  /** The inputs file the task's command is given ({@code {{.input}}}). */
  public String commandInputsPath() {
    return templateInputsPath != null ? templateInputsPath : inputsPath;
  }

  /**
   * The task's own resource requests and limits (container or pod template). Node-level overrides are in
   * {@code node().resources} (a Kubernetes type the engine does not read); a pod plugin merges the two.
   */
  public flyteidl.core.Tasks.Resources taskResources() {
    return task.hasContainer() ? task.getContainer().getResources()
        : flyteidl.core.Tasks.Resources.getDefaultInstance();
  }

  /** The attempt's outputs.pb. */
  public String outputsPath() {
    return io.aloft.engine.data.DataLayout.join(outputPrefix, io.aloft.engine.data.DataLayout.OUTPUTS);
  }

  /** The attempt's error.pb. */
  public String errorPath() {
    return io.aloft.engine.data.DataLayout.join(outputPrefix, io.aloft.engine.data.DataLayout.ERROR);
  }
}
