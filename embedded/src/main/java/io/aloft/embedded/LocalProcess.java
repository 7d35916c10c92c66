package io.aloft.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output goes to a log file; stopped with SIGTERM, then SIGKILL after 15 s, also when the
 * JVM exits without closing it.
 */
public final class LocalProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private LocalProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public static LocalProcess start(String name, List<String> command, Path log) {
    return start(name, command, Map.of(), log);
  }

  /** Like {@link #start(String, List, Path)}, with {@code env} added to this JVM's environment. */
  public static LocalProcess start(String name, List<String> command, Map<String, String> env, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      Process p = builder.start();
      LocalProcess lp = new LocalProcess(name, p, log);
      // A JVM that exits without close() (Ctrl-C, a crashed test run) must not leave control-plane processes behind.
      Runtime.getRuntime().addShutdownHook(new Thread(lp::close, "stop-" + name));
      return lp;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Throws, with the tail of the process log, if the process has exited. */
  public void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; last log lines ("
          + log + "):\n" + tail(40));
    }
  }

  /** A readiness probe; an IOException counts as "not yet". */
  public interface Probe {
    boolean ready() throws IOException;
  }

  /**
   * Polls {@code probe} every 100 ms until it answers true. Throws, with the tail of this process's log, if the
   * process exits first or {@code deadline} passes.
   */
  public void awaitReady(String what, Instant deadline, Probe probe) {
    while (true) {
      requireAlive();
      try {
        if (probe.ready()) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("timed out waiting for " + what + "; last log lines of " + log + ":\n"
            + tail(40));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** True iff a GET of {@code uri} (with an optional bearer token) answers 200. */
  public static boolean httpOk(HttpClient client, URI uri, String bearer) throws IOException {
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
    if (bearer != null) {
      rb.header("Authorization", "Bearer " + bearer);
    }
    try {
      return client.send(rb.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  public Path log() {
    return log;
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** Kills the process at once (SIGKILL, descendants too), as a node failure would, and waits for it to be gone. */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends SIGTERM, as the kubelet does to a deleted pod, and returns without waiting. */
  public void terminate() {
    process.destroy();
  }

  /** Completes with the exit code once the process has exited. */
  public java.util.concurrent.CompletableFuture<Integer> onExit() {
    return process.onExit().thenApply(Process::exitValue);
  }

  /** Waits up to {@code timeout} for the process to exit: its exit code, or empty if it still runs. */
  public OptionalInt awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
          : OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** {@code preferred} if nothing listens on it on 127.0.0.1, else a free port. */
  public static int preferredOrFreePort(int preferred) {
    try (ServerSocket s = new ServerSocket(preferred, 1, java.net.InetAddress.getLoopbackAddress())) {
      return preferred;
    } catch (IOException busy) {
      return freePort();
    }
  }

  /** A port nothing listens on right now on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
