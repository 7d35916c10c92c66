package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./aloft up} as users run it: the packaged launcher ({@code sandbox/target/aloft-sandbox.jar} with its
 * {@code lib/} runtime classpath, not the test classpath), started with {@code --exit-when-ready}. It must bring the
 * whole stack up and exit 0; a dependency missing from the runtime classpath fails here.
 */
class PackagedLauncherIT {

  @Test
  void thePackagedLauncherStartsTheStack(@TempDir Path data) throws Exception {
    Path jar = Path.of("target/aloft-sandbox.jar").toAbsolutePath();
    assertThat(jar).exists();
    Path log = data.resolve("launcher.out");
    Process p = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Daloft.repo=" + Pyflyte.REPO, "-Daloft.tools.dir=" + System.getProperty("aloft.tools.dir",
            System.getProperty("user.home") + "/.cache/aloft"),
        "-jar", jar.toString(), "--data-dir", data.resolve("stack").toString(), "--random-ports",
        "--no-pod-runner", "--exit-when-ready"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("launcher finished").isTrue();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("Aloft is up").contains("flytekit config");
  }
}
