package io.aloft.propeller.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Propeller's settings under {@code aloft.propeller}, named and defaulted as Flyte's "Optimizing Performance" guide
 * and flytepropeller's {@code propeller} section name them (docs/operations.md maps each to Flyte's key).
 */
@ConfigMapping(prefix = "aloft.propeller")
public interface PropellerConfig {

  /** Workers evaluating workflows concurrently (the guide's {@code plugins.workqueue.config.workers}, 10). */
  @WithDefault("10")
  int workers();

  /** The work queue (the guide's {@code plugins.workqueue.config.maxItems}, 10000). */
  Workqueue workqueue();

  /** Every workflow is re-evaluated at least this often without an event ({@code workflow-reeval-duration}). */
  @WithName("workflow-reeval-duration")
  @WithDefault("10s")
  Duration workflowReevalDuration();

  /** Resync period of the task resources (pods) watched for changes ({@code downstream-eval-duration}). */
  @WithName("downstream-eval-duration")
  @WithDefault("5s")
  Duration downstreamEvalDuration();

  /** Consecutive rounds on the in-memory copy while the workflow keeps changing ({@code max-streak-length}). */
  @WithName("max-streak-length")
  @WithDefault("8")
  int maxStreakLength();

  /** Rounds failing with a system error before the workflow is aborted ({@code max-workflow-retries}). */
  @WithName("max-workflow-retries")
  @WithDefault("10")
  int maxWorkflowRetries();

  /**
   * How often the leader deletes the terminated workflows older than {@code max-ttl-hours} ({@code gc-interval},
   * Flyte's 30m). Must be positive while garbage collection is on.
   */
  @WithName("gc-interval")
  @WithDefault("30m")
  Duration gcInterval();

  /**
   * Hours a terminated workflow's resource is kept, 1 to 23; 0 or less turns garbage collection off
   * ({@code max-ttl-hours}, Flyte's 23). The completion label is hourly, so a workflow goes between this many and one
   * more hour after it completed (plus up to {@code gc-interval}).
   */
  @WithName("max-ttl-hours")
  @WithDefault("23")
  int maxTtlHours();

  /** The workflow store ({@code workflowStore.policy}). */
  @WithName("workflow-store")
  WorkflowStoreConfig workflowStore();

  /** Storage layout ({@code metadata-prefix}). */
  @WithName("metadata-prefix")
  @WithDefault("metadata/propeller")
  String metadataPrefix();

  /** Default raw output prefix when the execution sets none ({@code rawoutput-prefix}). */
  @WithName("rawoutput-prefix")
  Optional<String> rawoutputPrefix();

  /** Producer id of every event ({@code cluster-id}). */
  @WithName("cluster-id")
  @WithDefault("propeller")
  String clusterId();

  /**
   * {@code propeller} (evaluate workflows) or {@code manager} (keep the shard pods): read by
   * {@link io.aloft.propeller.operator.RunMode}; declared here so that the key is accepted from every config source.
   */
  @WithName("mode")
  @WithDefault("propeller")
  String mode();

  /** Namespace watched, or {@code all} ({@code limit-namespace}). */
  @WithName("limit-namespace")
  @WithDefault("all")
  String limitNamespace();

  /** Shard selection (admin puts the labels on every workflow; empty = all). */
  @WithName("include-shard-key-label")
  Optional<List<String>> includeShardKeyLabel();

  @WithName("exclude-shard-key-label")
  Optional<List<String>> excludeShardKeyLabel();

  @WithName("include-project-label")
  Optional<List<String>> includeProjectLabel();

  @WithName("exclude-project-label")
  Optional<List<String>> excludeProjectLabel();

  @WithName("include-domain-label")
  Optional<List<String>> includeDomainLabel();

  @WithName("exclude-domain-label")
  Optional<List<String>> excludeDomainLabel();

  /** Propeller's requests to the API server ({@code kube-client-config}). */
  @WithName("kube-client-config")
  KubeClientConfig kubeClientConfig();

  /** Task handling ({@code tasks}). */
  Tasks tasks();

  /** Node defaults ({@code node-config}). */
  @WithName("node-config")
  NodeConfig nodeConfig();

  /** Event reporting to admin ({@code event}). */
  EventConfig event();

  /** The task cache ({@code catalog-cache}). */
  @WithName("catalog-cache")
  CatalogCache catalogCache();

  /** Leader election among replicas of one propeller ({@code leader-election}). */
  @WithName("leader-election")
  LeaderElection leaderElection();

  /** Launch-plan nodes' child executions and gate nodes' signals, through admin ({@code admin-launcher}). */
  @WithName("admin-launcher")
  AdminLauncherConfig adminLauncher();

  /** The work queue. */
  interface Workqueue {
    /** Workflows queued at most; adds beyond are dropped and come back with the next resync. */
    @WithName("max-items")
    @WithDefault("10000")
    int maxItems();

    /**
     * First delay of a workflow whose round failed; doubles per failure ({@code queue.queue.base-delay}, Flyte's 5 s).
     * With {@code max-workflow-retries} 10 this rides out a storage or API outage of minutes; a few milliseconds would
     * spend the ten retries in a second and abort every workflow an outage of seconds touches.
     */
    @WithName("base-delay")
    @WithDefault("5s")
    Duration baseDelay();

    /** Cap of the failure delay ({@code queue.queue.max-delay}). */
    @WithName("max-delay")
    @WithDefault("60s")
    Duration maxDelay();
  }

