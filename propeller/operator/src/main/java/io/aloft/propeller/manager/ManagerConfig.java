package io.aloft.propeller.manager;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The shard manager's settings under {@code aloft.propeller.manager} (read in manager mode only), named and defaulted
 * as flytepropeller's {@code manager} section ({@code manager/config/config.go}), with Aloft's names for the pods.
 */
@ConfigMapping(prefix = "aloft.propeller.manager")
public interface ManagerConfig {
  /** Prefix of every key, for messages. */
  String PREFIX = "aloft.propeller.manager.";

  /** The shard pods' names ({@code <pod-application>-<i>}) and their {@code app} label. */
  @WithName("pod-application")
  @WithDefault("aloft-propeller")
  String podApplication();

  /** The container of the PodTemplate that runs propeller and receives each shard's settings as env. */
  @WithName("pod-template-container-name")
  @WithDefault("propeller")
  String podTemplateContainerName();

  /** The PodTemplate the shard pods are made from. */
  @WithName("pod-template-name")
  @WithDefault("aloft-propeller-template")
  String podTemplateName();

  /** The PodTemplate's namespace. */
  @WithName("pod-template-namespace")
  @WithDefault("aloft")
  String podTemplateNamespace();

  /** Where the shard pods run; unset, the manager's own namespace (env POD_NAMESPACE), else the template's. */
  @WithName("pod-namespace")
  Optional<String> podNamespace();

  /** How often the pods are compared with the desired ones (Flyte's {@code scan-interval}). */
  @WithName("scan-interval")
  @WithDefault("10s")
  Duration scanInterval();

  /** How workflows are split among the shards ({@code shard}). */
  Shard shard();

  /** {@code shard}: Flyte's {@code ShardConfig}. */
  interface Shard {
    /** {@code hash} (by the shard-key label), {@code project} or {@code domain}. */
    @WithDefault("hash")
    String type();

    /** Shards of a hash layout, 1 to 32 (ignored by project and domain: one shard per mapping). */
    @WithName("shard-count")
    @WithDefault("3")
    int shardCount();

    /** Project or domain layouts: one shard per entry, listing its ids; one entry may be {@code *}, the rest. */
    @WithName("per-shard-mapping")
    List<Mapping> perShardMapping();

    /** One shard's ids. */
    interface Mapping {
      /** The projects or domains of this shard, or {@code *} alone. */
      List<String> ids();
    }
  }
}
