package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a new user does first: the sandbox as {@code ./aloft up} starts it (with the local pod runner; six pods at once
 * and propeller re-evaluating every 2 s, on the stack NodeKindsIT shares), then every
 * workflow in {@code examples/} launched with the real {@code pyflyte run --remote} and the flytekit config the
 * sandbox writes, in pyflyte's default project {@code flytesnacks} (which the sandbox seeds). Everything is read
 * back through flytekit's {@code FlyteRemote} ({@code src/test/resources/flyteremote/read_executions.py}): each
 * execution succeeded with the outputs its Python code computes, every task execution links to the log its pod
 * wrote, the cached example's second run was a cache hit with no pod, and the launch plan with max_parallelism 2
 * never ran more than two tasks at once.
 */
class SandboxExamplesIT {
  static final String PROJECT = ExampleRuns.PROJECT;
  /** flyteidl core.CatalogCacheStatus. */
  static final int CACHE_HIT = 2;
  static final int CACHE_POPULATED = 3;

  /**
   * The stack this test and NodeKindsIT share: six pods at once; propeller re-evaluates every 2 s rather than 10, so
   * a gate's sleep, timeout or new signal is seen within 2 s.
   */
  static final String[] STACK = {"--max-pods", "6", "--propeller", "aloft.propeller.workflow-reeval-duration=2s"};

  static RunningStack running;
  static ExampleRuns examples;

  @BeforeAll
  static void start() throws Exception {
    running = RunningStack.shared(STACK);
    examples = ExampleRuns.of(running.stack(), "aloft-examples-work");
  }

  private static String launch(String name, String file, String entity, String... args) throws Exception {
    return examples.launch(name, file, entity, args);
  }

  private static JsonNode readBack(String... names) throws Exception {
    return examples.readBack(names);
  }

  private static JsonNode output(JsonNode executions, String name) {
    return ExampleRuns.output(executions, name);
  }

  private static Map<String, JsonNode> nodes(JsonNode executions, String name) {
    return ExampleRuns.nodes(executions, name);
  }

  /** The file a local log link names, with what the pod wrote; the link must be the pod runner's log file. */
  private static String logAt(JsonNode link) throws Exception {
    assertThat(link.get("name").asText()).isEqualTo("Local Pod Logs (User)");
    Path file = Path.of(URI.create(link.get("uri").asText()));
    assertThat(file).startsWith(running.stack().dataDir().resolve("pods")).isRegularFile();
    return Files.readString(file);
  }

  private static int podsOf(String execution) {
    return running.kube().pods().inNamespace(PROJECT + "-development").withLabel("execution-id", execution).list()
        .getItems().size();
  }

  /** The most intervals [start, start + duration) that overlap at one instant. */
  static int maxOverlap(List<double[]> intervals) {
    List<double[]> points = new ArrayList<>();
    for (double[] i : intervals) {
      points.add(new double[] {i[0], 1});
      points.add(new double[] {i[0] + i[1], -1});
    }
    // ends before starts at the same instant
    points.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
    int now = 0;
    int max = 0;
    for (double[] p : points) {
      now += (int) p[1];
      max = Math.max(max, now);
    }
    return max;
  }

