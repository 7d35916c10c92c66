package io.aloft.propeller.config;

import io.aloft.propeller.controller.WorkflowReconciler;
import io.aloft.propeller.shard.ShardSelector;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns propeller's Flyte-named shard and namespace settings into the operator SDK's: the workflow informer's label
 * selector ({@code include/exclude-shard-key-label}, {@code -project-label}, {@code -domain-label}, and never
 * terminated workflows) and its namespaces ({@code limit-namespace}), so a shard's informer only ever holds its own
 * workflows. Also the client's request timeout from {@code kube-client-config.timeout}.
 */
public final class ShardConfigSourceFactory implements ConfigSourceFactory {
  private static final String CONTROLLER = "quarkus.operator-sdk.controllers." + WorkflowReconciler.NAME + ".";

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    List<ShardSelector.Requirement> requirements = ShardSelector.requirements(
        list(context, "include-shard-key-label").stream().map(Integer::valueOf).toList(),
        list(context, "exclude-shard-key-label").stream().map(Integer::valueOf).toList(),
        list(context, "include-project-label"), list(context, "exclude-project-label"),
        list(context, "include-domain-label"), list(context, "exclude-domain-label"));
    Map<String, String> props = new HashMap<>();
    props.put(CONTROLLER + "selector", ShardSelector.toSelector(requirements));
    ConfigValue ns = context.getValue(ShardSelector.PREFIX + "limit-namespace");
    String namespace = ns == null || ns.getValue() == null ? "all" : ns.getValue().trim();
    if (!namespace.isEmpty() && !"all".equals(namespace)) {
      props.put(CONTROLLER + "namespaces", namespace);
    }
    ConfigValue timeout = context.getValue(ShardSelector.PREFIX + "kube-client-config.timeout");
    if (timeout != null && timeout.getValue() != null && !timeout.getValue().isBlank()) {
      long millis = io.smallrye.config.common.utils.StringUtil.isNumeric(timeout.getValue())
          ? Long.parseLong(timeout.getValue()) * 1000
          : java.time.Duration.parse(timeout.getValue().startsWith("P") ? timeout.getValue()
              : "PT" + timeout.getValue().toUpperCase(java.util.Locale.ROOT)).toMillis();
      props.put("quarkus.kubernetes-client.request-timeout", Long.toString(millis));
    }
    // below the application's own properties (ordinal 250), above the defaults
    return List.of(new PropertiesConfigSource(props, "aloft-propeller-shard", 200));
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(200);
  }

  private static List<String> list(ConfigSourceContext context, String key) {
    ConfigValue v = context.getValue(ShardSelector.PREFIX + key);
    if (v == null || v.getValue() == null || v.getValue().isBlank()) {
      return List.of();
    }
    return Arrays.stream(v.getValue().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
