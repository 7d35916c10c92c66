package io.aloft.embedded.cluster;

import io.aloft.embedded.MissingComponentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What this host must provide before a kubelet can run pods here: root, the container runtime and CNI plugins
 * from Debian's packages, iptables for kube-proxy and the kubelet, and cgroups. Each miss is reported with its fix,
 * all at once; nothing is installed from here ({@code ./aloft test} installs the packages on a fresh machine).
 */
public final class HostPrerequisites {
  /** Debian packages (bookworm) the cluster needs; {@code ./aloft} installs the same list. */
  public static final List<String> PACKAGES = List.of("containerd", "runc", "containernetworking-plugins",
      "iptables", "conntrack");

  static final Path CNI_BIN = Path.of("/usr/lib/cni");

  private HostPrerequisites() {}

  /** Throws {@link MissingComponentException} listing every missing prerequisite with how to get it. */
  public static void check() {
    List<String> problems = new ArrayList<>();
    if (!isRoot()) {
      problems.add("the cluster runs containerd, a kubelet and kube-proxy, which need root (mounts, cgroups, network"
          + " namespaces, iptables). Run as root, e.g. `sudo -E ./aloft test` (README: \"Running as a non-root user\").");
    }
    requireCommand(problems, "containerd", "/usr/bin/containerd");
    requireCommand(problems, "runc", "/usr/sbin/runc");
    requireCommand(problems, "ctr", "/usr/bin/ctr");
    requireCommand(problems, "iptables", "/usr/sbin/iptables");
    requireCommand(problems, "conntrack", "/usr/sbin/conntrack");
    for (String plugin : List.of("bridge", "host-local", "loopback", "portmap")) {
      if (!Files.isExecutable(CNI_BIN.resolve(plugin))) {
        problems.add("CNI plugin " + CNI_BIN.resolve(plugin) + " is missing.");
      }
    }
    if (!Files.isDirectory(Path.of("/sys/fs/cgroup/memory")) && !Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
      problems.add("no memory cgroup controller under /sys/fs/cgroup: the kubelet cannot enforce pod limits.");
    }
    if (!problems.isEmpty()) {
      throw new MissingComponentException("the single-node cluster cannot start on this host:\n  - "
          + String.join("\n  - ", problems)
          + "\n  Fix (Debian/Ubuntu, as root): apt-get install -y " + String.join(" ", PACKAGES)
          + "\n  (./aloft test installs them itself when it runs as root; ./aloft doctor lists what is missing.)");
    }
  }

  static boolean isRoot() {
    try {
      // "Uid:  real  effective  saved  fs": the effective uid decides.
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[2].equals("0"));
    } catch (IOException e) {
      return false;
    }
  }

  private static void requireCommand(List<String> problems, String name, String path) {
    if (!Files.isExecutable(Path.of(path))) {
      problems.add(name + " (" + path + ") is not installed.");
    }
  }
}
