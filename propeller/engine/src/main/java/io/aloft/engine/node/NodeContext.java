package io.aloft.engine.node;

import flyteidl.core.Literals.LiteralMap;
import io.aloft.crd.NodeSpec;
import io.aloft.engine.EngineConfig;
import io.aloft.engine.ExecutableWorkflow;
import io.aloft.engine.ExecutionContext;
import io.aloft.engine.data.BlobStore;
import io.aloft.engine.data.DataLayout;
import io.aloft.engine.event.EventRecorder;
import io.aloft.engine.status.NodeStatus;
import java.time.Instant;

/**
 * One node as its handler sees it in one round (Flyte's NodeExecutionContext).
 *
 * @param exec the execution
 * @param node the node's spec
 * @param status the node's status (mutable; its mutators record that it changed)
 * @param level the level the node belongs to: where its data goes, the workflow its references resolve in
 * @param executor the node executor, for the nodes a handler runs nested
 * @param blobs storage
 * @param events event reporting
 * @param config engine settings
 * @param now this round's time
 */
public record NodeContext(ExecutionContext exec, NodeSpec node, NodeStatus status, DagLevel level,
    NodeExecutor executor, BlobStore blobs, EventRecorder events, EngineConfig config, Instant now) {

  /** The workflow the node's task and sub-workflow references resolve in. */
  public ExecutableWorkflow workflow() {
    return level.workflow();
  }

  /** The node's data dir ({@code inputs.pb} lives here). */
  public String dataDir() {
    return level.dataDir(node.id);
  }

  /**
   * The node's id unique in the execution (Flyte's GenerateUniqueID over its parents; the node id itself at the top
   * level): names its resources and, from event version 1 on, its events.
   */
  public String uniqueId() {
    return level.uniqueId(node.id);
  }

  /** The node id its events carry: the unique id from event version 1 on, the node id with version 0. */
  public String eventNodeId() {
    return exec.eventVersion() == 0 ? node.id : uniqueId();
  }

  /** The node id. */
  public String nodeId() {
    return node.id;
  }

  /** The current attempt, from 0. */
  public int attempt() {
    return status.attempts;
  }

  /** The node's inputs.pb. */
  public String inputsPath() {
    return DataLayout.join(dataDir(), DataLayout.INPUTS);
  }

  /** The current attempt's output dir ({@code <dataDir>/<attempt>}; a branch's chosen node writes the branch's). */
  public String outputDir() {
    String fixed = level.fixedOutputDir(node.id);
    return fixed != null ? fixed : DataLayout.outputDir(dataDir(), attempt());
  }

  /** The current attempt's outputs.pb. */
  public String outputsPath() {
    return DataLayout.join(outputDir(), DataLayout.OUTPUTS);
  }

  /** The node's resolved inputs (empty when none were written). */
  public LiteralMap inputs() {
    return blobs.readProto(inputsPath(), LiteralMap.parser()).orElse(LiteralMap.getDefaultInstance());
  }
}
