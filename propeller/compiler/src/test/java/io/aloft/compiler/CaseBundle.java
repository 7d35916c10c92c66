package io.aloft.compiler;

import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.admin.WorkflowOuterClass.WorkflowSpec;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Tasks.TaskTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One flytekit-serialized registration bundle from src/test/resources/flytekit-workflows/&lt;case&gt;: the workflow
 * spec, the task templates and the launch plans it references, and, where the oracle produced it, the closure
 * Flyte's own compiler made of it (propeller/compiler/oracle).
 */
record CaseBundle(String name, WorkflowSpec workflow, List<TaskTemplate> tasks,
    List<LaunchPlanInterface> launchPlans, CompiledWorkflowClosure flyteClosure, List<String> flyteErrors) {

  static Path root() {
    try {
      var url = CaseBundle.class.getResource("/flytekit-workflows");
      if (url == null) {
        throw new IllegalStateException("flytekit-workflows fixtures missing from the test classpath");
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<CaseBundle> all() {
    try (Stream<Path> dirs = Files.list(root())) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("workflow.pb"))).sorted().map(CaseBundle::load).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CaseBundle named(String name) {
    return load(root().resolve(name));
  }

  static CaseBundle load(Path dir) {
    try {
      WorkflowSpec spec = WorkflowSpec.parseFrom(Files.readAllBytes(dir.resolve("workflow.pb")));
      List<TaskTemplate> tasks = new ArrayList<>();
      for (Path p : files(dir.resolve("tasks"), ".pb")) {
        tasks.add(TaskTemplate.parseFrom(Files.readAllBytes(p)));
      }
      // FlyteAdmin passes the tasks in the order compiler.GetRequirements lists them: by identifier.
      tasks.sort(java.util.Comparator.comparing((TaskTemplate t) -> t.getId().getProject())
          .thenComparing(t -> t.getId().getDomain()).thenComparing(t -> t.getId().getName())
          .thenComparing(t -> t.getId().getVersion()));
      List<LaunchPlanInterface> lps = new ArrayList<>();
      for (Path p : files(dir.resolve("launch_plans"), ".pb")) {
        if (p.getFileName().toString().endsWith(".interface.pb")) {
          continue;
        }
        LaunchPlan lp = LaunchPlan.parseFrom(Files.readAllBytes(p));
        Path ifacePath = p.resolveSibling(p.getFileName().toString().replace(".pb", ".interface.pb"));
        TypedInterface iface = TypedInterface.parseFrom(Files.readAllBytes(ifacePath));
        // As flyteadmin exposes a launch plan: its default inputs (required unless defaulted) and its workflow's outputs.
        lps.add(new LaunchPlanInterface(lp.getId(), lp.getSpec().getDefaultInputs(), iface.getOutputs()));
      }
      Path expected = dir.resolve("expected-closure.pb");
      CompiledWorkflowClosure closure = Files.exists(expected)
          ? CompiledWorkflowClosure.parseFrom(Files.readAllBytes(expected)) : null;
      Path errors = dir.resolve("expected-errors.txt");
      List<String> flyteErrors = Files.exists(errors) ? Files.readAllLines(errors) : List.of();
      return new CaseBundle(dir.getFileName().toString(), spec, tasks, lps, closure, flyteErrors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  /** Compiles the bundle's workflow with everything it ships. */
  CompiledWorkflowClosure compile() throws CompilationException {
    return WorkflowCompiler.compile(workflow.getTemplate(), workflow.getSubWorkflowsList(), tasks, launchPlans);
  }

  @Override
  public String toString() {
    return name;
  }
}
