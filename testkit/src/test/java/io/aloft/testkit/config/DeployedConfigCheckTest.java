package io.aloft.testkit.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What makes a deployment's properties file wrong for a service, with a mapping of this test's own. */
class DeployedConfigCheckTest {

  /** A service's settings, as a service declares them. */
  @ConfigMapping(prefix = "demo")
  interface DemoConfig {
    @WithDefault("10")
    int workers();

    @WithDefault("5s")
    Duration interval();
  }

  static DeployedConfigCheck check() {
    // this module's test classes: DemoConfig, and no application.properties
    return DeployedConfigCheck.forService(Path.of("target/test-classes"));
  }

  @Test
  void aGoodFileHasNoProblems(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a.properties"), """
        demo.workers=10
        demo.interval=5s
        quarkus.shutdown.timeout=20s
        """);
    assertThat(check().problems(file)).isEmpty();
  }

  @Test
  void typosBuildTimeKeysChangedDefaultsAndBadValuesAreProblems(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a.properties"), """
        demo.wrokers=10
        demo.workers=20
        demo.interval=five seconds
        quarkus.application.name=other
        quarkus.shutdwon.timeout=20s
        """);
    assertThat(String.join("\n", check().deliberately("demo.interval", "quarkus.application.name").problems(file)))
        .contains("demo.wrokers: declared by nothing")
        .contains("quarkus.shutdwon.timeout: declared by nothing")
        .contains("demo.workers=20: the code's default is 10")
        .contains("quarkus.application.name: fixed at build time")
        .contains("demo.interval").contains("five seconds");
  }

  @Test
  void pendingKeysMayBeUndeclaredUntilTheyAreDeclared(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a.properties"), """
        demo.coming=yes
        demo.workers=10
        """);
    assertThat(check().pending("demo.coming").problems(file)).isEmpty();
    assertThat(check().pending("demo.coming", "demo.workers").problems(file)).singleElement().asString()
        .contains("demo.workers: declared now").contains("remove it from the pending keys");
  }
}
