package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.admin.ProjectOuterClass.ProjectRegisterRequest;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.Literal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a new user does first: the sandbox as {@code ./aloft up} starts it (with the local pod runner), then every
 * workflow in {@code examples/} launched with the real {@code pyflyte run --remote} and the flytekit config the
 * sandbox writes. Real Python runs every task on this host; data goes through the sandbox's S3. Each execution must
 * succeed with the outputs the Python code computes; the cached example's second run creates no pod.
 */
class SandboxExamplesIT {
  static final String PROJECT = "examples";
  static RunningStack running;
  static Path work;

  @BeforeAll
  static void start() throws Exception {
    running = RunningStack.start("aloft-examples", "--max-pods", "4",
        "--propeller", "aloft.propeller.workflow-reeval-duration=2s");
    running.admin().registerProject(ProjectRegisterRequest.newBuilder()
        .setProject(Project.newBuilder().setId(PROJECT).setName("Examples")).build());
    // the examples alone (pyflyte packages the directory above the package for fast registration)
    work = Files.createTempDirectory("aloft-examples-work");
    Files.createDirectories(work.resolve("examples"));
    try (Stream<Path> files = Files.list(Pyflyte.REPO.resolve("examples"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".py")).toList()) {
        Files.copy(f, work.resolve("examples").resolve(f.getFileName()));
      }
    }
    Files.copy(running.stack().flytekitConfig(), work.resolve("config.yaml"));
  }

  @AfterAll
  static void stop() {
    if (running != null) {
      running.close();
    }
  }

  /** {@code pyflyte run --remote} of {@code file}'s {@code entity} as execution {@code name}; returns its id. */
  private static WorkflowExecutionIdentifier launch(String name, String file, String entity, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Pyflyte.pyflyte(), "--config", "config.yaml", "run", "--remote",
        "--project", PROJECT, "--domain", "development", "--name", name, "examples/" + file, entity));
    cmd.addAll(List.of(args));
    Pyflyte.run(work, cmd);
    return WorkflowExecutionIdentifier.newBuilder().setProject(PROJECT).setDomain("development").setName(name)
        .build();
  }

  private static Literal output(WorkflowExecutionIdentifier id) throws Exception {
    WorkflowExecution.Phase phase = Flows.await(running.admin(), id, Duration.ofMinutes(4));
    assertThat(phase).as(id.getName() + ": " + running.admin().getExecution(WorkflowExecutionGetRequest
        .newBuilder().setId(id).build()).getClosure().getError().getMessage())
        .isEqualTo(WorkflowExecution.Phase.SUCCEEDED);
    var outputs = running.admin().getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(id).build())
        .getFullOutputs().getLiteralsMap();
    assertThat(outputs).as(id.getName()).containsOnlyKeys("o0");
    return outputs.get("o0");
  }

  private static long integer(Literal l) {
    return l.getScalar().getPrimitive().getInteger();
  }

  private static int podsOf(String execution) {
    return running.kube().pods().inNamespace(PROJECT + "-development").withLabel("execution-id", execution).list()
        .getItems().size();
  }

  @Test
  void everyExampleRunsOnTheSandboxWithRealPython() throws Exception {
    Map<String, WorkflowExecutionIdentifier> ids = new LinkedHashMap<>();
    ids.put("hello", launch("ex-hello", "hello_world.py", "hello_world_wf", "--name", "Aloft"));
    ids.put("chain", launch("ex-chain", "chain.py", "chain_wf", "--x", "3"));
    ids.put("map", launch("ex-map", "map_task.py", "map_wf", "--xs", "[1, 2, 3, 4]"));
    ids.put("cached", launch("ex-cached-1", "cached.py", "cached_wf", "--n", "10"));
    ids.put("branch", launch("ex-branch", "branch.py", "branch_wf", "--x", "7"));
    ids.put("sub", launch("ex-sub", "subworkflow.py", "outer_wf", "--a", "2", "--b", "5"));
    ids.put("parallel", launch("ex-parallel", "parallel.py", "parallel_lp"));

    assertThat(output(ids.get("hello")).getScalar().getPrimitive().getStringValue()).isEqualTo("Hello, Aloft!");
    assertThat(output(ids.get("chain")).getScalar().getPrimitive().getFloatValue()).isEqualTo(7.5);
    assertThat(integer(output(ids.get("map")))).isEqualTo(30);
    assertThat(integer(output(ids.get("cached")))).isEqualTo(100);
    assertThat(integer(output(ids.get("branch")))).isEqualTo(22);
    assertThat(integer(output(ids.get("sub")))).isEqualTo(71);
    assertThat(output(ids.get("parallel")).getCollection().getLiteralsList()).extracting(SandboxExamplesIT::integer)
        .containsExactly(1L, 4L, 9L, 16L, 25L, 36L);
    assertThat(running.admin().getExecution(WorkflowExecutionGetRequest.newBuilder().setId(ids.get("parallel"))
        .build()).getSpec().getMaxParallelism()).isEqualTo(2);

    // the cached task ran in a pod once; the same inputs again come from datacatalog, with no pod
    assertThat(podsOf("ex-cached-1")).isEqualTo(1);
    WorkflowExecutionIdentifier again = launch("ex-cached-2", "cached.py", "cached_wf", "--n", "10");
    assertThat(integer(output(again))).isEqualTo(100);
    assertThat(podsOf("ex-cached-2")).isZero();
  }
}
