package io.aloft.propeller.plugin.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Flyte's command templating (pluginmachinery/utils/template.go) on its own. */
class PodTemplatesTest {
  static final String INPUTS = "s3://b/metadata/propeller/p-d-e1/n0/data/inputs.pb";
  static final String PREFIX = "s3://b/metadata/propeller/p-d-e1/n0/data";
  static final String OUT = "s3://b/metadata/propeller/p-d-e1/n0/data/0";
  static final String RAW = "s3://b/raw/x1/e1-n0-0";

  static Literal prim(Primitive p) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(p)).build();
  }

  static final LiteralMap INPUT_MAP = LiteralMap.newBuilder()
      .putLiterals("n", prim(Primitive.newBuilder().setInteger(42).build()))
      .putLiterals("f", prim(Primitive.newBuilder().setFloatValue(2.5).build()))
      .putLiterals("big", prim(Primitive.newBuilder().setFloatValue(1e21).build()))
      .putLiterals("s", prim(Primitive.newBuilder().setStringValue("hello world").build()))
      .putLiterals("b", prim(Primitive.newBuilder().setBoolean(true).build()))
      .putLiterals("t", prim(Primitive.newBuilder().setDatetime(
          Timestamp.newBuilder().setSeconds(1700000000).setNanos(500_000_000)).build()))
      .putLiterals("d", prim(Primitive.newBuilder().setDuration(Duration.newBuilder().setSeconds(90)).build()))
      .putLiterals("file", Literal.newBuilder().setScalar(Scalar.newBuilder()
          .setBlob(Blob.newBuilder().setUri("s3://b/data/f.csv"))).build())
      .putLiterals("xs", Literal.newBuilder().setCollection(LiteralCollection.newBuilder()
          .addLiterals(prim(Primitive.newBuilder().setInteger(1).build()))
          .addLiterals(prim(Primitive.newBuilder().setInteger(2).build()))).build())
      .putLiterals("m", Literal.newBuilder().setMap(LiteralMap.newBuilder()
          .putLiterals("k", prim(Primitive.newBuilder().setInteger(1).build()))).build())
      .build();

  static PodTemplates.Params params(String prevCheckpoint, AtomicInteger inputReads, AtomicInteger templateWrites) {
    return new PodTemplates.Params(INPUTS, PREFIX, OUT, RAW, RAW + "/_flytecheckpoints", prevCheckpoint,
        "e1-n0-0", () -> {
          inputReads.incrementAndGet();
          return INPUT_MAP;
        }, () -> {
          templateWrites.incrementAndGet();
          return PREFIX + "/task.pb";
        });
  }

  static List<String> render(String... templates) throws Exception {
    return PodTemplates.render(List.of(templates), params("", new AtomicInteger(), new AtomicInteger()));
  }

  @Test
  void aFlytekitCommandLineGetsTheAttemptsLocations() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger writes = new AtomicInteger();
    List<String> out = PodTemplates.render(List.of("pyflyte-execute", "--inputs", "{{.input}}", "--output-prefix",
        "{{.outputPrefix}}", "--raw-output-data-prefix", "{{.rawOutputDataPrefix}}", "--checkpoint-path",
        "{{.checkpointOutputPrefix}}", "--prev-checkpoint", "{{.prevCheckpointPrefix}}", "--resolver",
        "flytekit.core.python_auto_container.default_task_resolver", "--", "task-module", "wf", "task-name", "t1"),
        params("", reads, writes));
    assertThat(out).containsExactly("pyflyte-execute", "--inputs", INPUTS, "--output-prefix", OUT,
        "--raw-output-data-prefix", RAW, "--checkpoint-path", RAW + "/_flytecheckpoints", "--prev-checkpoint",
        "\"\"", "--resolver", "flytekit.core.python_auto_container.default_task_resolver", "--", "task-module", "wf",
        "task-name", "t1");
    assertThat(reads).as("inputs are read only when a template names one").hasValue(0);
    assertThat(writes).as("task.pb is written only when asked for").hasValue(0);
  }

  @Test
  void namesAreCaseAndSpaceInsensitiveAndTakeTheLegacyDollarForm() throws Exception {
    assertThat(render("{{.Input}}", "{{ .input }}", "{{$input}}", "{{  $INPUT}}", "{{.InputPrefix}}",
        "{{ .inputprefix}}", "{{.OutputPrefix}}", "{{$outputPrefix }}", "{{.RAWOUTPUTDATAPREFIX}}",
        "{{ .CheckpointOutputPrefix }}"))
        .containsExactly(INPUTS, INPUTS, INPUTS, INPUTS, PREFIX, PREFIX, OUT, OUT, RAW, RAW + "/_flytecheckpoints");
  }

  @Test
  void templatesInsideLargerArgumentsAndUnknownTemplatesStayAsTheyAre() throws Exception {
    assertThat(render("--in={{.input}}:{{.outputPrefix}}", "{{.unknown}}", "{{ .Inputs }}", "{.input}"))
        .containsExactly("--in=" + INPUTS + ":" + OUT, "{{.unknown}}", "{{ .Inputs }}", "{.input}");
  }

  @Test
  void previousCheckpointIsThePathWhenThereIsOne() throws Exception {
    assertThat(PodTemplates.render(List.of("{{.prevCheckpointPrefix}}"),
        params("s3://b/raw/zz/e1-n0-0/_flytecheckpoints", new AtomicInteger(), new AtomicInteger())))
        .containsExactly("s3://b/raw/zz/e1-n0-0/_flytecheckpoints");
  }

  @Test
  void perRetryUniqueKeyIsTheGeneratedNameAsAnIdentifier() throws Exception {
    assertThat(PodTemplates.render(List.of("{{.perRetryUniqueKey}}"), new PodTemplates.Params(INPUTS, PREFIX, OUT,
        RAW, "", "", "9abc-n0-0", () -> INPUT_MAP, () -> ""))).containsExactly("aabc_n0_0");
  }

  @Test
  void taskTemplatePathIsWrittenOnDemand() throws Exception {
    AtomicInteger writes = new AtomicInteger();
    assertThat(PodTemplates.render(List.of("--task={{.taskTemplatePath}}"), params("", new AtomicInteger(), writes)))
        .containsExactly("--task=" + PREFIX + "/task.pb");
    assertThat(writes).hasValue(1);
  }

  @Test
  void primitiveInputsAreRenderedAsGoPrintsThem() throws Exception {
    assertThat(render("{{.inputs.n}}", "{{ .Inputs.f }}", "{{$inputs.s}}", "{{.inputs.b}}", "{{.inputs.t}}",
        "{{.inputs.d}}", "{{.inputs.file}}", "{{.inputs.xs}}", "{{.inputs.big}}", "x={{.inputs.n}},{{.inputs.n}}"))
        .containsExactly("42", "2.5", "hello world", "true", "2023-11-14T22:13:20.500Z", "seconds:90",
            "s3://b/data/f.csv", "[1,2]", "1e+21", "x=42,42");
  }

  @Test
  void aMissingOrUnrenderableInputIsAnError() {
    assertThatThrownBy(() -> render("{{.inputs.nope}}")).isInstanceOf(PodTemplates.TemplateException.class)
        .hasMessageContaining("requested input is not found [nope]");
    assertThatThrownBy(() -> render("{{.inputs.m}}")).isInstanceOf(PodTemplates.TemplateException.class)
        .hasMessageContaining("failed to bind a value to inputName [m]");
  }

  @Test
  void floatsFollowGoFormatting() {
    assertThat(PodTemplates.goFloat(100.0)).isEqualTo("100");
    assertThat(PodTemplates.goFloat(0.1)).isEqualTo("0.1");
    assertThat(PodTemplates.goFloat(1e-5)).isEqualTo("1e-05");
    assertThat(PodTemplates.goFloat(-1.25e22)).isEqualTo("-1.25e+22");
    assertThat(PodTemplates.goFloat(123456789.0)).isEqualTo("1.23456789e+08");
    assertThat(PodTemplates.goFloat(123456.7)).isEqualTo("123456.7");
    assertThat(PodTemplates.goFloat(1e6)).isEqualTo("1e+06");
    assertThat(PodTemplates.goFloat(Double.NaN)).isEqualTo("NaN");
  }
}
