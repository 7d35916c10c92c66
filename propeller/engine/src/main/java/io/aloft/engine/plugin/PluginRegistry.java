package io.aloft.engine.plugin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Task type to plugin (tasks.task-plugins: enabled plugins and default-for-task-types). */
public final class PluginRegistry {
  private final Map<String, TaskPlugin> byType = new LinkedHashMap<>();

  /** A registry of {@code plugins}; a later plugin wins a task type both claim. */
  public PluginRegistry(List<TaskPlugin> plugins) {
    for (TaskPlugin p : plugins) {
      p.taskTypes().forEach(t -> byType.put(t, p));
    }
  }

  /** Also runs {@code taskType} with {@code plugin} (default-for-task-types). */
  public PluginRegistry withDefault(String taskType, TaskPlugin plugin) {
    byType.put(taskType, plugin);
    return this;
  }

  /** The plugin for {@code taskType}. */
  public Optional<TaskPlugin> forType(String taskType) {
    return Optional.ofNullable(byType.get(taskType));
  }
}
