package io.aloft.sandbox;

import io.aloft.embedded.MissingComponentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The pinned flytekit virtualenv that {@code scripts/flytekit-venv.sh} makes (or reuses) from the pinned
 * requirements, under the tool cache ({@code -Daloft.tools.dir}, else the script's default): the pod runner's
 * Python and the tests' {@code pyflyte}.
 */
public final class FlytekitVenv {
  static final String SCRIPT = "scripts/flytekit-venv.sh";
  static final String REQUIREMENTS = "api-protos/src/test/resources/flytekit-fixtures/requirements.txt";

  private FlytekitVenv() {}

  /** The virtualenv's directory, made from the checkout {@code repo}; fails with the fix when it cannot. */
  public static Path ensure(Path repo) {
    Path script = repo.resolve(SCRIPT);
    Path requirements = repo.resolve(REQUIREMENTS);
    if (!Files.isRegularFile(script) || !Files.isRegularFile(requirements)) {
      throw new MissingComponentException("the flytekit virtualenv needs " + script + " and " + requirements
          + " (run from the Aloft checkout), or --flytekit-venv DIR, or --no-pod-runner.");
    }
    ProcessBuilder pb = new ProcessBuilder(script.toString(), requirements.toString());
    String tools = System.getProperty("aloft.tools.dir");
    if (tools != null && !tools.isBlank()) {
      pb.environment().put("ALOFT_TOOLS_DIR", tools);
    }
    try {
      // stderr to a file, not a reader on the common ForkJoinPool (which the pod runner must not have to share)
      Path errFile = Files.createTempFile("aloft-flytekit-venv", ".log");
      pb.redirectError(errFile.toFile());
      Process p = pb.start();
      String python = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      boolean exited = p.waitFor(15, TimeUnit.MINUTES);
      String err = Files.readString(errFile).trim();
      Files.deleteIfExists(errFile);
      if (!exited || p.exitValue() != 0 || python.isEmpty()) {
        p.destroyForcibly();
        throw new MissingComponentException("the flytekit virtualenv is needed, and " + SCRIPT + " failed: " + err
            + "\nFix that (it says how), pass --flytekit-venv DIR, or start with --no-pod-runner (pods then stay"
            + " Pending).");
      }
      return Path.of(python).getParent().getParent();
    } catch (IOException e) {
      throw new MissingComponentException("cannot run " + script + " (needs bash and python3): " + e.getMessage()
          + "; pass --flytekit-venv DIR or --no-pod-runner.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
