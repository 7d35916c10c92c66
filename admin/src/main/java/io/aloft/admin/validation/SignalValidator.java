package io.aloft.admin.validation;

import flyteidl.core.IdentifierOuterClass.SignalIdentifier;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.LiteralType;
import io.aloft.admin.AdminException;
import io.aloft.compiler.typing.LiteralTypes;
import io.aloft.compiler.typing.TypeCompatibility;

/**
 * The request checks of SignalService that need no database
 * (flyteadmin/pkg/manager/impl/validation/signal_validator.go).
 */
public final class SignalValidator {
  private SignalValidator() {}

  /** Throws INVALID_ARGUMENT naming the first missing part of a signal identifier (ValidateSignalIdentifier). */
  public static void identifier(boolean present, SignalIdentifier id) {
    if (!present) {
      throw AdminException.invalid("missing id");
    }
    if (!id.hasExecutionId()) {
      throw AdminException.invalid("missing id.execution_id");
    }
    Validation.required(id.getSignalId(), "id.signal_id");
    Validation.required(id.getExecutionId().getProject(), "id.execution_id.project");
    Validation.required(id.getExecutionId().getDomain(), "id.execution_id.domain");
    Validation.required(id.getExecutionId().getName(), "id.execution_id.name");
    Validation.storable(id.getExecutionId().getOrg(), "id.execution_id.org");
  }

  /** Throws INVALID_ARGUMENT unless {@code type} sets a literal type. */
  public static void type(boolean present, LiteralType type) {
    if (!present) {
      throw AdminException.invalid("missing type");
    }
    if (type.getTypeCase() == LiteralType.TypeCase.TYPE_NOT_SET) {
      throw AdminException.invalid("invalid type: no literal type is set");
    }
  }

  /**
   * Throws INVALID_ARGUMENT unless a value of {@code value}'s inferred type may be bound where {@code type} is
   * expected (the compiler's rules, {@code TypeCompatibility.isCastable(valueType, signalType)}).
   *
   * <p>FlyteAdmin asks the opposite question, {@code AreTypesCastable(signalType, valueType)}; the two agree on
   * simple types but FlyteAdmin refuses, for instance, an int for a signal typed {@code Union[int, str]} and an
   * empty list for a {@code List[int]} signal, which the direction used here accepts as a binding would.
   */
  public static void castable(LiteralType type, Literal value, String signal) {
    LiteralType valueType = LiteralTypes.typeOf(value);
    if (valueType == null) {
      throw AdminException.invalid("value of signal " + signal + " has no type that can be inferred (an unset"
          + " literal, or a blob without metadata)");
    }
    if (!TypeCompatibility.isCastable(valueType, type)) {
      throw AdminException.invalid("value of type [" + LiteralTypes.describe(valueType) + "] is not castable to the"
          + " type [" + LiteralTypes.describe(type) + "] of signal " + signal);
    }
  }
}
