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
 * The resource-quota back-off is Flyte's {@code tasks.backoff}: {@code aloft.propeller.plugins.k8s.backoff.*} here.
 */
@ConfigMapping(prefix = "aloft.propeller.plugins.k8s")
public interface PodPluginSettings {
  @WithName("default-cpus")
  @WithDefault("1000m")
  String defaultCpus();

  @WithName("default-memory")
  @WithDefault("1024Mi")
  String defaultMemory();

  @WithName("default-env-vars")
  Map<String, String> defaultEnvVars();

  @WithName("default-labels")
  Map<String, String> defaultLabels();

  /** Flyte's default: {@code cluster-autoscaler.kubernetes.io/safe-to-evict: "false"} (kept unless overridden). */
  @WithName("default-annotations")
  Map<String, String> defaultAnnotations();

  @WithName("interruptible-tolerations")
  List<TolerationSetting> interruptibleTolerations();

  @WithName("interruptible-node-selector")
  Map<String, String> interruptibleNodeSelector();

  @WithName("interruptible-node-selector-requirement")
  Optional<RequirementSetting> interruptibleNodeSelectorRequirement();

  @WithName("delete-resource-on-finalize")
  @WithDefault("false")
  boolean deleteResourceOnFinalize();

  @WithName("inject-finalizer")
  @WithDefault("false")
  boolean injectFinalizer();

  @WithName("image-pull-backoff-grace-period")
  @WithDefault("3m")
  Duration imagePullBackoffGracePeriod();

  @WithName("create-container-error-grace-period")
  @WithDefault("3m")
  Duration createContainerErrorGracePeriod();

  @WithName("create-container-config-error-grace-period")
  @WithDefault("3m")
  Duration createContainerConfigErrorGracePeriod();

  /** 0: a pending pod never times out. */
  @WithName("pod-pending-timeout")
  @WithDefault("0s")
  Duration podPendingTimeout();

  @WithName("scheduler-name")
  Optional<String> schedulerName();

  @WithName("backoff")
  Backoff backoff();

  /** {@code tasks.backoff}. */
  interface Backoff {
    @WithName("base-second")
    @WithDefault("2")
    int baseSecond();

    @WithName("max-duration")
    @WithDefault("20s")
    Duration maxDuration();
  }

  /** A Kubernetes toleration. */
  interface TolerationSetting {
    Optional<String> key();

    @WithDefault("Equal")
    String operator();

    Optional<String> value();

    Optional<String> effect();
  }

  /** A Kubernetes node selector requirement (operator In when not given). */
  interface RequirementSetting {
    String key();

    Optional<String> operator();

    Optional<List<String>> values();
  }

  /** The plugin configuration these settings describe. */
  default PodPluginConfig toConfig() {
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
        podPendingTimeout(), Duration.ofSeconds(backoff().baseSecond()), backoff().maxDuration(),
        schedulerName().orElse(""));
  }
}
