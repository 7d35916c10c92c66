package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real flytekit for the sandbox's tests: the pinned virtualenv, the sample project, and running its CLI. */
final class Pyflyte {
  static final Path REPO = Path.of(System.getProperty("aloft.repo", "..")).toAbsolutePath().normalize();

  private Pyflyte() {}

  private static volatile Path venv;

  /**
   * The pinned flytekit venv's python (made once per test JVM by {@link FlytekitVenv}, as the local stack makes
   * it); fails loudly, with the fix, if Python or its venv module is missing.
   */
  static Path python() {
    if (venv == null) {
      venv = FlytekitVenv.ensure(REPO);
    }
    return venv.resolve("bin/python");
  }

  /** The venv's {@code pyflyte}. */
  static String pyflyte() throws Exception {
    return python().getParent().resolve("pyflyte").toString();
  }

  /**
   * A copy of the sample project ({@code src/test/resources/pyflyte-project}) in {@code dir}, with the local stack's
   * flytekit config as {@code config.yaml}; returns {@code dir}.
   */
  static Path sampleProject(Path dir, LocalStack stack) throws Exception {
    Files.createDirectories(dir.resolve("proj"));
    for (String f : List.of("__init__.py", "wf.py")) {
      Files.copy(Path.of("src/test/resources/pyflyte-project/proj", f), dir.resolve("proj").resolve(f));
    }
    Files.copy(stack.flytekitConfig(), dir.resolve("config.yaml"));
    return dir;
  }

  /** Runs {@code cmd} in {@code dir}; asserts it exits 0 within 5 minutes; returns its output. */
  static String run(Path dir, List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
