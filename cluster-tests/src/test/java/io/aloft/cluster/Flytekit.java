package io.aloft.cluster;

import io.aloft.sandbox.FlytekitVenv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real flytekit, as a user runs it on their machine against a deployed Aloft: the pinned virtualenv (made once
 * by {@link FlytekitVenv}), {@code pyflyte} and Python scripts using {@code FlyteRemote}, in a work directory with the
 * deployment's flytekit config.
 */
final class Flytekit {
  static final Path REPO = Path.of(System.getProperty("aloft.repo", "..")).toAbsolutePath().normalize();

  private static volatile Path venv;

  private final Path workDir;

  Flytekit(Path workDir) {
    this.workDir = workDir;
  }

  Path workDir() {
    return workDir;
  }

  static Path python() {
    if (venv == null) {
      venv = FlytekitVenv.ensure(REPO);
    }
    return venv.resolve("bin/python");
  }

  /** Runs {@code pyflyte --config config.yaml ARGS} and returns its output; fails with it unless it exits 0. */
  String pyflyte(String... args) {
    List<String> cmd = new ArrayList<>(List.of(python().getParent().resolve("pyflyte").toString(), "--config",
        "config.yaml"));
    cmd.addAll(List.of(args));
    return run(cmd, 10);
  }

  /** Runs a Python script with the venv's interpreter; returns its standard output. */
  String python(Path script, String... args) {
    List<String> cmd = new ArrayList<>(List.of(python().toString(), script.toString()));
    cmd.addAll(List.of(args));
    return run(cmd, 10);
  }

  /** Starts a Python script without waiting for it (its output goes to {@code log}). */
  Process start(Path script, Path log, String... args) {
    List<String> cmd = new ArrayList<>(List.of(python().toString(), script.toString()));
    cmd.addAll(List.of(args));
    try {
      return new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + cmd, e);
    }
  }

  private String run(List<String> cmd, int minutes) {
    try {
      // output to files, not pipes read by a pool thread: the commands can be long and chatty
      Path out = Files.createTempFile(workDir, "cmd-", ".out");
      Path err = Files.createTempFile(workDir, "cmd-", ".err");
      Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectOutput(out.toFile())
          .redirectError(err.toFile()).start();
      if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish in " + minutes + " minutes:\n"
            + Files.readString(err));
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + stdout + "\n"
            + Files.readString(err));
      }
      return stdout;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
