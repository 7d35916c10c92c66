package io.aloft.crd;

import java.nio.charset.StandardCharsets;

/**
 * The labels admin puts on every FlyteWorkflow and propeller's informers and shards select on
 * (flytepropeller compiler/transformers/k8s/workflow.go, manager/shardstrategy).
 */
public final class WorkflowLabels {
  /** The execution name (Flyte's code uses the name alone, whatever its comment says). */
  public static final String EXECUTION_ID = "execution-id";
  public static final String PROJECT = "project";
  public static final String DOMAIN = "domain";
  /** The workflow's name, sanitized into a label value. */
  public static final String WORKFLOW_NAME = "workflow-name";
  /** {@link #shardKey(String)} of the execution name; hash sharding selects on it. */
  public static final String SHARD_KEY = "shard-key";
  /** Set by propeller when the workflow is terminal; informers exclude such resources. */
  public static final String TERMINATION_STATUS = "termination-status";
  public static final String TERMINATED = "terminated";
  /** UTC hour bucket ({@code yyyy-MM-dd.HH}) of completion, for garbage collection. */
  public static final String COMPLETED_TIME = "completed-time";
  /** Size of the shard keyspace ({@code ShardKeyspaceSize} in Flyte). */
  public static final int SHARD_KEYSPACE_SIZE = 32;

  private static final int FNV32_OFFSET = 0x811c9dc5;
  private static final int FNV32_PRIME = 0x01000193;

  private WorkflowLabels() {}

  /** fnv-1a 32-bit of {@code name}'s UTF-8 bytes, unsigned, modulo {@link #SHARD_KEYSPACE_SIZE}. */
  public static int shardKey(String name) {
    return (int) (Integer.toUnsignedLong(fnv32a(name)) % SHARD_KEYSPACE_SIZE);
  }

  /** fnv-1a 32-bit hash (as Go's hash/fnv New32a). */
  public static int fnv32a(String s) {
    int h = FNV32_OFFSET;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= FNV32_PRIME;
    }
    return h;
  }

  /**
   * A workflow name as a label value (Flyte's {@code utils.SanitizeLabelValue}): lower-cased, characters other
   * than {@code [a-z0-9-_.]} replaced by '-', at most 63 characters, starting and ending alphanumeric.
   */
  public static String sanitizeLabelValue(String name) {
    String v = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9\\-_.]", "-");
    if (v.length() > 63) {
      v = v.substring(0, 63);
    }
    v = v.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
    return v;
  }

  /** The workflow-name label of a workflow id {@code project:domain:name} (its third part), sanitized. */
  public static String workflowNameLabel(String workflowName) {
    return sanitizeLabelValue(workflowName);
  }
}
