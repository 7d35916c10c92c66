package io.aloft.admin.manager;

import flyteidl.core.Interface.Parameter;
import flyteidl.core.Interface.ParameterMap;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import io.aloft.admin.AdminException;
import io.aloft.compiler.typing.LiteralTypes;
import io.aloft.compiler.typing.TypeCompatibility;
import java.util.Map;
import java.util.TreeMap;

/**
 * The inputs of an execution: the request's, checked against the launch plan's expected inputs, completed with
 * defaults and fixed inputs (flyteadmin validation.CheckAndFetchInputsForExecution). Every refusal names the input.
 */
public final class LaunchInputs {
  private LaunchInputs() {}

  /**
   * Resolves the execution inputs.
   *
   * @param user the request's inputs
   * @param fixed the launch plan's fixed inputs (may not be overridden)
   * @param expected the launch plan's expected inputs (required ones must be given unless defaulted)
   */
  public static LiteralMap resolve(LiteralMap user, LiteralMap fixed, ParameterMap expected) {
    Map<String, Literal> out = new TreeMap<>();
    Map<String, Parameter> params = expected.getParametersMap();
    for (Map.Entry<String, Literal> e : user.getLiteralsMap().entrySet()) {
      String name = e.getKey();
      if (fixed.containsLiterals(name)) {
        throw AdminException.invalid("fixed input [" + name + "] cannot be overridden");
      }
      Parameter p = params.get(name);
      if (p == null) {
        throw AdminException.invalid("invalid input [" + name + "]: the launch plan has no such input (expected "
            + new java.util.TreeSet<>(params.keySet()) + ")");
      }
      LiteralType given = LiteralTypes.typeOf(e.getValue());
      if (given == null || !TypeCompatibility.isCastable(given, p.getVar().getType())) {
        throw AdminException.invalid("invalid input [" + name + "]: wrong type: got ["
            + (given == null ? "unrecognized literal" : LiteralTypes.describe(given)) + "], expected ["
            + LiteralTypes.describe(p.getVar().getType()) + "]");
      }
      out.put(name, e.getValue());
    }
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      if (out.containsKey(e.getKey())) {
        continue;
      }
      Parameter p = e.getValue();
      if (p.hasDefault()) {
        out.put(e.getKey(), p.getDefault());
      } else if (p.getRequired()) {
        throw AdminException.invalid("expected input [" + e.getKey() + "] is required and missing");
      }
    }
    out.putAll(fixed.getLiteralsMap());
    return LiteralMap.newBuilder().putAllLiterals(out).build();
  }
}
