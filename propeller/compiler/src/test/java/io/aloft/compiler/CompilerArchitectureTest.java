package io.aloft.compiler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The compiler is a plain library that admin and propeller's engine both use: no framework may leak in. */
class CompilerArchitectureTest {
  private final JavaClasses compiler = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.aloft.compiler");

  @Test
  void dependsOnNoFrameworkOrKubernetesClient() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "io.quarkus..", "io.fabric8..", "io.javaoperatorsdk..", "jakarta..", "io.grpc..", "io.smallrye..")
        .because("the compiler must run inside admin, the engine and benchmarks alike")
        .check(compiler);
  }
}
