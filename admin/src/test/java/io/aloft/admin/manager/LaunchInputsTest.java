package io.aloft.admin.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.core.Interface.Parameter;
import flyteidl.core.Interface.ParameterMap;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import io.aloft.admin.AdminException;
import org.junit.jupiter.api.Test;

class LaunchInputsTest {
  private static Literal integer(long v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v)))
        .build();
  }

  private static Literal str(String v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setStringValue(v)))
        .build();
  }

  private static Parameter param(SimpleType t, Literal dflt, boolean required) {
    Parameter.Builder p = Parameter.newBuilder().setVar(Variable.newBuilder().setType(LiteralType.newBuilder()
        .setSimple(t))).setRequired(required);
    if (dflt != null) {
      p.setDefault(dflt);
    }
    return p.build();
  }

  private static final ParameterMap EXPECTED = ParameterMap.newBuilder()
      .putParameters("n", param(SimpleType.INTEGER, null, true))
      .putParameters("s", param(SimpleType.STRING, str("dflt"), false))
      .putParameters("opt", param(SimpleType.STRING, null, false)).build();
  private static final LiteralMap FIXED = LiteralMap.newBuilder().putLiterals("k", integer(1)).build();

  private static LiteralMap of(Object... kv) {
    LiteralMap.Builder b = LiteralMap.newBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      b.putLiterals((String) kv[i], (Literal) kv[i + 1]);
    }
    return b.build();
  }

  @Test
  void requestThenDefaultsThenFixed() {
    LiteralMap out = LaunchInputs.resolve(of("n", integer(3)), FIXED, EXPECTED);
    assertThat(out.getLiteralsMap()).containsEntry("n", integer(3)).containsEntry("s", str("dflt"))
        .containsEntry("k", integer(1)).doesNotContainKey("opt");
  }

  @Test
  void everyRefusalNamesTheInput() {
    assertThatThrownBy(() -> LaunchInputs.resolve(of(), FIXED, EXPECTED)).isInstanceOf(AdminException.class)
        .hasMessageContaining("[n]");
    assertThatThrownBy(() -> LaunchInputs.resolve(of("n", str("x")), FIXED, EXPECTED))
        .hasMessageContaining("[n]").hasMessageContaining("wrong type");
    assertThatThrownBy(() -> LaunchInputs.resolve(of("n", integer(1), "zz", integer(1)), FIXED, EXPECTED))
        .hasMessageContaining("[zz]");
    assertThatThrownBy(() -> LaunchInputs.resolve(of("n", integer(1), "k", integer(2)), FIXED, EXPECTED))
        .hasMessageContaining("fixed input [k]");
  }
}
