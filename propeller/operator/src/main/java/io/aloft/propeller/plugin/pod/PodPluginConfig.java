package io.aloft.propeller.plugin.pod;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The pod plugin's configuration, named as Flyte's k8s plugin config (flytek8s/config/config.go, section
 * {@code plugins.k8s}) and the task back-off config ({@code tasks.backoff}); the operator reads it under
 * {@code aloft.propeller.plugins.k8s.*}.
 *
 * @param defaultCpus {@code default-cpus}: the cpu request of a container that asks for none
 * @param defaultMemory {@code default-memory}: the memory request of a container that asks for none
 * @param defaultEnvVars {@code default-env-vars}: added to every container's environment
 * @param defaultLabels {@code default-labels}: added to every pod
 * @param defaultAnnotations {@code default-annotations}: added to every pod
 * @param interruptibleTolerations {@code interruptible-tolerations}: added to interruptible pods
 * @param interruptibleNodeSelector {@code interruptible-node-selector}: node selector of interruptible pods
 * @param interruptibleNodeSelectorRequirement {@code interruptible-node-selector-requirement}: a required node
 *     affinity term of interruptible pods (null: none)
 * @param deleteResourceOnFinalize {@code delete-resource-on-finalize}: finalize() deletes the pod
 * @param injectFinalizer {@code inject-finalizer}: pods carry finalizer {@value PodPlugin#FINALIZER}, removed when
 *     the attempt is over
 * @param imagePullBackoffGracePeriod {@code image-pull-backoff-grace-period}: how long ImagePullBackOff is tolerated
 * @param createContainerErrorGracePeriod {@code create-container-error-grace-period}: how long CreateContainerError
 *     is tolerated
 * @param createContainerConfigErrorGracePeriod {@code create-container-config-error-grace-period}: how long
 *     CreateContainerConfigError is tolerated
 * @param podPendingTimeout {@code pod-pending-timeout}: a pod pending longer fails the attempt (zero: never)
 * @param backoffBase {@code tasks.backoff.base-second}: the first wait after a resource-quota refusal
 * @param backoffMax {@code tasks.backoff.max-duration}: the longest wait
 * @param schedulerName {@code scheduler-name}: the pods' scheduler (empty: the cluster default)
 */
public record PodPluginConfig(String defaultCpus, String defaultMemory, Map<String, String> defaultEnvVars,
    Map<String, String> defaultLabels, Map<String, String> defaultAnnotations,
    List<Toleration> interruptibleTolerations, Map<String, String> interruptibleNodeSelector,
    NodeSelectorRequirement interruptibleNodeSelectorRequirement, boolean deleteResourceOnFinalize,
    boolean injectFinalizer, Duration imagePullBackoffGracePeriod, Duration createContainerErrorGracePeriod,
    Duration createContainerConfigErrorGracePeriod, Duration podPendingTimeout, Duration backoffBase,
    Duration backoffMax, String schedulerName) {

  public PodPluginConfig {
    defaultEnvVars = defaultEnvVars == null ? Map.of() : Map.copyOf(defaultEnvVars);
    defaultLabels = defaultLabels == null ? Map.of() : Map.copyOf(defaultLabels);
    defaultAnnotations = defaultAnnotations == null ? Map.of() : Map.copyOf(defaultAnnotations);
    interruptibleTolerations = interruptibleTolerations == null ? List.of() : List.copyOf(interruptibleTolerations);
    interruptibleNodeSelector = interruptibleNodeSelector == null ? Map.of() : Map.copyOf(interruptibleNodeSelector);
    schedulerName = schedulerName == null ? "" : schedulerName;
  }

  /** Flyte's code defaults. */
  public static PodPluginConfig defaults() {
    return new PodPluginConfig("1000m", "1024Mi", Map.of(), Map.of(),
        Map.of("cluster-autoscaler.kubernetes.io/safe-to-evict", "false"), List.of(), Map.of(), null, false, false,
        Duration.ofMinutes(3), Duration.ofMinutes(3), Duration.ofMinutes(3), Duration.ZERO, Duration.ofSeconds(2),
        Duration.ofSeconds(20), "");
  }

  public PodPluginConfig withDeleteResourceOnFinalize(boolean v) {
    return new PodPluginConfig(defaultCpus, defaultMemory, defaultEnvVars, defaultLabels, defaultAnnotations,
        interruptibleTolerations, interruptibleNodeSelector, interruptibleNodeSelectorRequirement, v, injectFinalizer,
        imagePullBackoffGracePeriod, createContainerErrorGracePeriod, createContainerConfigErrorGracePeriod,
        podPendingTimeout, backoffBase, backoffMax, schedulerName);
  }

  public PodPluginConfig withInjectFinalizer(boolean v) {
    return new PodPluginConfig(defaultCpus, defaultMemory, defaultEnvVars, defaultLabels, defaultAnnotations,
        interruptibleTolerations, interruptibleNodeSelector, interruptibleNodeSelectorRequirement,
        deleteResourceOnFinalize, v, imagePullBackoffGracePeriod, createContainerErrorGracePeriod,
        createContainerConfigErrorGracePeriod, podPendingTimeout, backoffBase, backoffMax, schedulerName);
  }

  public PodPluginConfig withBackoff(Duration base, Duration max) {
    return new PodPluginConfig(defaultCpus, defaultMemory, defaultEnvVars, defaultLabels, defaultAnnotations,
        interruptibleTolerations, interruptibleNodeSelector, interruptibleNodeSelectorRequirement,
        deleteResourceOnFinalize, injectFinalizer, imagePullBackoffGracePeriod, createContainerErrorGracePeriod,
        createContainerConfigErrorGracePeriod, podPendingTimeout, base, max, schedulerName);
  }

  public PodPluginConfig withInterruptible(List<Toleration> tolerations, Map<String, String> nodeSelector,
      NodeSelectorRequirement requirement) {
    return new PodPluginConfig(defaultCpus, defaultMemory, defaultEnvVars, defaultLabels, defaultAnnotations,
        tolerations, nodeSelector, requirement, deleteResourceOnFinalize, injectFinalizer,
        imagePullBackoffGracePeriod, createContainerErrorGracePeriod, createContainerConfigErrorGracePeriod,
        podPendingTimeout, backoffBase, backoffMax, schedulerName);
  }

  public PodPluginConfig withDefaults(String cpus, String memory, Map<String, String> envVars,
      Map<String, String> labels, Map<String, String> annotations) {
    return new PodPluginConfig(cpus, memory, envVars, labels, annotations, interruptibleTolerations,
        interruptibleNodeSelector, interruptibleNodeSelectorRequirement, deleteResourceOnFinalize, injectFinalizer,
        imagePullBackoffGracePeriod, createContainerErrorGracePeriod, createContainerConfigErrorGracePeriod,
        podPendingTimeout, backoffBase, backoffMax, schedulerName);
  }

  public PodPluginConfig withGracePeriods(Duration imagePullBackoff, Duration createContainerError,
      Duration createContainerConfigError, Duration podPending) {
    return new PodPluginConfig(defaultCpus, defaultMemory, defaultEnvVars, defaultLabels, defaultAnnotations,
        interruptibleTolerations, interruptibleNodeSelector, interruptibleNodeSelectorRequirement,
        deleteResourceOnFinalize, injectFinalizer, imagePullBackoff, createContainerError, createContainerConfigError,
        podPending, backoffBase, backoffMax, schedulerName);
  }
}
