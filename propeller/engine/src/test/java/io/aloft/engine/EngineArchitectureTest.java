package io.aloft.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.aloft.crd.FlyteWorkflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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

  /**
   * Changes are tracked by the status's own mutators (its dirty marks), not by comparing snapshots: a field of a
   * status class written from outside the status package would change the status without the round knowing.
   */
  @Test
  void theStatusChangesOnlyThroughItsMutators() {
    noClasses().that().resideOutsideOfPackage("io.aloft.engine.status..")
        .should().setFieldWhere(DescribedPredicate.describe("a field of a status class",
            (JavaFieldAccess a) -> a.getTargetOwner().getPackageName().equals("io.aloft.engine.status")))
        .because("a round knows its status changed from the status's dirty marks")
        .check(engine);
  }

  /** The engine reads the workflow through ExecutableWorkflow; only ExecutionContext adapts the resource to it. */
  @Test
  void theEngineReadsTheWorkflowThroughItsReadOnlyView() {
    noClasses().that().doNotHaveFullyQualifiedName(ExecutionContext.class.getName())
        .should().accessFieldWhere(DescribedPredicate.describe("a field of the workflow resource",
            (JavaFieldAccess a) -> a.getTargetOwner().isEquivalentTo(FlyteWorkflow.class)))
        .because("dynamic nodes layer their compiled workflow over the resource's through ExecutableWorkflow")
        .check(engine);
  }

  /** Small classes with visible seams: no engine source file grows past about 400 lines. */
  @Test
  void noEngineFileIsAboveFourHundredLines() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      List<String> large = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > 420)
          .map(f -> f + " (" + lines(f) + " lines)").toList();
      org.assertj.core.api.Assertions.assertThat(large).as("engine files above about 400 lines").isEmpty();
    }
  }

  private static long lines(Path f) {
    try (Stream<String> l = Files.lines(f)) {
      return l.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
