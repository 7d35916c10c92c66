package io.aloft.compiler;

/**
 * Compile error codes. The wire names are Flyte's (flytepropeller/pkg/compiler/errors/compiler_errors.go), so an
 * error reported by Aloft reads the same as one from FlyteAdmin.
 */
public enum ErrorCode {
  CYCLE_DETECTED("CycleDetected"),
  BRANCH_NODE_ID_NOT_FOUND("BranchNodeIdNotFound"),
  BRANCH_NODE_HAS_NO_CONDITION("BranchNodeHasNoCondition"),
  BRANCH_NODE_HAS_NO_DEFAULT("BranchNodeHasNoDefault"),
  VALUE_REQUIRED("ValueRequired"),
  INVALID_VALUE("InvalidValue"),
  NODE_REFERENCE_NOT_FOUND("NodeReferenceNotFound"),
  TASK_REFERENCE_NOT_FOUND("TaskReferenceNotFound"),
  WORKFLOW_REFERENCE_NOT_FOUND("WorkflowReferenceNotFound"),
  VARIABLE_NAME_NOT_FOUND("VariableNameNotFound"),
  DUPLICATE_ALIAS("DuplicateAlias"),
  DUPLICATE_NODE_ID("DuplicateId"),
  MISMATCHING_TYPES("MismatchingTypes"),
  MISMATCHING_BINDINGS("MismatchingBindings"),
  MISMATCHING_INTERFACES("MismatchingInterfaces"),
  INCONSISTENT_TYPES("InconsistentTypes"),
  PARAMETER_BOUND_MORE_THAN_ONCE("ParameterBoundMoreThanOnce"),
  PARAMETER_NOT_BOUND("ParameterNotBound"),
  NO_ENTRY_NODE_FOUND("NoEntryNodeFound"),
  UNREACHABLE_NODES("UnreachableNodes"),
  UNRECOGNIZED_VALUE("UnrecognizedValue"),
  WORKFLOW_BUILD_ERROR("WorkflowBuildError"),
  VALUE_COLLISION("ValueCollision"),
  SYNTAX_ERROR("SyntaxError"),
  NO_NODES_FOUND("NoNodesFound"),
  ILLEGAL_ENUM_VALUE("IllegalEnumValue"),
  AMBIGUOUS_BINDING_UNION_VALUE("AmbiguousBindingUnionValue"),
  INCOMPATIBLE_BINDING_UNION_VALUE("IncompatibleBindingUnionValue"),
  NO_CONDITION_FOUND("NoConditionFound"),
  FIELD_NOT_FOUND("FieldNotFound");

  private final String wireName;

  ErrorCode(String wireName) {
    this.wireName = wireName;
  }

  /** The code as Flyte spells it, e.g. {@code ParameterNotBound}. */
  public String wireName() {
    return wireName;
  }
}
