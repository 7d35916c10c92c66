package io.aloft.propeller.config;

import io.aloft.propeller.controller.WorkflowReconciler;
import io.aloft.propeller.shard.ShardSelector;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.Arrays;
import java.util.List;

/**
 * Turns propeller's Flyte-named shard and namespace settings into the operator SDK's: the workflow informer's label
 * selector ({@code include/exclude-shard-key-label}, {@code -project-label}, {@code -domain-label}, and never
 * terminated workflows) and its namespaces ({@code limit-namespace}), so a shard's informer only ever holds its own
 * workflows. Also the client's request timeout from {@code kube-client-config.timeout}.
 *
 * <p>An interceptor rather than a config source factory: a factory only sees the sources that are not factories
 * themselves, and the files of {@code quarkus.config.locations} (how a deployment's ConfigMap arrives) are loaded
 * by one, so settings there never reached it. An interceptor derives each value when it is looked up, from every
 * source. A value set explicitly for the SDK's or the client's key wins, as it did over the factory's low ordinal.
 */
@Priority(Priorities.APPLICATION)
public final class ShardConfigInterceptor implements ConfigSourceInterceptor {
  static final String CONTROLLER = "quarkus.operator-sdk.controllers." + WorkflowReconciler.NAME + ".";
  static final String SELECTOR = CONTROLLER + "selector";
  static final String NAMESPACES = CONTROLLER + "namespaces";
  static final String REQUEST_TIMEOUT = "quarkus.kubernetes-client.request-timeout";
  private static final String SOURCE = "aloft-propeller-shard";

  @Override
  public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
    ConfigValue explicit = context.proceed(name);
    if (explicit != null) {
      return explicit;
    }
    String derived = switch (name) {
      case SELECTOR -> selector(context);
      case NAMESPACES -> namespaces(context);
      case REQUEST_TIMEOUT -> timeoutMillis(context);
      default -> null;
    };
    return derived == null ? null
        : ConfigValue.builder().withName(name).withValue(derived).withConfigSourceName(SOURCE).build();
  }

  private static String selector(ConfigSourceInterceptorContext context) {
    return ShardSelector.toSelector(ShardSelector.requirements(
        list(context, "include-shard-key-label").stream().map(Integer::valueOf).toList(),
        list(context, "exclude-shard-key-label").stream().map(Integer::valueOf).toList(),
        list(context, "include-project-label"), list(context, "exclude-project-label"),
        list(context, "include-domain-label"), list(context, "exclude-domain-label")));
  }

  /** One namespace, or none (all namespaces) for {@code all}. */
  private static String namespaces(ConfigSourceInterceptorContext context) {
    String namespace = setting(context, "limit-namespace");
    return namespace.isEmpty() || "all".equals(namespace) ? null : namespace;
  }

  /**
   * Only an explicit timeout: the client keeps its own default otherwise. Written as an ISO-8601 duration, which the
   * client's key (a Quarkus duration) reads unambiguously; a bare number there would mean seconds, not milliseconds.
   * Flyte's forms ({@code 30s}, {@code 500ms}, {@code 1m}) and a bare number of seconds are accepted, as Quarkus reads
   * durations.
   */
  private static String timeoutMillis(ConfigSourceInterceptorContext context) {
    String timeout = setting(context, "kube-client-config.timeout");
    return timeout.isEmpty() ? null : DurationConverter.parseDuration(timeout).toString();
  }

  private static List<String> list(ConfigSourceInterceptorContext context, String key) {
    return Arrays.stream(setting(context, key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** A propeller setting from any source, trimmed; empty when absent. */
  private static String setting(ConfigSourceInterceptorContext context, String key) {
    ConfigValue v = context.proceed(ShardSelector.PREFIX + key);
    return v == null || v.getValue() == null ? "" : v.getValue().trim();
  }
}
