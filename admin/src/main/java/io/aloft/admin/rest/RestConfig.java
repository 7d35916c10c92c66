package io.aloft.admin.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The HTTP/JSON gateway (prefix {@code aloft.admin.rest}); FlyteAdmin serves the same on its HTTP port. */
@ConfigMapping(prefix = "aloft.admin.rest")
public interface RestConfig {

  /** Serve the bindings (GET, POST, PUT, PATCH, DELETE) of the services' {@code google.api.http} options. */
  @WithDefault("true")
  boolean enabled();

  /**
   * Answer 400 for a query parameter that names no field, repeats a path variable or sets a field another
   * parameter already set. grpc-gateway ignores the first two and keeps one of the values for the third; false
   * does the same.
   */
  @WithDefault("true")
  boolean strictQueryParameters();

  /** The largest request body read (as gRPC's default inbound message limit); a larger one is answered 413. */
  @WithDefault("4M")
  MemorySize maxBodySize();

  /** How long a request waits for an RPC that answers asynchronously (the services here answer at once). */
  @WithDefault("60s")
  Duration timeout();
}