  /** {@code workflowStore}. */
  interface WorkflowStoreConfig {
    /** ResourceVersionCache (default), PassThrough, InMemory or TrackTerminated. */
    @WithDefault("ResourceVersionCache")
    String policy();
  }

  /** {@code tasks}. */
  interface Tasks {
    /** Back-off after resource-quota refusals ({@code tasks.backoff}). */
    Backoff backoff();

    /** {@code tasks.backoff}. */
    interface Backoff {
      /** The first wait, in seconds; each further refusal doubles it. */
      @WithName("base-second")
      @WithDefault("2")
      int baseSecond();

      /** The longest wait ({@code tasks.backoff.max-duration}). */
      @WithName("max-duration")
      @WithDefault("20s")
      Duration maxDuration();
    }
  }

  /** {@code kube-client-config}: client-go's rate limit and timeout. */
  interface KubeClientConfig {
    /** Requests per second, sustained (0: unlimited). */
    @WithDefault("100")
    double qps();

    /** Requests allowed at once above the sustained rate. */
    @WithDefault("25")
    int burst();

    /** Timeout of one request (applied to quarkus.kubernetes-client.request-timeout). */
    @WithDefault("30s")
    Duration timeout();
  }

  /** {@code node-config}. */
  interface NodeConfig {
    @WithName("max-node-retries-system-failures")
    @WithDefault("3")
    int maxNodeRetriesSystemFailures();

    @WithName("default-max-attempts")
    @WithDefault("1")
    int defaultMaxAttempts();

    @WithName("ignore-retry-cause")
    @WithDefault("false")
    boolean ignoreRetryCause();

    @WithName("interruptible-failure-threshold")
    @WithDefault("-1")
    int interruptibleFailureThreshold();

    @WithName("default-deadlines.node-execution-deadline")
    @WithDefault("0s")
    Duration nodeExecutionDeadline();

    @WithName("default-deadlines.node-active-deadline")
    @WithDefault("0s")
    Duration nodeActiveDeadline();
  }

  /** {@code event}. */
  interface EventConfig {
    /** {@code admin} sends to admin's gRPC API (quarkus.grpc.clients.admin.*); {@code log} only logs. */
    @WithDefault("admin")
    String type();

    @WithName("max-retries")
    @WithDefault("5")
    int maxRetries();

    @WithName("base-scalar")
    @WithDefault("100ms")
    Duration baseScalar();

    /**
     * Node and task events of one round sent to admin at once, one lane per top-level node keeping each node's order
     * (Aloft's; Flyte sends one by one). 1 sends them one by one. The round still waits for all before it writes
     * the status.
     */
    @WithDefault("8")
    int concurrency();
  }

  /** {@code catalog-cache}. */
  interface CatalogCache {
    /** {@code noop} or {@code datacatalog} (quarkus.grpc.clients.datacatalog.*). */
    @WithDefault("noop")
    String type();

    /** Cached outputs older than this are misses (0: never expire). */
    @WithName("max-cache-age")
    @WithDefault("0s")
    Duration maxCacheAge();
  }

  /**
   * {@code admin-launcher} (flytepropeller {@code nodes/subworkflow/launchplan/adminconfig.go}): how fast propeller
   * may call admin to create, follow and terminate child executions and to read signals, and how many children it
   * follows.
   */
  interface AdminLauncherConfig {
    /** Admin calls per second, sustained, of the launcher and the signals together (0: unlimited). */
    @WithDefault("100")
    int tps();

    /** Admin calls allowed at once above the sustained rate. */
    @WithDefault("10")
    int burst();

    /**
     * Child executions whose status is cached at most (Flyte's key, camel case). Keep it above the number of children
     * running at once: an evicted child is re-registered by the next round and synced again.
     */
    @WithName("cacheSize")
    @WithDefault("10000")
    int cacheSize();

    /** Threads syncing children's status with admin. */
    @WithDefault("10")
    int workers();

    /** Every non-terminal child's status is fetched from admin this often. */
    @WithName("cache-resync-duration")
    @WithDefault("30s")
    Duration cacheResyncDuration();
  }

  /**
   * {@code leader-election} (flytepropeller {@code controller/config/config.go} {@code LeaderElectionConfig}): replicas
   * compete for one Lease and only its holder evaluates workflows.
   */
  interface LeaderElection {
    /** Compete for the lease before evaluating anything; off, every replica evaluates (Flyte's default). */
    @WithDefault("false")
    boolean enabled();

    /** The lock. Flyte's key says config map for history; Aloft's lock is a coordination.k8s.io/v1 Lease. */
    @WithName("lock-config-map")
    LockConfigMap lockConfigMap();

    /** How long a lease holder that stopped renewing keeps it before another replica may take it over. */
    @WithName("lease-duration")
    @WithDefault("15s")
    Duration leaseDuration();

    /** How long the leader keeps retrying a failed renewal before it gives up leading (below lease-duration). */
    @WithName("renew-deadline")
    @WithDefault("10s")
    Duration renewDeadline();

    /** The wait between two attempts to acquire or renew the lease. */
    @WithName("retry-period")
    @WithDefault("2s")
    Duration retryPeriod();

    /** {@code lock-config-map}: where the Lease lives. */
    interface LockConfigMap {
      /** The Lease's name. */
      @WithDefault("propeller-leader")
      String name();

      /** The Lease's namespace; unset, the pod's own (env POD_NAMESPACE, else the service account's namespace). */
      Optional<String> namespace();
    }
  }
}
