package io.aloft.embedded.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NodeConfigsTest {

  @Test
  void theKubeletRunsOnCgroupV1WithCgroupfsAndTheClusterDns() {
    String c = NodeConfigs.kubelet(Path.of("/w/containerd.sock"), "10.88.0.1", 10250, 10248, Path.of("/w/kubelet"),
        "10.88.0.0/16", "10.96.0.10");
    // what these machines need (real-cluster-notes): no systemd, cgroup v1, no swap accounting
    assertThat(c).contains("cgroupDriver: cgroupfs", "failCgroupV1: false", "failSwapOn: false",
        "containerRuntimeEndpoint: unix:///w/containerd.sock", "clusterDNS: [\"10.96.0.10\"]",
        "clusterDomain: cluster.local", "address: 10.88.0.1", "readOnlyPort: 0");
    // percent signs survive the formatting
    assertThat(c).contains("nodefs.available: \"2%\"");
  }

  @Test
  void kubeProxyUsesIptablesAndLeavesConntrackLimitsAlone() {
    String c = NodeConfigs.kubeProxy(Path.of("/w/kubeconfig"), "aloft-node", "10.88.0.0/16", 1, 2);
    assertThat(c).contains("mode: iptables", "clusterCIDR: 10.88.0.0/16", "hostnameOverride: aloft-node",
        "maxPerCore: 0");
  }

  @Test
  void coreDnsServesTheClusterDomainOnTheNodeAddressAndForwardsTheRest() {
    String c = NodeConfigs.corefile("10.88.0.1", Path.of("/w/kubeconfig"), "aloft-local", 3, 4);
    assertThat(c).contains("bind 10.88.0.1", "kubernetes cluster.local in-addr.arpa ip6.arpa",
        "kubeconfig /w/kubeconfig aloft-local", "forward . /etc/resolv.conf", "ready 127.0.0.1:4");
  }

  @Test
  void theDnsServiceHasNoSelectorAndItsEndpointIsTheNode() {
    String c = NodeConfigs.dnsService("10.96.0.10", "10.88.0.1");
    assertThat(c).contains("clusterIP: 10.96.0.10", "kubernetes.io/service-name: kube-dns",
        "addresses: [\"10.88.0.1\"]").doesNotContain("selector");
  }

  @Test
  void theCniConfigUsesTheNodeBridgeAsGateway() {
    String c = new NodeNetwork("aloft0", "10.88.0.1", 16, "10.88.0.0/16").cniConfig(Path.of("/w/ipam"));
    assertThat(c).contains("\"bridge\": \"aloft0\"", "\"isGateway\": true", "\"gateway\": \"10.88.0.1\"",
        "\"subnet\": \"10.88.0.0/16\"", "\"dataDir\": \"/w/ipam\"");
  }
}
