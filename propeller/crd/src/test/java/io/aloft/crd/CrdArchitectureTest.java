package io.aloft.crd;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The resource model is a plain library admin and propeller's engine both use: Kubernetes' model classes yes, but
 * no framework and no client.
 */
class CrdArchitectureTest {
  private final JavaClasses crd = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.aloft.crd");

  @Test
  void dependsOnNoFrameworkAndNoKubernetesClient() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "io.quarkus..", "io.fabric8.kubernetes.client..", "io.javaoperatorsdk..", "jakarta..", "io.grpc..",
            "io.smallrye..")
        .because("the model must serve admin, the engine and benchmarks alike")
        .check(crd);
  }
}
