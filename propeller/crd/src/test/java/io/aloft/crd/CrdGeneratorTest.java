package io.aloft.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed manifest is what the generator makes of the Java model, and says what ADR 0007 decided. */
class CrdGeneratorTest {
  /** Surefire runs in the module's directory. */
  static final Path DEPLOYED = Path.of("../../deploy/crds/flyteworkflow.yaml");

  @Test
  void committedManifestIsTheGeneratedOne() throws Exception {
    assertThat(Files.readString(DEPLOYED, StandardCharsets.UTF_8))
        .as("deploy/crds/flyteworkflow.yaml is stale; regenerate it with: " + CrdGenerator.REGENERATE)
        .isEqualTo(CrdGenerator.yaml());
  }

  @Test
  void embeddedManifestIsTheGeneratedOne() {
    assertThat(FlyteWorkflowCrd.yaml()).isEqualTo(CrdGenerator.yaml());
  }

  @Test
  void namesAreAloftsOwn() {
    CustomResourceDefinition crd = CrdGenerator.definition();
    assertThat(crd.getMetadata().getName()).isEqualTo("flyteworkflows.aloft.io").isEqualTo(FlyteWorkflowCrd.NAME);
    assertThat(crd.getSpec().getGroup()).isEqualTo("aloft.io");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("FlyteWorkflow");
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("flyteworkflows");
    assertThat(crd.getSpec().getNames().getSingular()).isEqualTo("flyteworkflow");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("fwf");
    assertThat(crd.getSpec().getVersions()).extracting(CustomResourceDefinitionVersion::getName)
        .containsExactly("v1alpha1");
    assertThat(FlyteWorkflow.API_VERSION).isEqualTo("aloft.io/v1alpha1");
  }

  @Test
  void statusIsASubresourceWithTypedDisplayMembers() {
    CustomResourceDefinitionVersion v = CrdGenerator.definition().getSpec().getVersions().get(0);
    assertThat(v.getSubresources().getStatus()).isNotNull();
    assertThat(v.getSubresources().getScale()).isNull();
    JSONSchemaProps status = v.getSchema().getOpenAPIV3Schema().getProperties().get("status");
    assertThat(status.getType()).isEqualTo("object");
    assertThat(status.getXKubernetesPreserveUnknownFields()).isTrue();
    assertThat(status.getProperties()).containsOnlyKeys("phase", "phaseName", "progress", "message",
        "failedAttempts");
    assertThat(status.getProperties().get("phase").getType()).isEqualTo("integer");
    assertThat(status.getProperties().get("failedAttempts").getType()).isEqualTo("integer");
    assertThat(status.getProperties().get("phaseName").getType()).isEqualTo("string");
    assertThat(status.getProperties().get("progress").getType()).isEqualTo("string");
  }

  @Test
  void rootNamesEveryMemberOfTheModelAndKeepsUnknownOnes() {
    JSONSchemaProps root = CrdGenerator.rootSchema();
    assertThat(root.getXKubernetesPreserveUnknownFields()).isTrue();
    assertThat(root.getProperties()).containsKeys("spec", "tasks", "subWorkflows", "inputs", "executionId",
        "node-defaults", "executionConfig", "workflowClosureReference", "status")
        .doesNotContainKeys("apiVersion", "kind", "metadata");
    assertThat(root.getProperties().get("acceptedAt").getType()).isEqualTo("string");
    assertThat(root.getProperties().get("activeDeadlineSeconds").getType()).isEqualTo("integer");
    JSONSchemaProps spec = root.getProperties().get("spec");
    assertThat(spec.getType()).isEqualTo("object");
    assertThat(spec.getXKubernetesPreserveUnknownFields()).isTrue();
    assertThat(spec.getNullable()).isTrue();
    assertThat(root.getProperties().values()).allSatisfy(p -> assertThat(p.getDescription()).isNotBlank());
  }

  @Test
  void printerColumnsShowPhaseProgressAgeAndOnWideProjectDomain() {
    CustomResourceDefinitionVersion v = CrdGenerator.definition().getSpec().getVersions().get(0);
    assertThat(v.getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath,
            c -> c.getPriority() == null ? 0 : c.getPriority())
        .containsExactly(
            tuple("Phase", ".status.phaseName", 0),
            tuple("Progress", ".status.progress", 0),
            tuple("Age", ".metadata.creationTimestamp", 0),
            tuple("Project", ".executionId.project", 1),
            tuple("Domain", ".executionId.domain", 1));
  }
}
