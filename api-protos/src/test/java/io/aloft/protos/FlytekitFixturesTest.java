package io.aloft.protos;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.TaskOuterClass.TaskCreateRequest;
import flyteidl.admin.TaskOuterClass.TaskSpec;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.admin.WorkflowOuterClass.WorkflowSpec;
import flyteidl.core.Workflow.Node;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wire compatibility with the real flytekit: messages that flytekit (PyPI, pinned in
 * src/test/resources/flytekit-fixtures/requirements.txt) serialized, as `pyflyte register` sends them, decode into
 * our Java classes with nothing left over (no unknown fields anywhere in the tree) and re-encode to the same bytes.
 */
class FlytekitFixturesTest {
  private static final String DIR = "/flytekit-fixtures/";

  /** The message types flytekit's fixtures are declared as in MANIFEST.txt. */
  private static final Map<String, Parser<? extends Message>> PARSERS = Map.of(
      "flyteidl.admin.TaskSpec", TaskSpec.parser(),
      "flyteidl.admin.TaskCreateRequest", TaskCreateRequest.parser(),
      "flyteidl.admin.WorkflowSpec", WorkflowSpec.parser(),
      "flyteidl.admin.WorkflowCreateRequest", WorkflowCreateRequest.parser(),
      "flyteidl.admin.LaunchPlanSpec", LaunchPlanSpec.parser(),
      "flyteidl.admin.LaunchPlanCreateRequest", LaunchPlanCreateRequest.parser());

  record Fixture(String file, String messageType, int size, String sha256) {
    @Override
    public String toString() {
      return file + " (" + messageType + ")";
    }
  }

  static List<Fixture> manifest() throws IOException {
    List<Fixture> fixtures = new ArrayList<>();
    for (String line : new String(read("MANIFEST.txt")).split("\n")) {
      if (line.isBlank() || line.startsWith("#") || !line.contains(".pb ")) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      fixtures.add(new Fixture(f[0], f[1], Integer.parseInt(f[2]), f[3]));
    }
    return fixtures;
  }

  private static byte[] read(String name) throws IOException {
    try (InputStream in = FlytekitFixturesTest.class.getResourceAsStream(DIR + name)) {
      assertThat(in).as("fixture %s on the test classpath", name).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void manifestCoversTaskWorkflowAndLaunchPlan() throws IOException {
    assertThat(manifest()).extracting(Fixture::messageType).containsExactlyInAnyOrderElementsOf(PARSERS.keySet());
    assertThat(new String(read("MANIFEST.txt"))).contains("flyteidl 1.16.5");
  }

  @ParameterizedTest
  @MethodSource("manifest")
  void decodesWithEveryFieldKnownAndReencodesToTheSameBytes(Fixture fixture) throws Exception {
    byte[] bytes = read(fixture.file());
    assertThat(bytes).hasSize(fixture.size());
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
        .as("fixture unchanged since flytekit wrote it").isEqualTo(fixture.sha256());

    Message message = PARSERS.get(fixture.messageType()).parseFrom(bytes);

    assertThat(message.getDescriptorForType().getFullName()).isEqualTo(fixture.messageType());
    assertThat(unknownFieldPaths(message, fixture.messageType())).as("fields our classes do not know").isEmpty();
    assertThat(message.toByteArray()).as("round trip").isEqualTo(bytes);
  }

  @Test
  void taskCarriesFlytekitsCacheRetryAndInterfaceSettings() throws IOException {
    TaskSpec spec = TaskSpec.parseFrom(read("task.pb"));
    var template = spec.getTemplate();

    assertThat(template.getId().getName()).isEqualTo("generate_fixtures.summarize_orders");
    assertThat(template.getType()).isEqualTo("python-task");
    assertThat(template.getMetadata().getDiscoverable()).isTrue();
    assertThat(template.getMetadata().getDiscoveryVersion()).isEqualTo("1.0");
    assertThat(template.getMetadata().getCacheSerializable()).isTrue();
    assertThat(template.getMetadata().getCacheIgnoreInputVarsList()).containsExactly("label");
    assertThat(template.getMetadata().getRetries().getRetries()).isEqualTo(3);
    assertThat(template.getMetadata().getTimeout().getSeconds()).isEqualTo(600);
    assertThat(template.getInterface().getInputs().getVariablesMap()).containsKeys("batch", "count", "label", "values");
    assertThat(template.getInterface().getOutputs().getVariablesMap()).containsKeys("report", "total");
    assertThat(template.getContainer().getResources().getRequestsList()).isNotEmpty();
  }

  @Test
  void workflowHasABranchWithElseFailAMapTaskAndASubWorkflow() throws IOException {
    WorkflowSpec spec = WorkflowSpec.parseFrom(read("workflow.pb"));
    List<Node> nodes = spec.getTemplate().getNodesList();

    assertThat(nodes).filteredOn(Node::hasBranchNode).singleElement()
        .satisfies(n -> assertThat(n.getBranchNode().getIfElse().hasError()).isTrue());
    assertThat(nodes).filteredOn(Node::hasArrayNode).singleElement()
        .satisfies(n -> assertThat(n.getArrayNode().getParallelism()).isEqualTo(4));
    assertThat(nodes).filteredOn(n -> n.hasWorkflowNode() && n.getWorkflowNode().hasSubWorkflowRef()).hasSize(1);
    assertThat(spec.getSubWorkflowsList()).extracting(w -> w.getId().getName())
        .containsExactly("generate_fixtures.normalize_wf");
  }

  @Test
  void launchPlanCarriesInputsParallelismLabelsAndRawOutputConfig() throws IOException {
    LaunchPlanSpec spec = LaunchPlanSpec.parseFrom(read("launch_plan.pb"));

    assertThat(spec.getWorkflowId().getName()).isEqualTo("generate_fixtures.order_pipeline");
    assertThat(spec.getMaxParallelism()).isEqualTo(8);
    assertThat(spec.getDefaultInputs().getParametersMap()).isNotEmpty();
    assertThat(spec.getFixedInputs().getLiteralsMap()).isNotEmpty();
    assertThat(spec.getLabels().getValuesMap()).isNotEmpty();
    assertThat(spec.getAnnotations().getValuesMap()).isNotEmpty();
    assertThat(spec.getRawOutputDataConfig().getOutputLocationPrefix()).isNotEmpty();
  }

  @Test
  void theUnknownFieldCheckSeesFieldsAClassDoesNotDeclare() throws IOException {
    // Decoding a task as an older message shape leaves its fields unknown; the check must notice.
    Message older = flyteidl.core.IdentifierOuterClass.Identifier.parseFrom(read("task.pb"));
    assertThat(unknownFieldPaths(older, "task")).isNotEmpty();
    assertThat(unknownFieldPaths(com.google.protobuf.Empty.parseFrom(read("workflow.pb")), "wf")).isNotEmpty();
  }

  /** Paths of every message in the tree that carries fields its descriptor does not declare. */
  static List<String> unknownFieldPaths(Message message, String path) {
    List<String> found = new ArrayList<>();
    if (!message.getUnknownFields().asMap().isEmpty()) {
      found.add(path + " " + message.getUnknownFields().asMap().keySet());
    }
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor field = e.getKey();
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      Stream<?> values = field.isRepeated() ? ((List<?>) e.getValue()).stream() : Stream.of(e.getValue());
      values.forEach(v -> found.addAll(unknownFieldPaths((Message) v, path + "." + field.getName())));
    }
    return found;
  }
}
