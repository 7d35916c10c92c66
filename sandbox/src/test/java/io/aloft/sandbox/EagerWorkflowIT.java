package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 7: an {@code @eager} workflow ({@code examples/eager.py}) on a stack with random ports. Its pod's
 * flytekit launches each task call as an execution through admin, which it finds only through propeller's
 * {@code default-env-vars} ({@code FLYTE_PLATFORM_URL}: the stack's actual admin port); without them flytekit falls
 * back to its sandbox default and the workflow fails.
 */
class EagerWorkflowIT {

  @Test
  void anEagerWorkflowReachesTheStacksAdminFromItsPod() throws Exception {
    try (RunningStack running = RunningStack.start("aloft-eager")) {
      assertThat(running.stack().adminGrpcPort()).as("random ports").isNotEqualTo(8089);
      ExampleRuns examples = ExampleRuns.of(running.stack(), "aloft-eager-work");
      String name = examples.launch("eager-3", "eager.py", "eager_wf", "--x", "3");
      JsonNode executions = examples.readBack(name);
      assertThat(ExampleRuns.output(executions, name).asLong()).isEqualTo(8); // double(add_one(3))
    }
  }
}
