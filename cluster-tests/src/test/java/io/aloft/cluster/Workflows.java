package io.aloft.cluster;

import static org.awaitility.Awaitility.await;

import flyteidl.core.Execution.WorkflowExecution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tier's workflows in the flytekit work directory: {@code examples/hello_world.py} as the examples ship it, and
 * {@code workflows/cluster_cases.py}, registered once with {@code pyflyte register} so launch streams can name its
 * launch plans.
 */
final class Workflows {
  static final String VERSION = "cluster-tier-v1";
  /** Launch plan names as pyflyte registers them (module path of the file, then the workflow). */
  static final String ECHO = "workflows.cluster_cases.echo_wf";
  static final String ONE_POD = "workflows.cluster_cases.one_pod_wf";

  private static volatile boolean registered;

  private Workflows() {}

  /** Copies the workflows into the work directory and registers cluster_cases (once per test plan). */
  static synchronized void register(AloftOnCluster aloft) {
    if (registered) {
      return;
    }
    Path work = aloft.flytekit().workDir();
    try {
      Files.createDirectories(work.resolve("examples"));
      Files.createDirectories(work.resolve("workflows"));
      Files.copy(Flytekit.REPO.resolve("examples/hello_world.py"), work.resolve("examples/hello_world.py"));
      Files.writeString(work.resolve("workflows/__init__.py"), "");
      Files.copy(Flytekit.REPO.resolve("cluster-tests/src/test/resources/workflows/cluster_cases.py"),
          work.resolve("workflows/cluster_cases.py"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    aloft.flytekit().pyflyte("register", "--project", AloftOnCluster.PROJECT, "--domain", AloftOnCluster.DOMAIN,
        "--version", VERSION, "--image", aloft.images().flytekit().ref(), "workflows");
    registered = true;
  }

  /** Waits until every execution is in a terminal phase; returns each one's phase. */
  static Map<String, WorkflowExecution.Phase> awaitTerminal(AdminClient admin, Collection<String> names,
      Duration timeout) {
    Map<String, WorkflowExecution.Phase> phases = new LinkedHashMap<>();
    await().atMost(timeout).pollInterval(Duration.ofSeconds(2)).until(() -> {
      for (String n : names) {
        if (!phases.containsKey(n)) {
          WorkflowExecution.Phase p = admin.phase(n);
          if (AdminClient.isTerminal(p)) {
            phases.put(n, p);
          }
        }
      }
      return phases.size() == names.size();
    });
    return phases;
  }
}
