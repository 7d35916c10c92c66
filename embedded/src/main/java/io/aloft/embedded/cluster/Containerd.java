package io.aloft.embedded.cluster;

import io.aloft.embedded.LocalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Debian's containerd with its own root, state directory and socket under the cluster's work directory, so nothing
 * system-wide is touched and several runs never share state. The CRI plugin is what the kubelet talks to.
 *
 * <p>Two settings are specific to these machines (../shared/reference/real-cluster-notes.md):
 * {@code restrict_oom_score_adj}, because the VM drops CAP_SYS_RESOURCE and runc fails to start a pod sandbox that
 * asks for a negative OOM score; and cgroupfs (not systemd) cgroups, because PID 1 is not systemd and the
 * controllers are cgroup v1.
 */
final class Containerd implements AutoCloseable {
  /** Kubernetes' containerd namespace: images must be imported here for the kubelet to see them. */
  static final String K8S_NAMESPACE = "k8s.io";

  private final Path dir;
  private LocalProcess process;

  Containerd(Path dir) {
    this.dir = dir;
  }

  Path socket() {
    return dir.resolve("containerd.sock");
  }

  /** Writes the configuration and starts containerd; returns once its API answers. */
  void start(String sandboxImage, Path cniConfDir, Instant deadline) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("config.toml"), config(sandboxImage, cniConfDir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    process = LocalProcess.start("containerd",
        List.of("containerd", "--config", dir.resolve("config.toml").toString()), dir.resolve("containerd.log"));
    process.awaitReady("containerd", deadline,
        () -> Files.exists(socket()) && ctr(Duration.ofSeconds(5), "version").ok());
  }

  private String config(String sandboxImage, Path cniConfDir) {
    return """
        version = 2
        root = "%1$s/root"
        state = "%1$s/state"
        [grpc]
          address = "%2$s"
        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "%3$s"
          restrict_oom_score_adj = true
          [plugins."io.containerd.grpc.v1.cri".containerd]
            snapshotter = "overlayfs"
            default_runtime_name = "runc"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                SystemdCgroup = false
                BinaryName = "/usr/sbin/runc"
          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "%4$s"
            conf_dir = "%5$s"
        [plugins."io.containerd.internal.v1.opt"]
          path = "%1$s/opt"
        """.formatted(dir, socket(), sandboxImage, HostPrerequisites.CNI_BIN, cniConfDir);
  }

  /** Imports an image archive (OCI layout or {@code docker save} tarball) where the kubelet finds it. */
  void importImage(Path archive) {
    Commands.Result r = ctr(Duration.ofMinutes(5), "images", "import", archive.toString());
    if (!r.ok()) {
      throw new IllegalStateException("ctr images import " + archive + " failed:\n" + r.output());
    }
  }

  /** The names of the images in the Kubernetes namespace. */
  List<String> images() {
    Commands.Result r = ctr(Duration.ofSeconds(30), "images", "ls", "-q");
    return r.output().lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }

  private Commands.Result ctr(Duration timeout, String... args) {
    String[] cmd = new String[args.length + 5];
    cmd[0] = "ctr";
    cmd[1] = "--address";
    cmd[2] = socket().toString();
    cmd[3] = "--namespace";
    cmd[4] = K8S_NAMESPACE;
    System.arraycopy(args, 0, cmd, 5, args.length);
    return Commands.attempt(timeout, cmd);
  }

  boolean isRunning() {
    return process != null && process.isAlive();
  }

  Path log() {
    return dir.resolve("containerd.log");
  }

  /** Stops containerd. Containers it started live on in their shims: stop pod sandboxes first (crictl). */
  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }
}
