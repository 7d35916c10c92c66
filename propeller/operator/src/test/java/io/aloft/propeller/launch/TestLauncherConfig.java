package io.aloft.propeller.launch;

import io.aloft.propeller.config.PropellerConfig.AdminLauncherConfig;
import java.time.Duration;

/** {@code admin-launcher} settings as a plain value, the way tests stub a config mapping. */
record TestLauncherConfig(int tps, int burst, int cacheSize, int workers, Duration cacheResyncDuration)
    implements AdminLauncherConfig {

  /** No rate limit worth noticing, a small cache, and a resync of {@code resync}. */
  static TestLauncherConfig resyncEvery(Duration resync) {
    return new TestLauncherConfig(1000, 1000, 100, 2, resync);
  }
}
