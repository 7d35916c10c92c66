package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 item 6: the commands {@code ./aloft up} prints under "Try" run as printed, in a fresh shell that has no
 * flytekit on its PATH: each line goes to {@code bash -c} in the directory the summary names, against the running
 * stack, and succeeds (the hello-world workflow runs to success through {@code ./aloft pyflyte}).
 */
class PrintedCommandsIT {

  @Test
  void theSummarysCommandsRunAsPrintedInAShellWithoutFlytekit(@TempDir Path data) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    LocalStack.Options options = LocalStack.Options.parse("--data-dir", data.toString(), "--random-ports");
    try (LocalStack stack = new LocalStack(options, new PrintStream(printed, true, StandardCharsets.UTF_8)).start()) {
      String summary = printed.toString(StandardCharsets.UTF_8);
      List<String> lines = summary.lines().toList();
      int tryLine = lines.indexOf(lines.stream().filter(l -> l.startsWith("Try, in ")).findFirst()
          .orElseThrow(() -> new AssertionError("no Try line in\n" + summary)));
      String header = lines.get(tryLine);
      Path dir = Path.of(header.substring("Try, in ".length(), header.indexOf(" (")));
      List<String> commands = lines.subList(tryLine + 1, lines.size()).stream()
          .takeWhile(l -> l.startsWith("  ") && !l.isBlank()).map(String::strip).toList();
      assertThat(commands).as(summary).hasSize(2);
      assertThat(commands.get(0)).startsWith("./aloft pyflyte --config " + stack.flytekitConfig() + " run --remote");

      Map<String, String> env = freshShellEnv();
      Shell noPyflyte = bash(dir, env, "command -v pyflyte");
      assertThat(noPyflyte.exit()).as("pyflyte must not be on the shell's PATH: %s", noPyflyte.out()).isNotZero();

      Shell run = bash(dir, env, commands.get(0));
      assertThat(run.exit()).as(run.out()).isZero();
      assertThat(run.out()).as(run.out()).contains("has succeeded");

      Shell kubectl = bash(dir, env, commands.get(1));
      assertThat(kubectl.exit()).as(kubectl.out()).isZero();
      assertThat(kubectl.out()).contains("flytesnacks-development");
    }
  }

  /**
   * This JVM's environment as a user's login shell would have it: no virtualenv active and none on PATH; the tool
   * cache where the build put it (a user's default, {@code ~/.cache/aloft}, unless the build was told otherwise).
   */
  private static Map<String, String> freshShellEnv() {
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.remove("VIRTUAL_ENV");
    env.put("PATH", Arrays.stream(env.getOrDefault("PATH", "/usr/bin:/bin").split(":"))
        .filter(p -> !p.contains("venv")).collect(Collectors.joining(":")));
    String tools = System.getProperty("aloft.tools.dir");
    if (tools != null && !tools.isBlank()) {
      env.put("ALOFT_TOOLS_DIR", tools);
    }
    return env;
  }

  private record Shell(int exit, String out) {}

  /** {@code bash -c line} in {@code dir} with exactly {@code env}; waits up to 5 minutes. */
  private static Shell bash(Path dir, Map<String, String> env, String line) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of("bash", "-c", line))).directory(dir.toFile())
        .redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(line).isTrue();
    return new Shell(p.exitValue(), out);
  }
}
