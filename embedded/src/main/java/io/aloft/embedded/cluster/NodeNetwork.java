package io.aloft.embedded.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The node's pod network: one Linux bridge that the CNI bridge plugin plugs every pod into, with the node's own
 * address on it. The cluster binds everything pods must reach to that address: the API server (behind the
 * {@code kubernetes} Service), CoreDNS (behind {@code kube-dns}), and, in the tests, PostgreSQL and S3, which stand in
 * for a user's external database and object store. From the host the address is local, so the same URLs work for
 * host clients and for pods.
 *
 * <p>The bridge is made here, before any pod exists, because servers must bind its address before the first pod is
 * created; the bridge plugin then finds it and uses it as the pods' gateway.
 */
final class NodeNetwork {
  private static final Duration CMD = Duration.ofSeconds(20);

  private final String bridge;
  private final String nodeAddress;
  private final int prefixLength;
  private final String podCidr;

  NodeNetwork(String bridge, String nodeAddress, int prefixLength, String podCidr) {
    this.bridge = bridge;
    this.nodeAddress = nodeAddress;
    this.prefixLength = prefixLength;
    this.podCidr = podCidr;
  }

  String bridge() {
    return bridge;
  }

  String nodeAddress() {
    return nodeAddress;
  }

  String podCidr() {
    return podCidr;
  }

  /** Forwarding on (Services and pod traffic need it) and the bridge up with the node address on it. */
  void setUp() {
    sysctl("net/ipv4/ip_forward", "1");
    // Traffic between pods on the bridge must pass iptables, or a Service's DNAT back to the same bridge is missed.
    Path bridged = Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables");
    if (Files.exists(bridged)) {
      sysctl("net/bridge/bridge-nf-call-iptables", "1");
    }
    if (!Commands.attempt(CMD, "ip", "link", "show", bridge).ok()) {
      Commands.run(CMD, "ip", "link", "add", bridge, "type", "bridge");
    }
    String addresses = Commands.run(CMD, "ip", "-4", "addr", "show", "dev", bridge);
    if (!addresses.contains("inet " + nodeAddress + "/")) {
      Commands.run(CMD, "ip", "addr", "add", nodeAddress + "/" + prefixLength, "dev", bridge);
    }
    Commands.run(CMD, "ip", "link", "set", bridge, "up");
  }

  /** The CNI configuration containerd's CRI loads: the bridge with host-local addresses, and port mappings. */
  String cniConfig(Path ipamDir) {
    return """
        {
          "cniVersion": "1.0.0",
          "name": "aloft",
          "plugins": [
            {
              "type": "bridge",
              "bridge": "%s",
              "isGateway": true,
              "ipMasq": true,
              "hairpinMode": true,
              "ipam": {
                "type": "host-local",
                "ranges": [[{"subnet": "%s", "gateway": "%s"}]],
                "routes": [{"dst": "0.0.0.0/0"}],
                "dataDir": "%s"
              }
            },
            {"type": "portmap", "capabilities": {"portMappings": true}}
          ]
        }
        """.formatted(bridge, podCidr, nodeAddress, ipamDir);
  }

  /** Removes the bridge (pods are gone by now; their veths went with their network namespaces). */
  void tearDown() {
    Commands.attempt(CMD, "ip", "link", "del", bridge);
  }

  private static void sysctl(String key, String value) {
    try {
      Files.writeString(Path.of("/proc/sys").resolve(key), value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set " + key.replace('/', '.') + "=" + value
          + " (the cluster needs it; run as root)", e);
    }
  }
}
