package io.aloft.images;

import io.aloft.embedded.MissingComponentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A containerd of its own (root, state and socket in a temporary directory), so a test touches nothing of the
 * machine's. Debian's containerd 1.6 as the kubelet-probe notes run it; no CNI: containers here use the host's
 * network. Needs root, like the real cluster.
 */
final class PrivateContainerd implements AutoCloseable {

  /** The namespace the kubelet's CRI uses: images imported here are the ones a pod can run. */
  static final String NAMESPACE = "k8s.io";
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

  private final Path dir;
  private final Process process;

  private PrivateContainerd(Path dir, Process process) {
    this.dir = dir;
    this.process = process;
  }

  static PrivateContainerd start() throws IOException, InterruptedException {
    for (String tool : List.of("containerd", "ctr", "runc")) {
      if (!onPath(tool)) {
        throw new MissingComponentException(tool + " is not installed; the image tests import and run images in a"
            + " real containerd. Fix: apt-get install -y containerd runc");
      }
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new MissingComponentException("containerd must run as root to unpack images (their files belong to"
          + " several users); run the tests as root, as ./aloft test does on the project's machines.");
    }
    Path dir = Files.createTempDirectory("aloft-containerd-");
    // restrict_oom_score_adj: the machines here refuse a negative oom_score_adj (../shared/reference notes).
    Files.writeString(dir.resolve("config.toml"), """
        version = 2
        root = "%1$s/root"
        state = "%1$s/state"
        [grpc]
          address = "%1$s/containerd.sock"
        [plugins."io.containerd.grpc.v1.cri"]
          restrict_oom_score_adj = true
        [plugins."io.containerd.internal.v1.opt"]
          path = "%1$s/opt"
        """.formatted(dir));
    Process process = new ProcessBuilder("containerd", "--config", dir.resolve("config.toml").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile()).start();
    PrivateContainerd containerd = new PrivateContainerd(dir, process);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!containerd.answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String log = Files.readString(dir.resolve("containerd.log"));
        containerd.close();
        throw new IllegalStateException("containerd did not start:\n" + log);
      }
      Thread.sleep(200);
    }
    return containerd;
  }

  /** Runs {@code ctr} against this containerd in the k8s.io namespace; returns its output, or fails with it. */
  String ctr(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ctr", "--address", socket(), "--namespace", NAMESPACE));
    command.addAll(List.of(args));
    Process ctr = new ProcessBuilder(command).redirectErrorStream(true).start();
    ctr.getOutputStream().close();
    byte[] output = ctr.getInputStream().readAllBytes();
    if (!ctr.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      ctr.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT);
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (ctr.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed (" + ctr.exitValue() + "):\n" + text);
    }
    return text;
  }

  private boolean answers() throws InterruptedException {
    try {
      ctr("version");
      return true;
    } catch (IOException | IllegalStateException e) {
      return false;
    }
  }

  private String socket() {
    return dir.resolve("containerd.sock").toString();
  }

  private static boolean onPath(String tool) {
    return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
        .anyMatch(p -> Files.isExecutable(Path.of(p, tool)));
  }

  /** Stops containerd and removes everything it wrote; containers started with {@code ctr run --rm} are gone already. */
  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    // Snapshots may still be mounted if a run was cut short; unmount them (deepest first) before deleting.
    List<String> mounts = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
        .map(line -> line.split(" ")[1]).filter(m -> m.startsWith(dir.toString()))
        .sorted(Comparator.reverseOrder()).toList();
    for (String mount : mounts) {
      new ProcessBuilder("umount", "-l", mount).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (UncheckedIOException e) {
      // best effort: a leftover temporary directory is not worth failing a test for
    }
  }
}
