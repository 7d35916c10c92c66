package io.aloft.admin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Admin's own settings (prefix {@code aloft.admin}); each mirrors a FlyteAdmin setting of the same meaning. */
@ConfigMapping(prefix = "aloft.admin")
public interface AdminConfig {

  /** Domains every project has, as FlyteAdmin's {@code domains} config (id = name). */
  @WithDefault("development,staging,production")
  List<String> domains();

  /**
   * Projects admin creates at startup when absent (FlyteAdmin's {@code flyteadmin migrate seed-projects}); the
   * sandbox seeds {@code flytesnacks}, the project {@code pyflyte} uses when given none.
   */
  @WithName("seed-projects")
  Optional<List<String>> seedProjects();

  /** Platform default max parallelism of an execution (FlyteAdmin {@code flyteadmin.maxParallelism}). */
  @WithDefault("25")
  int maxParallelism();

  /** How executions are launched. */
  Executions executions();

  /** The execution clusters (FlyteAdmin {@code clusters}); none configured means the cluster admin runs in. */
  Clusters clusters();

  /** FlyteAdmin's {@code clusters} section: where executions run and how one is chosen. */
  interface Clusters {
    /** Cluster id to its API server; empty means every execution runs in admin's own cluster. */
    Map<String, Cluster> clusterConfigs();

    /** Label used when neither the request nor a matchable attribute names one. */
    Optional<String> defaultExecutionLabel();

    /** Execution cluster label to weighted cluster ids, each {@code id} or {@code id:weight} (weight 1). */
    Map<String, List<String>> labelClusterMap();

    /** One execution cluster. */
    interface Cluster {
      /** API server URL; absent: admin's own cluster (its Kubernetes client), e.g. with another resource group. */
      Optional<String> endpoint();

      /** Bearer token. */
      Optional<String> token();

      /** File holding the bearer token (e.g. a mounted service-account token). */
      Optional<String> tokenPath();

      /** PEM of the API server's CA. */
      Optional<String> caCertData();

      /** File holding the PEM of the API server's CA. */
      Optional<String> caCertPath();

      /** A disabled cluster receives no new executions; running ones can still be aborted. */
      @WithDefault("true")
      boolean enabled();

      /**
       * API group of the workflow resources created in this cluster, when it differs from
       * {@code aloft.admin.executions.resource-group}: {@code aloft.io} (Aloft's propeller runs them) or
       * {@code flyte.lyft.com} (Flyte v1's own flytepropeller runs them).
       */
      Optional<String> resourceGroup();
    }
  }

  /** Launch settings (FlyteAdmin's {@code flyteadmin}, {@code namespace_mapping} and {@code remoteData}). */
  interface Executions {
    /**
     * Namespace of an execution's workflow resource; {@code {{ project }}} and {@code {{ domain }}} are replaced
     * (FlyteAdmin {@code namespace_mapping.template}).
     */
    @WithDefault("{{ project }}-{{ domain }}")
    String namespaceTemplate();

    /** Create the namespace when it does not exist (FlyteAdmin leaves this to its cluster-resource sync). */
    @WithDefault("true")
    boolean createNamespaces();

    /**
     * Reference the workflow closure admin stored at registration instead of inlining the compiled workflow in
     * the resource (FlyteAdmin {@code useOffloadedWorkflowClosure}); keeps resources small for large workflows.
     */
    @WithDefault("true")
    boolean offloadWorkflowClosure();

    /** Reference the execution's inputs.pb instead of inlining the inputs in the resource. */
    @WithDefault("true")
    boolean offloadInputs();

    /**
     * API group of the workflow resources admin creates: {@code aloft.io}, which Aloft's propeller runs (ADR 0007), or
     * {@code flyte.lyft.com}, Flyte's own group, which Flyte v1's flytepropeller runs (the body is the same; ADR 0012).
     * An execution cluster may override it.
     */
    @WithDefault("aloft.io")
    String resourceGroup();

    /** Event version propeller reports with (FlyteAdmin {@code eventVersion}). */
    @WithDefault("2")
    int eventVersion();

    /**
     * Id recorded as the cluster of executions in admin's own cluster. "propeller" is FlyteAdmin's default producer
     * id, for which the producer check on events is skipped.
     */
    @WithDefault("propeller")
    String clusterId();

    /** Labels added to every execution's resource (lowest precedence). */
    Map<String, String> labels();

    /** Annotations added to every execution's resource (lowest precedence). */
    Map<String, String> annotations();

    /** Raw output prefix used when neither the request nor the launch plan sets one. */
    Optional<String> rawOutputPrefix();

    /** Kubernetes service account used when the request's security context names none. */
    Optional<String> serviceAccount();

    /** Repair of launches whose workflow resource was never created (admin stopped between the two steps). */
    LaunchRepair launchRepair();
  }

  /** {@code aloft.admin.executions.launch-repair}: how often, how old, how many at once. */
  interface LaunchRepair {
    /** How often admin looks for launches without their resource (read by the scheduler's expression). */
    @WithDefault("60s")
    java.time.Duration interval();

    /** A launch recorded longer ago than this whose resource is missing gets it. */
    @WithDefault("2m")
    java.time.Duration grace();

    /** Launches repaired at most per run; replicas split the work. */
    @WithDefault("50")
    int batch();
  }
}
