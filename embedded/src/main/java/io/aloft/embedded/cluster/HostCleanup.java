package io.aloft.embedded.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes what a cluster leaves on the host outside its work directory, and the work directory itself: processes
 * (containerd's shims outlive containerd), mounts (container root filesystems, pod volumes, network namespaces),
 * kubelet's and kube-proxy's iptables chains, the kubepods cgroups, and the files the kubelet writes to hard-coded
 * places. Used when a cluster stops, and at start for the leftovers of a run that was killed (a test JVM that got
 * SIGKILL runs no shutdown hook).
 */
final class HostCleanup {
  private static final Duration CMD = Duration.ofSeconds(30);
  private static final List<String> CGROUP_CONTROLLERS = List.of("blkio", "cpu,cpuacct", "cpu", "cpuacct", "cpuset",
      "devices", "freezer", "hugetlb", "memory", "net_cls", "net_prio", "perf_event", "pids", "systemd", "unified");

  private HostCleanup() {}

  /** Kills every process whose command line names {@code workDir} (shims, daemons of a dead run). */
  static void killProcessesUsing(Path workDir) {
    String marker = workDir.toString();
    long self = ProcessHandle.current().pid();
    ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self)
        .filter(p -> commandLine(p.pid()).contains(marker))
        .forEach(ProcessHandle::destroyForcibly);
  }

  /** Unmounts everything mounted under {@code dir}, deepest first; lazily, so a busy mount cannot block us. */
  static void unmountUnder(Path dir) {
    String prefix = dir.toString() + "/";
    List<String> mounts = new ArrayList<>();
    for (String line : readLines(Path.of("/proc/self/mounts"))) {
      String[] f = line.split(" ");
      if (f.length > 1) {
        String target = f[1].replace("\\040", " ");
        if (target.startsWith(prefix) || target.equals(dir.toString())) {
          mounts.add(target);
        }
      }
    }
    mounts.sort(Comparator.comparingInt(String::length).reversed());
    for (String m : mounts) {
      Commands.attempt(CMD, "umount", "-l", m);
    }
  }

  /**
   * The network namespaces containerd's CRI pinned under /run/netns ({@code cni-<uuid>}). Only called while this
   * host's cluster lock is held, so no other Aloft cluster owns them.
   */
  static void removePodNetworkNamespaces() {
    Path netns = Path.of("/run/netns");
    if (!Files.isDirectory(netns)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(netns, "cni-*")) {
      for (Path ns : ds) {
        Commands.attempt(CMD, "umount", "-l", ns.toString());
        Files.deleteIfExists(ns);
      }
    } catch (IOException e) {
      // best effort
    }
  }

  /** kube-proxy's rules ({@code kube-proxy --cleanup}) and the kubelet's own chains. */
  static void removeIptablesRules(Path kubeProxy) {
    if (Files.isExecutable(kubeProxy)) {
      Commands.attempt(CMD, kubeProxy.toString(), "--cleanup");
    }
    for (String ipt : List.of("iptables", "ip6tables")) {
      for (String chain : List.of("INPUT", "OUTPUT")) {
        while (Commands.attempt(CMD, ipt, "-D", chain, "-j", "KUBE-FIREWALL").ok()) {
          // a rule may have been added more than once
        }
      }
      Commands.attempt(CMD, ipt, "-F", "KUBE-FIREWALL");
      Commands.attempt(CMD, ipt, "-X", "KUBE-FIREWALL");
      for (String table : List.of("mangle", "nat", "filter")) {
        Commands.attempt(CMD, ipt, "-t", table, "-F", "KUBE-KUBELET-CANARY");
        Commands.attempt(CMD, ipt, "-t", table, "-X", "KUBE-KUBELET-CANARY");
      }
      Commands.attempt(CMD, ipt, "-t", "mangle", "-X", "KUBE-IPTABLES-HINT");
    }
  }

  /** The kubelet's {@code kubepods} cgroup trees, deepest first (each is empty once its containers are gone). */
  static void removeKubepodsCgroups() {
    for (String controller : CGROUP_CONTROLLERS) {
      Path root = Path.of("/sys/fs/cgroup", controller, "kubepods");
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> tree = Files.walk(root)) {
        tree.filter(Files::isDirectory).sorted(Comparator.comparingInt(p -> -p.getNameCount()))
            .forEach(p -> p.toFile().delete());
      } catch (IOException | RuntimeException e) {
        // a cgroup still holding a task cannot go; the next run's kubelet reuses it
      }
    }
  }

  /**
   * The kubelet writes device-plugin sockets and container log links to fixed paths whatever its root directory:
   * links into {@code dir} go, and the device-plugin directory if nothing else is in it.
   */
  static void removeKubeletHostFiles(Path dir) {
    Path links = Path.of("/var/log/containers");
    if (Files.isDirectory(links)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(links)) {
        for (Path l : ds) {
          if (Files.isSymbolicLink(l) && Files.readSymbolicLink(l).startsWith(dir)) {
            Files.deleteIfExists(l);
          }
        }
      } catch (IOException e) {
        // best effort
      }
    }
    Path plugins = Path.of("/var/lib/kubelet/device-plugins");
    for (Path p : List.of(plugins.resolve("kubelet.sock"), plugins.resolve("kubelet_internal_checkpoint"), plugins,
        plugins.getParent(), links)) {
      try {
        Files.deleteIfExists(p); // a directory goes only when empty
      } catch (IOException e) {
        // not empty, or in use by another kubelet: leave it
      }
    }
  }

  /** Deletes {@code dir} and everything in it (after {@link #unmountUnder}). */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(dir)) {
      tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // best effort: what is left is reported by the next start's sweep
    }
  }

  private static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static List<String> readLines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException e) {
      return List.of();
    }
  }
}
