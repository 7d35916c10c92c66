package io.aloft.admin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Admin's own settings (prefix {@code aloft.admin}); each mirrors a FlyteAdmin setting of the same meaning. */
@ConfigMapping(prefix = "aloft.admin")
public interface AdminConfig {

  /** Domains every project has, as FlyteAdmin's {@code domains} config (id = name). */
  @WithDefault("development,staging,production")
  List<String> domains();

  /** Platform default max parallelism of an execution (FlyteAdmin {@code flyteadmin.maxParallelism}). */
  @WithDefault("25")
  int maxParallelism();
}
