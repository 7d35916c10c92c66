package io.aloft.propeller.config;

import io.aloft.propeller.operator.RunMode;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Derives from {@code aloft.propeller.mode} which readiness checks run: {@value #EVALUATES} is true in propeller
 * mode, {@value #MANAGES} in manager mode. application.properties turns the checks on and off with them (the
 * operator SDK's check says DOWN for ever when its operator never starts, as in manager mode). Health checks are
 * switched by configuration only, hence a derived setting rather than code in the checks.
 *
 * <p>Below the expression interceptor ({@code Priorities.LIBRARY + 300}): a {@code ${...}} in a value is expanded by
 * a lookup that only reaches the interceptors after it.
 */
@Priority(RunModeConfigInterceptor.PRIORITY)
public final class RunModeConfigInterceptor implements ConfigSourceInterceptor {
  static final int PRIORITY = Priorities.LIBRARY + 250;
  static final String EVALUATES = "aloft.propeller.internal.evaluates";
  static final String MANAGES = "aloft.propeller.internal.manages";
  private static final String SOURCE = "aloft-propeller-mode";

  @Override
  public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
    if (!EVALUATES.equals(name) && !MANAGES.equals(name)) {
      return context.proceed(name);
    }
    ConfigValue mode = context.proceed(RunMode.KEY);
    RunMode.Mode m = RunMode.parse(mode == null || mode.getValue() == null ? "propeller" : mode.getValue());
    boolean value = EVALUATES.equals(name) ? m == RunMode.Mode.PROPELLER : m == RunMode.Mode.MANAGER;
    return ConfigValue.builder().withName(name).withValue(String.valueOf(value)).withConfigSourceName(SOURCE)
        .build();
  }
}
