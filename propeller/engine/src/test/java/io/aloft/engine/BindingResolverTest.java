package io.aloft.engine;

import static io.aloft.engine.TestWorkflows.INT;
import static io.aloft.engine.TestWorkflows.intLit;
import static io.aloft.engine.TestWorkflows.listLit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.BindingData;
import flyteidl.core.Literals.BindingDataMap;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.UnionInfo;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.OutputReference;
import flyteidl.core.Types.PromiseAttribute;
import flyteidl.core.Types.UnionType;
import io.aloft.engine.data.BindingResolver;
import io.aloft.engine.data.DataLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindingResolverTest {
  private final BindingResolver.Outputs upstream = new BindingResolver.Outputs() {
    @Override
    public LiteralMap of(String nodeId) {
      return LiteralMap.newBuilder().putLiterals("o0", intLit(4))
          .putLiterals("m", Literal.newBuilder().setMap(LiteralMap.newBuilder().putLiterals("k", listLit(intLit(8),
              intLit(9))))
              .build()).build();
    }

    @Override
    public String unalias(String nodeId, String alias) {
      return alias.equals("total") ? "o0" : alias;
    }
  };

  static BindingData promise(String var, PromiseAttribute... path) {
    return BindingData.newBuilder().setPromise(OutputReference.newBuilder().setNodeId("n0").setVar(var)
        .addAllAttrPath(List.of(path))).build();
  }

  @Test
  void resolvesMapsUnionsAliasesAndPaths() {
    LiteralType union = LiteralType.newBuilder().setUnionType(UnionType.newBuilder().addVariants(INT)).build();
    List<Binding> bindings = List.of(
        Binding.newBuilder().setVar("a").setBinding(BindingData.newBuilder().setMap(BindingDataMap.newBuilder()
            .putBindings("x", promise("total")))).build(),
        Binding.newBuilder().setVar("u").setBinding(promise("o0").toBuilder()
            .setUnion(UnionInfo.newBuilder().setTargetType(union))).build(),
        Binding.newBuilder().setVar("p").setBinding(promise("m", PromiseAttribute.newBuilder().setStringValue("k")
            .build(), PromiseAttribute.newBuilder().setIntValue(1).build())).build());

    LiteralMap out = BindingResolver.resolve(bindings, upstream);

    assertThat(out.getLiteralsOrThrow("a").getMap().getLiteralsOrThrow("x")).isEqualTo(intLit(4));
    Scalar u = out.getLiteralsOrThrow("u").getScalar();
    assertThat(u.getUnion().getValue()).isEqualTo(intLit(4));
    assertThat(u.getUnion().getType()).isEqualTo(union);
    assertThat(out.getLiteralsOrThrow("p")).isEqualTo(intLit(9));
  }

  @Test
  void missingOutputOrBadPathIsABindingError() {
    assertThatThrownBy(() -> BindingResolver.resolve(List.of(Binding.newBuilder().setVar("a")
        .setBinding(promise("nope")).build()), upstream))
        .isInstanceOf(BindingResolver.BindingException.class).hasMessageContaining("[nope]");
    assertThatThrownBy(() -> BindingResolver.resolve(List.of(Binding.newBuilder().setVar("a")
        .setBinding(promise("m", PromiseAttribute.newBuilder().setStringValue("zz").build())).build()), upstream))
        .isInstanceOf(BindingResolver.BindingException.class).hasMessageContaining("key zz not found");
  }

  @Test
  void dataLayoutFollowsFlyte() {
    String wf = DataLayout.workflowDataDir("s3://bucket", "metadata/propeller", "p", "d", "e1");
    assertThat(wf).isEqualTo("s3://bucket/metadata/propeller/p-d-e1");
    assertThat(DataLayout.outputDir(DataLayout.nodeDataDir(wf, "n0"), 2))
        .isEqualTo("s3://bucket/metadata/propeller/p-d-e1/n0/data/2");
    assertThat(DataLayout.generatedName("e1", "n0", 0)).isEqualTo("e1-n0-0");
    String longName = DataLayout.generatedName("a".repeat(40), "node-with-a-long-id", 3);
    assertThat(longName).hasSize(8).startsWith("f");
    assertThat(DataLayout.rawOutputPrefix("s3://raw/", "e1", "n0", 0)).matches("s3://raw/[0-9a-z]{2}/e1-n0-0");
    assertThat(Map.of()).isEmpty();
  }
}
