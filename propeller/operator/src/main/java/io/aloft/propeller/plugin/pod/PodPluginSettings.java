package io.aloft.propeller.plugin.pod;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Toleration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pod plugin's settings as the operator reads them, under {@code aloft.propeller.plugins.k8s} (Flyte's
 * {@code plugins.k8s} section, same key names and defaults); {@link #toConfig()} makes the {@link PodPluginConfig}.
 * The resource-quota back-off is Flyte's {@code tasks.backoff}: {@code aloft.propeller.tasks.backoff.*} (PropellerConfig).
 */
@ConfigMapping(prefix = "aloft.propeller.plugins.k8s")
public interface PodPluginSettings {
  /** The cpu request of a task container that asks for none (its limit defaults to it). */
  @WithName("default-cpus")
  @WithDefault("1000m")
  String defaultCpus();

  /** The memory request of a task container that asks for none (its limit defaults to it). */
  @WithName("default-memory")
  @WithDefault("1024Mi")
  String defaultMemory();

  /** Added to every task container's environment. */
  @WithName("default-env-vars")
  Map<String, String> defaultEnvVars();

  /** Added to every task pod's labels. */
  @WithName("default-labels")
  Map<String, String> defaultLabels();

  /** Flyte's default: {@code cluster-autoscaler.kubernetes.io/safe-to-evict: "false"} (kept unless overridden). */
  @WithName("default-annotations")
  Map<String, String> defaultAnnotations();

  /** Tolerations of interruptible attempts' pods. */
  @WithName("interruptible-tolerations")
  List<TolerationSetting> interruptibleTolerations();

  /** Node selector of interruptible attempts' pods. */
  @WithName("interruptible-node-selector")
  Map<String, String> interruptibleNodeSelector();

  /** A required node affinity term of interruptible attempts' pods. */
  @WithName("interruptible-node-selector-requirement")
  Optional<RequirementSetting> interruptibleNodeSelectorRequirement();

  /** Delete the pod when its attempt is over; otherwise it goes with its workflow (owner reference). */
  @WithName("delete-resource-on-finalize")
  @WithDefault("false")
  boolean deleteResourceOnFinalize();

  /** Pods carry finalizer {@value PodPlugin#FINALIZER}, removed at abort and finalize. */
  @WithName("inject-finalizer")
  @WithDefault("false")
  boolean injectFinalizer();

  /** How long ImagePullBackOff is tolerated before the attempt fails (retryable). */
  @WithName("image-pull-backoff-grace-period")
  @WithDefault("3m")
  Duration imagePullBackoffGracePeriod();

  /** How long CreateContainerError is tolerated before the attempt fails (permanent). */
  @WithName("create-container-error-grace-period")
  @WithDefault("3m")
  Duration createContainerErrorGracePeriod();

  /** How long CreateContainerConfigError is tolerated before the attempt fails (permanent). */
  @WithName("create-container-config-error-grace-period")
  @WithDefault("3m")
  Duration createContainerConfigErrorGracePeriod();

  /** A pod pending longer fails its attempt (retryable); 0: never. */
  @WithName("pod-pending-timeout")
  @WithDefault("0s")
  Duration podPendingTimeout();

  /** The task pods' scheduler; the cluster default when absent. */
  @WithName("scheduler-name")
  Optional<String> schedulerName();


  /** A Kubernetes toleration. */
  interface TolerationSetting {
    /** The taint key (absent: every key, with operator Exists). */
    Optional<String> key();

    /** Equal or Exists. */
    @WithDefault("Equal")
    String operator();

    /** The taint value (operator Equal). */
    Optional<String> value();

    /** NoSchedule, PreferNoSchedule or NoExecute (absent: every effect). */
    Optional<String> effect();
  }

  /** A Kubernetes node selector requirement (operator In when not given). */
  interface RequirementSetting {
    /** The node label. */
    String key();

    /** In, NotIn, Exists, DoesNotExist, Gt or Lt. */
    Optional<String> operator();

    /** The label values the operator compares with. */
    Optional<List<String>> values();
  }

  /** The plugin configuration these settings describe, with Flyte's default task back-off (2 s doubling to 20 s). */
  default PodPluginConfig toConfig() {
    return toConfig(Duration.ofSeconds(2), Duration.ofSeconds(20));
  }

  /**
   * The plugin configuration these settings describe, backing off after resource-quota refusals from
   * {@code backoffBase} doubling to {@code backoffMax} ({@code aloft.propeller.tasks.backoff.*}, the seed's
   * {@code tasks.backoff}).
   */
  default PodPluginConfig toConfig(Duration backoffBase, Duration backoffMax) {
    Map<String, String> annotations = new java.util.LinkedHashMap<>(PodPluginConfig.defaults().defaultAnnotations());
    annotations.putAll(defaultAnnotations());
    List<Toleration> tolerations = interruptibleTolerations().stream()
        .map(t -> new Toleration(t.effect().orElse(null), t.key().orElse(null), t.operator(), null,
            t.value().orElse(null)))
        .toList();
    NodeSelectorRequirement requirement = interruptibleNodeSelectorRequirement()
        .map(r -> new NodeSelectorRequirement(r.key(), r.operator().orElse("In"), r.values().orElse(List.of())))
        .orElse(null);
    return new PodPluginConfig(defaultCpus(), defaultMemory(), defaultEnvVars(), defaultLabels(), annotations,
        tolerations, interruptibleNodeSelector(), requirement, deleteResourceOnFinalize(), injectFinalizer(),
        imagePullBackoffGracePeriod(), createContainerErrorGracePeriod(), createContainerConfigErrorGracePeriod(),
        podPendingTimeout(), backoffBase, backoffMax,
        schedulerName().orElse(""));
  }
}
