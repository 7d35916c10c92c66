package io.aloft.datacatalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Datacatalog's settings (prefix {@code aloft.datacatalog}); the first three carry the name and meaning of Flyte's
 * datacatalog {@code application} settings (datacatalog/pkg/runtime/configs/data_catalog_config.go).
 */
@ConfigMapping(prefix = "aloft.datacatalog")
public interface CatalogConfig {

  /**
   * Key prefix under which artifact data that is not kept inline is stored in the blob store, as Flyte's
   * {@code storage-prefix}: {@code <prefix>/<project>/<domain>/<name>/<version>/<artifactId>/<dataName>/data.pb}.
   */
  @WithDefault("metadata")
  String storagePrefix();

  /** Heartbeats a reservation outlives without an extension (Flyte {@code heartbeat-grace-period-multiplier}). */
  @WithDefault("3")
  int heartbeatGracePeriodMultiplier();

  /** The longest heartbeat interval granted; longer requests get this (Flyte {@code max-reservation-heartbeat}). */
  @WithDefault("10s")
  Duration maxReservationHeartbeat();

  /**
   * Serialized literals up to this many bytes are kept in PostgreSQL with the artifact; larger ones go to the blob
   * store as Flyte keeps all of them. 0 stores every literal in the blob store (Flyte's layout). See ADR 0005.
   */
  @WithDefault("65536")
  int inlineDataMaxBytes();
}
