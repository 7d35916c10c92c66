package io.aloft.propeller.plugin.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code aloft.propeller.plugins.k8s.default-env-vars} (Flyte's {@code plugins.k8s.default-env-vars}), set as an
 * installation sets it, lands in every task pod the plugin creates: how flytekit in a pod (an {@code @eager}
 * workflow, FlyteRemote in a task) learns where admin is ({@code FLYTE_PLATFORM_URL}, {@code FLYTE_PLATFORM_INSECURE}).
 */
class DefaultEnvVarsTest {
  private static final String PREFIX = "aloft.propeller.plugins.k8s.default-env-vars.";

  @Test
  void theKnobsVariablesAreInTheTaskContainersEnvironment() throws Exception {
    PodPluginSettings settings = new SmallRyeConfigBuilder().withMapping(PodPluginSettings.class)
        .withConverter(Duration.class, 200, new DurationConverter())
        .withSources(new PropertiesConfigSource(Map.of(PREFIX + "FLYTE_PLATFORM_URL", "127.0.0.1:31089",
            PREFIX + "FLYTE_PLATFORM_INSECURE", "true"), "test", 100))
        .build().getConfigMapping(PodPluginSettings.class);
    PodPluginConfig config = settings.toConfig(Duration.ofSeconds(2), Duration.ofSeconds(20));

    Pod pod = PodSpecs.build(PodTemplateBuildTest.attempt(TaskContexts.pythonTask("eager_wf"), false).ctx(), config);

    assertThat(PodTemplateBuildTest.env(pod.getSpec().getContainers().get(0)))
        .containsEntry("FLYTE_PLATFORM_URL", "127.0.0.1:31089")
        .containsEntry("FLYTE_PLATFORM_INSECURE", "true")
        .containsEntry("FLYTE_INTERNAL_EXECUTION_ID", "exec1");
  }

  @Test
  void withoutTheKnobNoPlatformVariable() throws Exception {
    Pod pod = PodSpecs.build(PodTemplateBuildTest.attempt(TaskContexts.pythonTask("eager_wf"), false).ctx(),
        PodPluginConfig.defaults());
    assertThat(PodTemplateBuildTest.env(pod.getSpec().getContainers().get(0))).doesNotContainKey("FLYTE_PLATFORM_URL");
  }
}
