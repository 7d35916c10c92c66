package io.aloft.engine;

import java.time.Duration;

/**
 * The engine's settings, named after flytepropeller's {@code propeller} section keys.
 *
 * @param storageBase the storage container ({@code s3://bucket})
 * @param metadataPrefix {@code metadata-prefix}
 * @param defaultRawOutputPrefix {@code rawoutput-prefix}, used when the execution has none
 * @param clusterId {@code cluster-id}: the events' producer_id
 * @param maxNodeRetriesForSystemFailures {@code node-config.max-node-retries-system-failures}
 * @param defaultMaxAttempts {@code node-config.default-max-attempts}
 * @param ignoreRetryCause {@code node-config.ignore-retry-cause}
 * @param defaultNodeExecutionDeadline {@code node-config.default-deadlines.node-execution-deadline} (zero: none)
 * @param defaultNodeActiveDeadline {@code node-config.default-deadlines.node-active-deadline} (zero: none)
 * @param interruptibleFailureThreshold {@code node-config.interruptible-failure-threshold}: above 0, attempts from
 *     this many failures on are not interruptible; 0 or below, the last |threshold| attempts are not
 * @param workflowReevalDuration {@code workflow-reeval-duration}: how often a workflow is re-evaluated; also the
 *     heartbeat interval of the task cache reservations its serializable tasks hold
 */
public record EngineConfig(String storageBase, String metadataPrefix, String defaultRawOutputPrefix, String clusterId,
    int maxNodeRetriesForSystemFailures, int defaultMaxAttempts, boolean ignoreRetryCause,
    Duration defaultNodeExecutionDeadline, Duration defaultNodeActiveDeadline, int interruptibleFailureThreshold,
    Duration workflowReevalDuration) {
  /** Flyte's default {@code workflow-reeval-duration}. */
  public static final Duration DEFAULT_WORKFLOW_REEVAL = Duration.ofSeconds(10);

  public EngineConfig {
    if (workflowReevalDuration == null || workflowReevalDuration.isZero() || workflowReevalDuration.isNegative()) {
      workflowReevalDuration = DEFAULT_WORKFLOW_REEVAL;
    }
  }

  /** The settings with the default {@code workflow-reeval-duration} (10s). */
  public EngineConfig(String storageBase, String metadataPrefix, String defaultRawOutputPrefix, String clusterId,
      int maxNodeRetriesForSystemFailures, int defaultMaxAttempts, boolean ignoreRetryCause,
      Duration defaultNodeExecutionDeadline, Duration defaultNodeActiveDeadline, int interruptibleFailureThreshold) {
    this(storageBase, metadataPrefix, defaultRawOutputPrefix, clusterId, maxNodeRetriesForSystemFailures,
        defaultMaxAttempts, ignoreRetryCause, defaultNodeExecutionDeadline, defaultNodeActiveDeadline,
        interruptibleFailureThreshold, DEFAULT_WORKFLOW_REEVAL);
  }

  /** Flyte's code defaults on {@code storageBase}. */
  public static EngineConfig defaults(String storageBase) {
    return new EngineConfig(storageBase, "metadata/propeller", "", "propeller", 3, 1, false, Duration.ZERO,
        Duration.ZERO, -1, DEFAULT_WORKFLOW_REEVAL);
  }

  /** The same with {@code workflow-reeval-duration} {@code d}. */
  public EngineConfig withWorkflowReevalDuration(Duration d) {
    return new EngineConfig(storageBase, metadataPrefix, defaultRawOutputPrefix, clusterId,
        maxNodeRetriesForSystemFailures, defaultMaxAttempts, ignoreRetryCause, defaultNodeExecutionDeadline,
        defaultNodeActiveDeadline, interruptibleFailureThreshold, d);
  }
}
