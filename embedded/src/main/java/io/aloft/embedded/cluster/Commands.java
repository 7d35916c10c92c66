package io.aloft.embedded.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short host commands (ip, ctr, iptables, crictl) to completion and returns what they printed. */
public final class Commands {
  private Commands() {}

  /** The outcome of one command: exit code and combined output. */
  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs {@code command}; throws, with its output, unless it exits 0 within {@code timeout}. */
  public static String run(Duration timeout, String... command) {
    Result r = attempt(timeout, command);
    if (!r.ok()) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + r.exitCode() + ":\n" + r.output());
    }
    return r.output();
  }

  /** Runs {@code command} and reports how it ended, without throwing on a non-zero exit. */
  public static Result attempt(Duration timeout, String... command) {
    Path log = null;
    try {
      // Output goes to a file, not a pipe: a hung command must not block us past the timeout.
      log = Files.createTempFile("aloft-cmd-", ".log");
      Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
          .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      return done ? new Result(p.exitValue(), out) : new Result(-1, "timed out after " + timeout + "\n" + out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (log != null) {
        log.toFile().delete();
      }
    }
  }
}
