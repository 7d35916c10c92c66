package io.aloft.propeller.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.PropertiesLocationConfigSourceFactory;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's selector, namespaces and the client timeout follow propeller's settings wherever they are set, including
 * a file of {@code smallrye.config.locations} (Quarkus's {@code quarkus.config.locations}: a deployment's ConfigMap),
 * which a config source factory never saw.
 */
class ShardConfigInterceptorTest {

  /** {@code properties} as a plain source; with a {@code location}, that file loaded as Quarkus loads its locations. */
  static SmallRyeConfig config(Map<String, String> properties, Path... location) {
    Map<String, String> plain = new java.util.HashMap<>(properties);
    if (location.length > 0) {
      plain.put("smallrye.config.locations", location[0].toUri().toString());
    }
    return new SmallRyeConfigBuilder().addDefaultInterceptors().withInterceptors(new ShardConfigInterceptor())
        .withSources(new PropertiesConfigSource(plain, "test", 300))
        .withSources(new PropertiesLocationConfigSourceFactory()).build();
  }

  @Test
  void settingsInAConfigLocationFileReachTheOperatorSdkAndTheClient(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("application.properties"), """
        aloft.propeller.include-shard-key-label=0,1
        aloft.propeller.exclude-project-label=flytesnacks
        aloft.propeller.limit-namespace=team-a
        aloft.propeller.kube-client-config.timeout=45s
        """);
    SmallRyeConfig config = config(Map.of(), file);
    assertThat(config.getRawValue(ShardConfigInterceptor.SELECTOR))
        .isEqualTo("termination-status notin (terminated),shard-key in (0,1),project notin (flytesnacks)");
    assertThat(config.getRawValue(ShardConfigInterceptor.NAMESPACES)).isEqualTo("team-a");
    assertThat(clientTimeout(config)).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void withoutSettingsEveryNamespaceAndOnlyTerminatedWorkflowsLeftOut() {
    SmallRyeConfig config = config(Map.of("aloft.propeller.limit-namespace", "all"));
    assertThat(config.getRawValue(ShardConfigInterceptor.SELECTOR)).isEqualTo("termination-status notin (terminated)");
    assertThat(config.getRawValue(ShardConfigInterceptor.NAMESPACES)).isNull();
    assertThat(config.getRawValue(ShardConfigInterceptor.REQUEST_TIMEOUT)).isNull();
  }

  @Test
  void anExplicitOperatorSdkSettingWins() {
    SmallRyeConfig config = config(Map.of("aloft.propeller.limit-namespace", "team-a",
        ShardConfigInterceptor.NAMESPACES, "team-b", "aloft.propeller.kube-client-config.timeout", "2"));
    assertThat(config.getRawValue(ShardConfigInterceptor.NAMESPACES)).isEqualTo("team-b");
    assertThat(clientTimeout(config)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void theTimeoutReachesTheClientAsTheDurationWritten() {
    // as the client's key (a Quarkus duration) reads it: the guide's 30s is 30 seconds, not 30,000
    assertThat(clientTimeout(config(Map.of("aloft.propeller.kube-client-config.timeout", "30s"))))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(clientTimeout(config(Map.of("aloft.propeller.kube-client-config.timeout", "500ms"))))
        .isEqualTo(Duration.ofMillis(500));
  }

  private static Duration clientTimeout(SmallRyeConfig config) {
    return DurationConverter.parseDuration(config.getRawValue(ShardConfigInterceptor.REQUEST_TIMEOUT));
  }
}
