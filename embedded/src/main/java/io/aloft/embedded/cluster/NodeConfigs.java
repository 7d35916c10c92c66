package io.aloft.embedded.cluster;

import java.nio.file.Path;

/**
 * The configuration files of the node's components, each as the component's own versioned config API takes it.
 * The choices that differ from a stock kubeadm node are explained where they are made.
 */
final class NodeConfigs {
  private NodeConfigs() {}

  /**
   * KubeletConfiguration. cgroupfs because PID 1 is not systemd and the controllers are cgroup v1 (which 1.34 still
   * runs when {@code failCgroupV1} is false); no swap check and no kernel-default protection on a shared VM;
   * anonymous, always-allowed access to the kubelet API because the API server reaches it for logs and exec without
   * a client certificate (this cluster has no CA for one; it binds only the node bridge's address); eviction
   * thresholds low enough that a busy 2-core test machine does not evict the services under test.
   */
  static String kubelet(Path containerdSocket, String nodeAddress, int port, int healthzPort, Path dir,
      String podCidr, String clusterDns) {
    return """
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        cgroupDriver: cgroupfs
        containerRuntimeEndpoint: unix://%1$s
        failCgroupV1: false
        failSwapOn: false
        protectKernelDefaults: false
        cgroupsPerQOS: true
        enforceNodeAllocatable: ["pods"]
        authentication:
          anonymous: {enabled: true}
          webhook: {enabled: false}
        authorization: {mode: AlwaysAllow}
        address: %2$s
        port: %3$d
        readOnlyPort: 0
        healthzBindAddress: 127.0.0.1
        healthzPort: %4$d
        podLogsDir: %5$s/pod-logs
        volumePluginDir: %5$s/volume-plugins
        resolvConf: /etc/resolv.conf
        podCIDR: %6$s
        clusterDNS: ["%7$s"]
        clusterDomain: cluster.local
        serializeImagePulls: false
        evictionHard: {memory.available: "100Mi", nodefs.available: "2%%", imagefs.available: "2%%", nodefs.inodesFree: "1%%"}
        imageGCHighThresholdPercent: 99
        imageGCLowThresholdPercent: 98
        """.formatted(containerdSocket, nodeAddress, port, healthzPort, dir, podCidr, clusterDns);
  }

  /**
   * KubeProxyConfiguration in iptables mode (the kernel has no IPVS); conntrack limits left as the host has them
   * (writing nf_conntrack_max fails in some VMs and is not needed for a single test node).
   */
  static String kubeProxy(Path kubeconfig, String nodeName, String podCidr, int healthzPort, int metricsPort) {
    return """
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        clientConnection:
          kubeconfig: %s
        mode: iptables
        hostnameOverride: %s
        clusterCIDR: %s
        healthzBindAddress: 127.0.0.1:%d
        metricsBindAddress: 127.0.0.1:%d
        conntrack:
          maxPerCore: 0
          min: 0
        """.formatted(kubeconfig, nodeName, podCidr, healthzPort, metricsPort);
  }

  /**
   * CoreDNS: the kubernetes plugin answers for {@code cluster.local} (Services, and pods by address) from the API
   * server, everything else is forwarded to the host's resolvers. It binds only the node bridge's address: pods reach
   * it through the {@code kube-dns} Service, whose endpoint is that address.
   */
  static String corefile(String nodeAddress, Path kubeconfig, String context, int healthPort, int readyPort) {
    return """
        .:53 {
            bind %s
            errors
            health 127.0.0.1:%d
            ready 127.0.0.1:%d
            kubernetes cluster.local in-addr.arpa ip6.arpa {
                kubeconfig %s %s
                pods insecure
                fallthrough in-addr.arpa ip6.arpa
            }
            forward . /etc/resolv.conf
            cache 30
            loadbalance
        }
        """.formatted(nodeAddress, healthPort, readyPort, kubeconfig, context);
  }

  /**
   * The {@code kube-dns} Service at the cluster DNS address, with an EndpointSlice naming the node address where
   * CoreDNS runs as a host process (it has no selector: no pod backs it).
   */
  static String dnsService(String clusterDns, String nodeAddress) {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: kube-dns
          namespace: kube-system
          labels: {k8s-app: kube-dns, kubernetes.io/name: CoreDNS}
        spec:
          clusterIP: %1$s
          ports:
          - {name: dns, port: 53, protocol: UDP, targetPort: 53}
          - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: kube-dns-host
          namespace: kube-system
          labels:
            kubernetes.io/service-name: kube-dns
            endpointslice.kubernetes.io/managed-by: aloft-embedded-cluster
        addressType: IPv4
        endpoints:
        - addresses: ["%2$s"]
          conditions: {ready: true}
        ports:
        - {name: dns, port: 53, protocol: UDP}
        - {name: dns-tcp, port: 53, protocol: TCP}
        """.formatted(clusterDns, nodeAddress);
  }
}
