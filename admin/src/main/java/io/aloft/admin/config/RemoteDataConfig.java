package io.aloft.admin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How admin handles literal data it receives in events and returns in the Get*Data RPCs (prefix
 * {@code aloft.admin.remote-data}); FlyteAdmin's {@code remoteData} section
 * (flyteadmin/pkg/runtime/interfaces/application_configuration.go RemoteDataConfig).
 */
@ConfigMapping(prefix = "aloft.admin.remote-data")
public interface RemoteDataConfig {

  /**
   * Literal maps up to this size are returned inline ({@code full_inputs}/{@code full_outputs}); larger ones only
   * as a URL. Event output data above it is refused with RESOURCE_EXHAUSTED. FlyteAdmin
   * {@code remoteData.maxSizeInBytes}.
   */
  @WithDefault("2097152")
  long maxSizeInBytes();

  /**
   * What happens to output data sent inline in an event: {@code offload} writes it to the blob store and keeps its
   * URI in the closure; {@code store-inline} keeps it in the closure. FlyteAdmin
   * {@code remoteData.inlineEventDataPolicy} (default Offload).
   */
  @WithDefault("offload")
  InlineEventDataPolicy inlineEventDataPolicy();

  /** The two event-data policies. */
  enum InlineEventDataPolicy {
    /** Write inline event data to the blob store; closures keep its URI. */
    OFFLOAD,
    /** Keep inline event data in the closure. */
    STORE_INLINE
  }
}
