package io.aloft.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.Literals.LiteralMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The compiler module's flytekit bundles (propeller/compiler/src/test/resources/flytekit-workflows, copied onto this
 * module's test classpath by the pom) as far as the Flyte oracle wrote FlyteWorkflow goldens for them: Flyte's
 * compiled closure, the inputs the oracle built the resource with, and the resource as Flyte's transformer wrote it.
 */
record FlytekitBundles(String name, CompiledWorkflowClosure closure, LiteralMap inputs, JsonNode flyteWorkflow) {
  static final String ROOT = "/flytekit-workflows";

  static Path root() {
    try {
      var url = FlytekitBundles.class.getResource(ROOT);
      if (url == null) {
        throw new IllegalStateException("flytekit-workflows goldens missing from the test classpath");
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every case directory that has a compiled closure (whether or not it has a FlyteWorkflow golden). */
  static List<String> casesWithClosure() {
    try (Stream<Path> dirs = Files.list(root())) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("expected-closure.pb")))
          .map(d -> d.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FlytekitBundles load(String name) {
    Path dir = root().resolve(name);
    try {
      CompiledWorkflowClosure closure =
          CompiledWorkflowClosure.parseFrom(Files.readAllBytes(dir.resolve("expected-closure.pb")));
      Path inputsFile = dir.resolve("expected-flyteworkflow-inputs.pb");
      LiteralMap inputs = Files.exists(inputsFile) ? LiteralMap.parseFrom(Files.readAllBytes(inputsFile)) : null;
      Path wfFile = dir.resolve("expected-flyteworkflow.json");
      JsonNode wf = Files.exists(wfFile) ? new ObjectMapper().readTree(wfFile.toFile()) : null;
      return new FlytekitBundles(name, closure, inputs, wf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
