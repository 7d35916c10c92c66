package io.aloft.crd;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

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
  /** UTC hour bucket ({@code yyyy-MM-dd.HH}) of completion, for garbage collection ({@link #completedTime}). */
  public static final String COMPLETED_TIME = "completed-time";
  /** Size of the shard keyspace ({@code ShardKeyspaceSize} in Flyte). */
  public static final int SHARD_KEYSPACE_SIZE = 32;

  /** Longest label value (DNS-1123 label). */
  public static final int MAX_LABEL_LENGTH = 63;

  /** Flyte's {@code labelTimeFormat} ({@code 2006-01-02.15}): the date and the hour, in UTC. */
  private static final DateTimeFormatter COMPLETED_TIME_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd.HH", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Pattern INVALID_LABEL_CHARS = Pattern.compile("[^-a-z0-9]+");
  private static final int FNV32_OFFSET = 0x811c9dc5;
  private static final int FNV32_PRIME = 0x01000193;

  private WorkflowLabels() {}

  /**
   * The {@link #COMPLETED_TIME} label value of a workflow completed at {@code instant}: its UTC date and hour,
   * {@code yyyy-MM-dd.HH} (flytepropeller controller/completed_workflows.go {@code FormatTimeForLabel}). Hour-granular,
   * so that the garbage collector's selector can list the hours it keeps.
   */
  public static String completedTime(Instant instant) {
    return COMPLETED_TIME_FORMAT.format(instant);
  }

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
   * A string as a label value (flytepropeller {@code utils.SanitizeLabelValue}): lower-cased, every run of
   * characters other than {@code [-a-z0-9]} replaced by one '-', cut to 63 characters, leading and trailing '-'
   * removed. So {@code workflows.Hello_World} becomes {@code workflows-hello-world}.
   */
  public static String sanitizeLabelValue(String name) {
    String v = INVALID_LABEL_CHARS.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("-");
    if (v.length() > MAX_LABEL_LENGTH) {
      v = v.substring(0, MAX_LABEL_LENGTH);
    }
    int start = 0;
    int end = v.length();
    while (start < end && v.charAt(start) == '-') {
      start++;
    }
    while (end > start && v.charAt(end - 1) == '-') {
      end--;
    }
    return v.substring(start, end);
  }

  /**
   * The {@code workflow-name} label of a workflow id {@code project:domain:name}: its name, sanitized; empty when
   * the id does not have exactly three parts (Flyte's {@code WorkflowNameFromID}).
   */
  public static String workflowNameLabel(String workflowId) {
    String[] tokens = workflowId.split(":", -1);
    return tokens.length == 3 ? sanitizeLabelValue(tokens[2]) : "";
  }
}
