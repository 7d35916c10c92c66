package io.aloft.engine.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** {@code TaskNodeStatus} of a task node (v1alpha1 TaskNodeStatus): the plugin's phase and state for this attempt. */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = true)
public class TaskNodeStatus extends Tracked {
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

  /**
   * Records the plugin's phase, phase version and state; true when the phase or version changed (a task event is
   * due). A new state alone marks the status changed too.
   */
  public boolean record(int newPhase, int newVersion, byte[] state, Instant now) {
    if (state != null && !java.util.Arrays.equals(state, pluginState)) {
      pluginState = state;
      markDirty();
    }
    if (phase == newPhase && phaseVersion == newVersion) {
      return false;
    }
    phase = newPhase;
    phaseVersion = newVersion;
    lastPhaseUpdatedAt = Rfc3339.truncate(now);
    markDirty();
    return true;
  }

  /** Records the attempt's cache outcome ({@code CatalogCacheStatus} number) and, when known, its catalog key. */
  public void cacheOutcome(int status, flyteidl.core.Catalog.CatalogMetadata key) {
    if (cacheStatus != status) {
      cacheStatus = status;
      markDirty();
    }
    catalogKey = key;
  }

  /** Records the attempt's cache reservation ({@code CatalogReservation.Status} number). */
  public void reservationOutcome(int status) {
    if (reservationStatus != status) {
      reservationStatus = status;
      markDirty();
    }
  }

  /** Forgets the previous round's catalog key (it is not persisted). */
  public void clearCatalogKey() {
    catalogKey = null;
  }
}