  @Test
  void everyExampleRunsOnTheSandboxWithRealPythonAndReadsBackThroughFlyteRemote() throws Exception {
    List<String> names = examples.launchAll(
        new ExampleRuns.Launch("ex-hello", "hello_world.py", "hello_world_wf", "--name", "Aloft"),
        new ExampleRuns.Launch("ex-chain", "chain.py", "chain_wf", "--x", "3"),
        new ExampleRuns.Launch("ex-map", "map_task.py", "map_wf", "--xs", "[1, 2, 3, 4]"),
        new ExampleRuns.Launch("ex-cached-1", "cached.py", "cached_wf", "--n", "10"),
        new ExampleRuns.Launch("ex-branch", "branch.py", "branch_wf", "--x", "7"),
        new ExampleRuns.Launch("ex-sub", "subworkflow.py", "outer_wf", "--a", "2", "--b", "5"),
        new ExampleRuns.Launch("ex-parallel", "parallel.py", "parallel_lp"));
    JsonNode ex = readBack(names.toArray(String[]::new));

    // outputs, as flytekit converts them to Python values
    assertThat(output(ex, "ex-hello").asText()).isEqualTo("Hello, Aloft!");
    assertThat(output(ex, "ex-chain").asDouble()).isEqualTo(7.5);
    assertThat(output(ex, "ex-map").asLong()).isEqualTo(30);
    assertThat(output(ex, "ex-cached-1").asLong()).isEqualTo(100);
    assertThat(output(ex, "ex-branch").asLong()).isEqualTo(22);
    assertThat(output(ex, "ex-sub").asLong()).isEqualTo(71);
    List<Long> squares = new ArrayList<>();
    output(ex, "ex-parallel").forEach(v -> squares.add(v.asLong()));
    assertThat(squares).containsExactly(1L, 4L, 9L, 16L, 25L, 36L);

    // every task execution links to the log its pod wrote on this host
    for (String name : names) {
      for (Map.Entry<String, JsonNode> n : nodes(ex, name).entrySet()) {
        if (n.getValue().get("task_executions").asInt() > 0) {
          assertThat(n.getValue().get("logs")).as(name + " " + n.getKey() + " logs").isNotEmpty();
          for (JsonNode link : n.getValue().get("logs")) {
            logAt(link);
          }
        }
      }
    }
    JsonNode helloLogs = nodes(ex, "ex-hello").get("n0").get("logs");
    assertThat(helloLogs).hasSize(1);
    assertThat(logAt(helloLogs.get(0))).contains("saying hello to Aloft");
    // the map task's four sub tasks each link their own pod's log
    List<Integer> indexes = new ArrayList<>();
    for (JsonNode link : nodes(ex, "ex-map").get("n0").get("logs")) {
      indexes.add(link.get("index").asInt());
    }
    assertThat(indexes).containsExactlyInAnyOrder(0, 1, 2, 3);
    // the sub-workflow's own tasks, nested under its node with unique ids (parent id, attempt, node id), as Flyte's
    assertThat(nodes(ex, "ex-sub").keySet()).contains("n0/n0-0-n0", "n0/n0-0-n1", "n1");

    // max_parallelism 2 on the launch plan: never more than two of the six independent tasks at once
    List<double[]> work = new ArrayList<>();
    for (Iterator<String> it = List.of("n0", "n1", "n2", "n3", "n4", "n5").iterator(); it.hasNext(); ) {
      JsonNode n = nodes(ex, "ex-parallel").get(it.next());
      work.add(new double[] {n.get("started").asDouble(), n.get("duration").asDouble()});
    }
    assertThat(maxOverlap(work)).as("tasks running at once").isBetween(1, 2);

    // the cached task ran in a pod once and populated the cache; the same inputs again hit it, with no pod
    assertThat(nodes(ex, "ex-cached-1").get("n0").get("cache_status").asInt()).isEqualTo(CACHE_POPULATED);
    assertThat(podsOf("ex-cached-1")).isEqualTo(1);
    JsonNode again = readBack(launch("ex-cached-2", "cached.py", "cached_wf", "--n", "10"));
    assertThat(output(again, "ex-cached-2").asLong()).isEqualTo(100);
    assertThat(nodes(again, "ex-cached-2").get("n0").get("cache_status").asInt()).isEqualTo(CACHE_HIT);
    assertThat(nodes(again, "ex-cached-2").get("n0").get("task_executions").asInt()).isZero();
    assertThat(podsOf("ex-cached-2")).isZero();
  }

  @Test
  void overlapCountsEndsBeforeStartsAtTheSameInstant() {
    assertThat(maxOverlap(List.of(new double[] {0, 2}, new double[] {2, 2}, new double[] {1, 2}))).isEqualTo(2);
    assertThat(maxOverlap(List.of(new double[] {0, 5}, new double[] {1, 1}, new double[] {2, 1}))).isEqualTo(2);
    assertThat(maxOverlap(List.of(new double[] {0, 5}, new double[] {1, 3}, new double[] {2, 1}))).isEqualTo(3);
  }
}
