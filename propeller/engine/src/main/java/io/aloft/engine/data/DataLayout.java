package io.aloft.engine.data;

import io.aloft.crd.UniqueIds;
import io.aloft.crd.WorkflowLabels;

/**
 * Flyte's blob layout for one execution (workflow/executor.go constructWorkflowMetadataPrefix, node_status.go,
 * pluginmachinery/ioutils/paths.go, task/taskexec_context.go ComputeRawOutputPrefix).
 */
public final class DataLayout {
  public static final String INPUTS = "inputs.pb";
  public static final String OUTPUTS = "outputs.pb";
  public static final String ERROR = "error.pb";
  /** Flyte's IDMaxLength for generated names (pod names, raw output ids). */
  public static final int ID_MAX_LENGTH = 50;

  private DataLayout() {}

  /** Joins reference parts with single slashes (storage ConstructReference). */
  public static String join(String base, String... parts) {
    StringBuilder sb = new StringBuilder(stripTrailing(base));
    for (String p : parts) {
      sb.append('/').append(p.replaceAll("^/+", ""));
    }
    return sb.toString();
  }

  private static String stripTrailing(String s) {
    String r = s;
    while (r.endsWith("/") && !r.endsWith("://")) {
      r = r.substring(0, r.length() - 1);
    }
    return r;
  }

  /** {@code <base>/<metadataPrefix>/<project>-<domain>-<execName>}. */
  public static String workflowDataDir(String base, String metadataPrefix, String project, String domain,
      String name) {
    return join(base, metadataPrefix, project + "-" + domain + "-" + name);
  }

  /** A top-level node's data dir: {@code <wfDataDir>/<nodeId>/data}. */
  public static String nodeDataDir(String wfDataDir, String nodeId) {
    return join(wfDataDir, nodeId, "data");
  }

  /** The output dir of an attempt: {@code <dataDir>/<attempt>}. */
  public static String outputDir(String nodeDataDir, int attempt) {
    return join(nodeDataDir, Integer.toString(attempt));
  }

  /** The deterministic name of an attempt's resources (pod, raw output id): FixedLengthUniqueID(50, parts). */
  public static String generatedName(String execName, String nodeId, int attempt) {
    return UniqueIds.fixedLength(execName + "-" + nodeId + "-" + attempt, ID_MAX_LENGTH);
  }

  /**
   * An attempt's raw output prefix, {@code <rawOutputPrefix>/<shard>/<uniqueId>}: the shard is two base-36 characters
   * derived from the unique id (fnv-1a 32 modulo 36^2), spreading keys over prefixes as Flyte's sharder does.
   */
  public static String rawOutputPrefix(String rawOutputPrefix, String execName, String nodeId, int attempt) {
    String id = generatedName(execName, nodeId, attempt);
    long h = Integer.toUnsignedLong(WorkflowLabels.fnv32a(id)) % (36 * 36);
    String shard = Character.forDigit((int) (h / 36), 36) + "" + Character.forDigit((int) (h % 36), 36);
    return join(rawOutputPrefix, shard, id);
  }
}
