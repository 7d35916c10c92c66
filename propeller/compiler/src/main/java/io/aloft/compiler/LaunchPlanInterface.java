package io.aloft.compiler;

import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.Interface.ParameterMap;
import flyteidl.core.Interface.VariableMap;

/**
 * What the compiler needs to know of a launch plan a workflow node calls: its inputs (a parameter is
 * {@code required} unless the launch plan gives it a default or a fixed value) and its outputs. Mirrors Flyte's
 * compiler {@code common.InterfaceProvider}.
 */
public record LaunchPlanInterface(Identifier id, ParameterMap expectedInputs, VariableMap expectedOutputs) {}
