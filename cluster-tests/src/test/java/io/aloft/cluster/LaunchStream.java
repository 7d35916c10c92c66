package io.aloft.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A steady stream of launches of one launch plan by flytekit's FlyteRemote ({@code launch_stream.py}), running in
 * its own process while a test disturbs the deployment; {@link #stop()} ends it and returns every launch's outcome.
 */
final class LaunchStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One launch: the execution name, and the error FlyteRemote raised if it failed. */
  record Launch(String name, boolean ok, String error, double seconds) {}

  private final Process process;
  private final Path stopFile;
  private final Path out;
  private final Path log;

  private LaunchStream(Process process, Path stopFile, Path out, Path log) {
    this.process = process;
    this.stopFile = stopFile;
    this.out = out;
    this.log = log;
  }

  /**
   * Starts launching {@code launchPlan} (version {@code version}) every {@code intervalSeconds}, each launch through a
   * new FlyteRemote (a new connection, so launches spread over admin's replicas behind the Service).
   */
  static LaunchStream start(Flytekit flytekit, String project, String domain, String launchPlan, String version,
      String prefix, double intervalSeconds) {
    Path dir = flytekit.workDir();
    Path stop = dir.resolve(prefix + ".stop");
    Path out = dir.resolve(prefix + ".jsonl");
    Path log = dir.resolve(prefix + ".log");
    Path script = Flytekit.REPO.resolve("cluster-tests/src/test/resources/flyteremote/launch_stream.py");
    Process p = flytekit.start(script, log, "config.yaml", project, domain, launchPlan, version, prefix,
        Double.toString(intervalSeconds), stop.toString(), out.toString(), "fresh");
    return new LaunchStream(p, stop, out, log);
  }

  /** The launches so far (the file grows as the stream goes on). */
  List<Launch> launches() {
    List<Launch> all = new ArrayList<>();
    if (!Files.exists(out)) {
      return all;
    }
    try {
      for (String line : Files.readAllLines(out)) {
        JsonNode n = JSON.readTree(line);
        all.add(new Launch(n.get("name").asText(), n.get("ok").asBoolean(),
            n.has("error") ? n.get("error").asText() : null, n.get("seconds").asDouble()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  /** Asks the stream to stop after its current launch, waits for it, and returns every launch. */
  List<Launch> stop() {
    try {
      Files.writeString(stopFile, "stop");
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the launch stream did not stop; its log:\n" + Files.readString(log));
      }
      if (process.exitValue() != 0) {
        throw new AssertionError("the launch stream failed; its log:\n" + Files.readString(log));
      }
      return launches();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
