package io.aloft.admin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Admin's own settings (prefix {@code aloft.admin}); each mirrors a FlyteAdmin setting of the same meaning. */
@ConfigMapping(prefix = "aloft.admin")
public interface AdminConfig {

  /** Domains every project has, as FlyteAdmin's {@code domains} config (id = name). */
  @WithDefault("development,staging,production")
  List<String> domains();

  /** Platform default max parallelism of an execution (FlyteAdmin {@code flyteadmin.maxParallelism}). */
  @WithDefault("25")
  int maxParallelism();

  /** How executions are launched. */
  Executions executions();

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

    /** Event version propeller reports with (FlyteAdmin {@code eventVersion}). */
    @WithDefault("2")
    int eventVersion();

    /** Id recorded as the execution's cluster; events from another producer are refused. */
    @WithDefault("default")
    String clusterId();

    /** Inputs and outputs smaller than this are returned inline by GetExecutionData (FlyteAdmin 2 MiB). */
    @WithDefault("2097152")
    long maxInlineDataBytes();

    /** Labels added to every execution's resource (lowest precedence). */
    Map<String, String> labels();

    /** Annotations added to every execution's resource (lowest precedence). */
    Map<String, String> annotations();

    /** Raw output prefix used when neither the request nor the launch plan sets one. */
    Optional<String> rawOutputPrefix();

    /** Kubernetes service account used when the request's security context names none. */
    Optional<String> serviceAccount();
  }
}
