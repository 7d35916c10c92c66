package io.aloft.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine is plain Java: the operator, benchmarks and tests run it without Kubernetes or Quarkus. */
class EngineArchitectureTest {
  private final JavaClasses engine = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.aloft.engine");

  @Test
  void dependsOnNoFrameworkOrKubernetesClient() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "io.quarkus..", "io.fabric8..", "io.javaoperatorsdk..", "jakarta..", "io.smallrye..",
            "software.amazon..")
        .because("the engine must run under the operator, the in-memory store and benchmarks alike")
        .check(engine);
  }

  @Test
  void onlyTheDatacatalogCacheSpeaksGrpc() {
    noClasses().that().haveNameNotMatching("io\\.aloft\\.engine\\.cache\\.DatacatalogTaskCache(\\$.*)?")
        .should().dependOnClassesThat().resideInAnyPackage("io.grpc..")
        .because("gRPC is the datacatalog client's transport; the rest of the engine is transport-free")
        .check(engine);
  }

  @Test
  void pluginsAndDataDoNotReachIntoTheExecutor() {
    noClasses().that().resideInAnyPackage("io.aloft.engine.plugin..", "io.aloft.engine.data..",
            "io.aloft.engine.status..")
        .should().dependOnClassesThat().haveFullyQualifiedName(WorkflowExecutor.class.getName())
        .check(engine);
  }
}
