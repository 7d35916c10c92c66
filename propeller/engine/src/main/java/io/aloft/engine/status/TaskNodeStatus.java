package io.aloft.engine.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** {@code TaskNodeStatus} of a task node (v1alpha1 TaskNodeStatus): the plugin's phase and state for this attempt. */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = true)
public class TaskNodeStatus {
  /** The plugin's phase as {@link io.aloft.engine.plugin.TaskPhase#code()}. */
  public int phase;
  /** Bumped by the plugin when something reportable changed without a phase change. */
  public int phaseVersion;
  /** Opaque plugin state (Go []byte, hence base64 in JSON). */
  @JsonProperty("pState")
  public byte[] pluginState;
  /** Version of the plugin state's format. */
  @JsonProperty("psv")
  public int pluginStateVersion;
  @JsonProperty("updAt")
  @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = Rfc3339.Serializer.class)
  @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = Rfc3339.Deserializer.class)
  public Instant lastPhaseUpdatedAt;
  /**
   * Aloft's own: the attempt's task cache status (flyteidl.core.CatalogCacheStatus number; 0 = not looked up).
   * Flyte keeps it in the phase info of one round; persisting it lets a restarted operator know the lookup was done.
   */
  @JsonProperty("aloftCacheStatus")
  public int cacheStatus;
  /** Aloft's own: the attempt's cache reservation status (flyteidl.core.CatalogReservation.Status number). */
  @JsonProperty("aloftReservationStatus")
  public int reservationStatus;
  /** The catalog coordinates of this round's cache lookup or write, for its events; not persisted. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public flyteidl.core.Catalog.CatalogMetadata catalogKey;
}
