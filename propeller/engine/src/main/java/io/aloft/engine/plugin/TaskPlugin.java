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

  /** Starts (first call for the attempt) or checks the attempt; returns its phase now. */
  PluginTransition handle(TaskExecutionContext ctx) throws Exception;

  /** Stops the attempt (kills its pod); called on timeout, retry, workflow failure or abort. */
  void abort(TaskExecutionContext ctx, String reason) throws Exception;

  /** Releases what the attempt holds (deletes its pod) once it is over. */
  void finalize(TaskExecutionContext ctx) throws Exception;
}
