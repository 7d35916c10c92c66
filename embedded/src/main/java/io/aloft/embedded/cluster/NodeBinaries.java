package io.aloft.embedded.cluster;

import io.aloft.embedded.KubeBinaries;
import io.aloft.embedded.MissingComponentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the node's own binaries live: kubelet, kube-proxy, kube-scheduler, kube-controller-manager, CoreDNS, the
 * pause binary and crictl, built once by {@code scripts/build-cluster-binaries.sh} into
 * {@code <tools dir>/cluster/<kubernetes version>-linux-amd64/}. The control plane's kube-apiserver, etcd and
 * kubectl stay where {@link KubeBinaries} finds them.
 */
public record NodeBinaries(Path dir, String kubernetesVersion) {
  static final List<String> NAMES = List.of("kubelet", "kube-proxy", "kube-scheduler", "kube-controller-manager",
      "coredns", "pause", "crictl");

  public Path kubelet() {
    return dir.resolve("kubelet");
  }

  public Path kubeProxy() {
    return dir.resolve("kube-proxy");
  }

  public Path scheduler() {
    return dir.resolve("kube-scheduler");
  }

  public Path controllerManager() {
    return dir.resolve("kube-controller-manager");
  }

  public Path coredns() {
    return dir.resolve("coredns");
  }

  /** The static pause binary, the process every pod sandbox holds its namespaces with. */
  public Path pause() {
    return dir.resolve("pause");
  }

  /** The CRI client, to stop pod sandboxes (with their network) when the cluster stops. */
  public Path crictl() {
    return dir.resolve("crictl");
  }

  /** Locates the binaries of the pinned Kubernetes version; throws with the fix if any is missing. */
  public static NodeBinaries locate() {
    String version = KubeBinaries.locate().kubernetesVersion();
    NodeBinaries b = new NodeBinaries(KubeBinaries.toolsDir().resolve("cluster").resolve(version + "-linux-amd64"),
        version);
    b.requirePresent();
    return b;
  }

  /** Throws {@link MissingComponentException}, naming the build script, unless every binary is executable. */
  public void requirePresent() {
    List<String> missing = new ArrayList<>();
    for (String name : NAMES) {
      if (!Files.isExecutable(dir.resolve(name))) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new MissingComponentException("the single-node cluster's binaries " + missing + " (kubernetes v"
          + kubernetesVersion + ") are not in " + dir + ".\n"
          + "  No registry ships them; build them once from the Go module proxy (needs Go and gcc):\n"
          + "    scripts/build-cluster-binaries.sh\n"
          + "  or run ./aloft test, which builds them. Set ALOFT_TOOLS_DIR if they live elsewhere.");
    }
  }
}
