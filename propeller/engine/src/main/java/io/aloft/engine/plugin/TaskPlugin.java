package io.aloft.engine.plugin;

import java.util.Set;

/**
 * Runs tasks of some types (flyteplugins pluginmachinery core.Plugin). Every method must be idempotent per
 * (node, attempt): the engine may call {@link #handle} again for an attempt it already launched after a restart, and
 * {@link #abort} / {@link #finalize} more than once.
 */
public interface TaskPlugin {
  /** The plugin's id, reported in task events ({@code plugin_identifier}). */
  String id();

  /** Task types this plugin runs. */
  Set<String> taskTypes();

  /**
   * Whether the task runs user code (a pod, a remote job). A plugin without any (such as {@code echo}) writes the
   * outputs itself before it reports success and never writes a futures file, so the engine does not look for either
   * in storage after it succeeded (a HEAD request each, per attempt).
   */
  default boolean runsUserCode() {
    return true;
  }

  /** Starts (first call for the attempt) or checks the attempt; returns its phase now. */
  PluginTransition handle(TaskExecutionContext ctx) throws Exception;

  /** Stops the attempt (kills its pod); called on timeout, retry, workflow failure or abort. */
  void abort(TaskExecutionContext ctx, String reason) throws Exception;

  /** Releases what the attempt holds (deletes its pod) once it is over. */
  void finalize(TaskExecutionContext ctx) throws Exception;
}
