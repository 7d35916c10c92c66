package io.aloft.engine.remote;

import flyteidl.admin.Common.RawOutputDataConfig;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.Security.SecurityContext;
import java.util.Map;

/**
 * What a child execution inherits from its parent (flytepropeller's launchplan.LaunchContext).
 *
 * @param nestingLevel the parent's nesting level (0 for a top-level execution); the child gets one more
 * @param principal who launched the parent
 * @param parentNodeExecution the launch-plan node's execution (its unique id from event version 1 on)
 * @param maxParallelism the parent's max parallelism (0: admin's default)
 * @param securityContext the parent's security context; null for none
 * @param rawOutputDataConfig the parent's raw output prefix; null for none
 * @param labels the parent's labels (the shard-key label is not passed on)
 * @param annotations the parent's annotations
 * @param interruptible the parent's interruptible override; null when it sets none
 * @param overwriteCache the parent's overwrite-cache flag
 * @param environmentVariables the parent's environment variables
 */
public record LaunchContext(int nestingLevel, String principal, NodeExecutionIdentifier parentNodeExecution,
    int maxParallelism, SecurityContext securityContext, RawOutputDataConfig rawOutputDataConfig,
    Map<String, String> labels, Map<String, String> annotations, Boolean interruptible, boolean overwriteCache,
    Map<String, String> environmentVariables) {}
