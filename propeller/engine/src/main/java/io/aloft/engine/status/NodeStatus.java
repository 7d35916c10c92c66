package io.aloft.engine.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import flyteidl.core.Execution.ExecutionError;
import java.time.Instant;

/**
 * Status of one node ({@code status.nodeStatus.<nodeId>}), under flytepropeller's JSON keys (node_status.go). The
 * node's data and output directories are not stored; {@link io.aloft.engine.data.DataLayout} recomputes them.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NodeStatus extends Tracked {
  public NodePhase phase = NodePhase.NOT_YET_STARTED;
  @JsonSerialize(using = Rfc3339.Serializer.class)
  @JsonDeserialize(using = Rfc3339.Deserializer.class)
  public Instant queuedAt;
  @JsonSerialize(using = Rfc3339.Serializer.class)
  @JsonDeserialize(using = Rfc3339.Deserializer.class)
  public Instant startedAt;
  @JsonSerialize(using = Rfc3339.Serializer.class)
  @JsonDeserialize(using = Rfc3339.Deserializer.class)
  public Instant stoppedAt;
  @JsonSerialize(using = Rfc3339.Serializer.class)
  @JsonDeserialize(using = Rfc3339.Deserializer.class)
  public Instant lastUpdatedAt;
  /** Start of the current attempt; the execution deadline counts from here. */
  @JsonProperty("laStartedAt")
  @JsonSerialize(using = Rfc3339.Serializer.class)
  @JsonDeserialize(using = Rfc3339.Deserializer.class)
  public Instant lastAttemptStartedAt;
  public String message;
  /** Failed attempts so far (user and system); the current attempt number. */
  public int attempts;
  /** Attempts that failed with a SYSTEM error. */
  public int systemFailures;
  public boolean cached;
  /** The plugin's state, for task nodes (JSON key literally {@code TaskNodeStatus}, as Go's untagged field). */
  @JsonProperty("TaskNodeStatus")
  public TaskNodeStatus taskNodeStatus;
  public ExecutionErrorInfo error;
  /** The branch node whose chosen node this is (Flyte's {@code parentNode}); such a node shares its data dirs. */
  @JsonProperty("parentNode")
  public String parentNode;
  /** A branch node's evaluation (v1alpha1 BranchNodeStatus). */
  @JsonProperty("branchStatus")
  public BranchNodeStatus branchStatus;
  /** A sub-workflow node's nested node statuses (Flyte's {@code subNodeStatus}), by node id. */
  @JsonProperty("subNodeStatus")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public java.util.Map<String, NodeStatus> subNodeStatus;
  /** A workflow node's own phase and the error it is failing with (v1alpha1 WorkflowNodeStatus). */
  @JsonProperty("workflowNodeStatus")
  public WorkflowNodeStatus workflowNodeStatus;
  /** A task node's dynamic workflow state (v1alpha1 DynamicNodeStatus). */
  @JsonProperty("dynamicNodeStatus")
  public DynamicNodeStatus dynamicNodeStatus;
  /** An array node's sub nodes (v1alpha1 ArrayNodeStatus). */
  @JsonProperty("arrayNodeStatus")
  public ArrayNodeStatus arrayNodeStatus;
  /**
   * Aloft's own: set when the event sink refused an event because admin already holds a terminal phase for this
   * node; no further events are sent for it. Flyte keeps this in memory only.
   */
  @JsonProperty("aloftEventsStopped")
  public boolean eventsStopped;

  /** Flyte's UpdatePhase: records the phase and the times it implies. Returns false if nothing changed. */
  public boolean updatePhase(NodePhase p, Instant now, String reason, ExecutionError err) {
    now = Rfc3339.truncate(now);
    if (phase == p && java.util.Objects.equals(message, reason)) {
      return false;
    }
    markDirty();
    phase = p;
    message = reason;
    lastUpdatedAt = now;
    if (err != null) {
      error = ExecutionErrorInfo.of(err);
    }
    if (p == NodePhase.QUEUED && queuedAt == null) {
      queuedAt = now;
    } else if (p == NodePhase.RUNNING) {
      if (startedAt == null) {
        startedAt = now;
      }
      if (lastAttemptStartedAt == null) {
        lastAttemptStartedAt = now;
      }
    } else if (p.isTerminal()) {
      if (stoppedAt == null) {
        stoppedAt = now;
      }
      // As Flyte does on a terminal phase: nested statuses are no longer needed (outputs and error are the node's).
      subNodeStatus = null;
      workflowNodeStatus = null;
      dynamicNodeStatus = null;
      if (p == NodePhase.SUCCEEDED || p == NodePhase.SKIPPED) {
        // Flyte's UpdatePhase keeps a finished node to its phase, stop time and error, so that wide workflows stay
        // far below etcd's size limit; a failed node keeps the rest for debugging (Flyte's enableCRDebugMetadata).
        message = null;
        queuedAt = null;
        startedAt = null;
        lastUpdatedAt = null;
        lastAttemptStartedAt = null;
        taskNodeStatus = null;
      }
    }
    return true;
  }

  /** The status of nested node {@code id}, created (NotYetStarted) when absent. */
  public NodeStatus subNode(String id) {
    return subNodes().computeIfAbsent(id, k -> new NodeStatus());
  }

  /** The nested node statuses (a sub-workflow's or a dynamic workflow's), created empty when absent. */
  public java.util.Map<String, NodeStatus> subNodes() {
    if (subNodeStatus == null) {
      subNodeStatus = new java.util.LinkedHashMap<>();
    }
    return subNodeStatus;
  }

  /** The task status, created when absent. */
  public TaskNodeStatus taskStatus() {
    if (taskNodeStatus == null) {
      taskNodeStatus = new TaskNodeStatus();
      markDirty();
    }
    return taskNodeStatus;
  }

  /** The dynamic node status, created (None) when absent. */
  public DynamicNodeStatus dynamicStatus() {
    if (dynamicNodeStatus == null) {
      dynamicNodeStatus = new DynamicNodeStatus();
      markDirty();
    }
    return dynamicNodeStatus;
  }

  /** The workflow node status, created (Undefined) when absent. */
  public WorkflowNodeStatus workflowStatus() {
    if (workflowNodeStatus == null) {
      workflowNodeStatus = new WorkflowNodeStatus();
      markDirty();
    }
    return workflowNodeStatus;
  }

  /** Records the array node's status (sized). */
  public void startArray(ArrayNodeStatus s) {
    arrayNodeStatus = s;
    markDirty();
  }

  /** Records a branch node's evaluation. */
  public void recordBranch(BranchNodeStatus s) {
    branchStatus = s;
    markDirty();
  }

  /** Marks this node as run by branch node {@code branchId} (it shares the branch's data dirs). */
  public void runUnder(String branchId) {
    if (!java.util.Objects.equals(parentNode, branchId)) {
      parentNode = branchId;
      markDirty();
    }
  }

  /** Records that the attempt's outputs came from the task cache. */
  public void markCached() {
    if (!cached) {
      cached = true;
      markDirty();
    }
  }

  /** Replaces the phase message without a phase change. */
  public void replaceMessage(String m) {
    if (!java.util.Objects.equals(message, m)) {
      message = m;
      markDirty();
    }
  }

  /** Stops this node's events (admin already holds a terminal phase, or refused one as malformed). */
  public void stopEvents() {
    if (!eventsStopped) {
      eventsStopped = true;
      markDirty();
    }
  }

  /**
   * Starts a new attempt after a failed one (Flyte's retry): counts the failure, drops the attempt's state. The phase
   * is set by the caller.
   */
  public void newAttempt(boolean systemFailure) {
    if (systemFailure) {
      systemFailures++;
    }
    attempts++;
    taskNodeStatus = null;
    subNodeStatus = null;
    workflowNodeStatus = null;
    arrayNodeStatus = null;
    dynamicNodeStatus = null;
    lastAttemptStartedAt = null;
    // Cleared so updatePhase records the new attempt (and its laStartedAt) even when the message repeats.
    message = null;
    markDirty();
  }

  @Override
  public boolean isDirty() {
    if (super.isDirty() || (taskNodeStatus != null && taskNodeStatus.isDirty())
        || (arrayNodeStatus != null && arrayNodeStatus.isDirty())
        || (workflowNodeStatus != null && workflowNodeStatus.isDirty())
        || (dynamicNodeStatus != null && dynamicNodeStatus.isDirty())) {
      return true;
    }
    if (subNodeStatus != null) {
      for (NodeStatus s : subNodeStatus.values()) {
        if (s.isDirty()) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public void resetDirty() {
    super.resetDirty();
    if (taskNodeStatus != null) {
      taskNodeStatus.resetDirty();
    }
    if (arrayNodeStatus != null) {
      arrayNodeStatus.resetDirty();
    }
    if (workflowNodeStatus != null) {
      workflowNodeStatus.resetDirty();
    }
    if (dynamicNodeStatus != null) {
      dynamicNodeStatus.resetDirty();
    }
    if (subNodeStatus != null) {
      subNodeStatus.values().forEach(NodeStatus::resetDirty);
    }
  }
}
