package io.aloft.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.engine.data.InMemoryBlobStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoPluginTest {
  final InMemoryBlobStore blobs = new InMemoryBlobStore();

  @Test
  void flytekitsEchoTaskReturnsItsInputUnderItsOutputName() {
    // flytekit's Echo(name=..., inputs={"x": int}) declares input x and output o0
    TaskExecutionContext ctx = context(List.of("x"), List.of("o0"), LiteralMap.newBuilder().putLiterals("x", lit(7)).build());

    assertThat(new EchoPlugin().handle(ctx)).isEqualTo(PluginTransition.succeeded());
    assertThat(outputs(ctx).getLiteralsMap()).containsOnlyKeys("o0").containsEntry("o0", lit(7));
  }

  @Test
  void inputsAndOutputsOfTheSameNamesMapToEachOther() {
    LiteralMap in = LiteralMap.newBuilder().putLiterals("a", lit(1)).putLiterals("b", lit(2)).build();
    TaskExecutionContext ctx = context(List.of("a", "b"), List.of("a", "b"), in);

    new EchoPlugin().handle(ctx);
    assertThat(outputs(ctx)).isEqualTo(in);
  }

  @Test
  void anInterfaceThatCannotEchoFailsTheTaskAsFlytesDoes() {
    PluginTransition counts = new EchoPlugin().handle(context(List.of("x"), List.of(), LiteralMap.getDefaultInstance()));
    assertThat(counts.phase()).isEqualTo(TaskPhase.PERMANENT_FAILURE);
    assertThat(counts.error().getMessage()).contains("the number of input [1] and output [0] variables does not match");

    PluginTransition several = new EchoPlugin().handle(context(List.of("a", "b"), List.of("o0", "o1"),
        LiteralMap.getDefaultInstance()));
    assertThat(several.error().getMessage()).contains("more than one input variable");
  }

  @Test
  void aTaskWithoutInputsReadsNothingAndRunsNoUserCode() {
    TaskExecutionContext ctx = context(List.of(), List.of(), LiteralMap.getDefaultInstance());
    java.util.List<String> reads = new java.util.ArrayList<>();
    io.aloft.engine.data.BlobStore counting = new io.aloft.engine.data.BlobStore() {
      @Override
      public java.util.Optional<byte[]> read(String ref) {
        reads.add(ref);
        return blobs.read(ref);
      }

      @Override
      public void write(String ref, byte[] bytes) {
        blobs.write(ref, bytes);
      }

      @Override
      public boolean exists(String ref) {
        reads.add(ref);
        return blobs.exists(ref);
      }
    };
    TaskExecutionContext noInputs = new TaskExecutionContext(ctx.task(), null, null, ctx.inputsPath(), "s3://b/out/0",
        "s3://b/raw", 0, "r", false, null, TaskPhase.UNDEFINED, 0, counting, Instant.EPOCH, null);

    assertThat(new EchoPlugin().handle(noInputs)).isEqualTo(PluginTransition.succeeded());
    assertThat(reads).isEmpty();
    assertThat(outputs(noInputs)).isEqualTo(LiteralMap.getDefaultInstance());
    // the engine then looks for neither outputs nor futures
    assertThat(new EchoPlugin().runsUserCode()).isFalse();
  }

  private TaskExecutionContext context(List<String> inputs, List<String> outputs, LiteralMap values) {
    TaskTemplate task = TaskTemplate.newBuilder().setType(EchoPlugin.TYPE)
        .setInterface(TypedInterface.newBuilder().setInputs(vars(inputs)).setOutputs(vars(outputs))).build();
    blobs.writeProto("s3://b/in/inputs.pb", values);
    return new TaskExecutionContext(task, null, null, "s3://b/in/inputs.pb", "s3://b/out/0", "s3://b/raw", 0, "r",
        false, null, TaskPhase.UNDEFINED, 0, blobs, Instant.EPOCH, null);
  }

  private LiteralMap outputs(TaskExecutionContext ctx) {
    return blobs.readProto(ctx.outputsPath(), LiteralMap.parser()).orElseThrow();
  }

  private static VariableMap vars(List<String> names) {
    VariableMap.Builder b = VariableMap.newBuilder();
    names.forEach(n -> b.putVariables(n, Variable.getDefaultInstance()));
    return b.build();
  }

  private static Literal lit(long v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v)))
        .build();
  }
}
