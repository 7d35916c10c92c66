package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The repository's {@code examples/} as a user runs them against a local stack: launched with the real
 * {@code pyflyte run --remote} and the flytekit config the stack writes, in pyflyte's default project
 * {@code flytesnacks}, and read back through flytekit's {@code FlyteRemote}
 * ({@code src/test/resources/flyteremote/*.py}).
 */
final class ExampleRuns {
  static final String PROJECT = "flytesnacks";
  static final String DOMAIN = "development";
  static final ObjectMapper JSON = new ObjectMapper();
  /** flyteidl core.WorkflowExecution.Phase. */
  static final int SUCCEEDED = 4;
  static final int FAILED = 6;

  private final Path work;

  private ExampleRuns(Path work) {
    this.work = work;
  }

  /** A work directory with a copy of {@code examples/} (pyflyte packages the directory above the package). */
  static ExampleRuns of(LocalStack stack, String name) throws Exception {
    Path work = Files.createTempDirectory(name);
    Files.createDirectories(work.resolve("examples"));
    try (Stream<Path> files = Files.list(Pyflyte.REPO.resolve("examples"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".py")).toList()) {
        Files.copy(f, work.resolve("examples").resolve(f.getFileName()));
      }
    }
    Files.copy(stack.flytekitConfig(), work.resolve("config.yaml"));
    return new ExampleRuns(work);
  }

  Path work() {
    return work;
  }

  /** {@code pyflyte run --remote} of {@code file}'s {@code entity} as execution {@code name}, no project given. */
  String launch(String name, String file, String entity, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Pyflyte.pyflyte(), "--config", "config.yaml", "run", "--remote",
        "--name", name, "examples/" + file, entity));
    cmd.addAll(List.of(args));
    Pyflyte.run(work, cmd);
    return name;
  }

  /** One {@code pyflyte run --remote} for {@link #launchAll}: execution {@code name} of {@code file}'s {@code entity}. */
  record Launch(String name, String file, String entity, String... args) {}

  /**
   * Every launch at once, at most three {@code pyflyte} processes at a time (each spends seconds starting Python,
   * which serial launches paid one after another); asserts each exited 0; their names, in order.
   */
  List<String> launchAll(Launch... launches) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<String>> started = new ArrayList<>();
      for (Launch l : launches) {
        started.add(pool.submit(() -> launch(l.name(), l.file(), l.entity(), l.args())));
      }
      List<String> names = new ArrayList<>();
      for (Future<String> f : started) {
        names.add(f.get(6, TimeUnit.MINUTES));
      }
      return names;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The executions as FlyteRemote sees them once done (read_executions.py's JSON), by name. */
  JsonNode readBack(String... names) throws Exception {
    List<String> args = new ArrayList<>(List.of(PROJECT, DOMAIN));
    args.addAll(List.of(names));
    return JSON.readTree(flyteRemote("read_executions.py", args));
  }

  /** Runs FlyteRemote script {@code script} with the config and {@code args}; returns what it printed. */
  String flyteRemote(String script, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Pyflyte.python().toString(),
        Path.of("src/test/resources/flyteremote/" + script).toAbsolutePath().toString(), "config.yaml"));
    cmd.addAll(args);
    // stderr to a file: a reader thread from the common ForkJoinPool would be a blocking task there
    Path err = Files.createTempFile(work, script, ".err");
    Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(6, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", script, Files.readString(err)).isZero();
    return out;
  }

  /** The execution's single output {@code o0}, after asserting it succeeded. */
  static JsonNode output(JsonNode executions, String name) {
    JsonNode ex = executions.get(name);
    assertThat(ex.get("phase").asInt()).as(name + ": " + ex.get("error")).isEqualTo(SUCCEEDED);
    assertThat(ex.get("outputs").size()).as(name).isEqualTo(1);
    return ex.get("outputs").get("o0");
  }

  /** The execution's node executions, sub-workflow nodes as parent/child. */
  static Map<String, JsonNode> nodes(JsonNode executions, String name) {
    Map<String, JsonNode> out = new TreeMap<>();
    executions.get(name).get("nodes").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
