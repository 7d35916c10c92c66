package io.aloft.testkit;

import io.aloft.embedded.EmbeddedKubeApiServer;
import io.aloft.embedded.EmbeddedPostgresServer;
import io.aloft.embedded.EmbeddedS3Server;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * One real PostgreSQL, one S3 server and one kube-apiserver + etcd per test JVM, started on first use and stopped
 * when the JVM exits. Tests isolate themselves by database, bucket and namespace rather than by server, which
 * keeps a full test run to one start of each component.
 */
public final class SharedComponents {
  private static EmbeddedPostgresServer postgres;
  private static EmbeddedS3Server s3;
  private static EmbeddedKubeApiServer kube;

  private SharedComponents() {}

  public static synchronized EmbeddedPostgresServer postgres() {
    if (postgres == null) {
      postgres = EmbeddedPostgresServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "stop-postgres"));
    }
    return postgres;
  }

  public static synchronized EmbeddedS3Server s3() {
    if (s3 == null) {
      s3 = EmbeddedS3Server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(s3::close, "stop-s3"));
    }
    return s3;
  }

  public static synchronized EmbeddedKubeApiServer kubeApiServer() {
    if (kube == null) {
      kube = EmbeddedKubeApiServer.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(kube::close, "stop-kube-apiserver"));
    }
    return kube;
  }

  /** A fabric8 client for the shared API server; the caller closes it. */
  public static KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().withConfig(clientConfig(kubeApiServer())).build();
  }

  /** fabric8 client configuration for {@code server}. */
  public static Config clientConfig(EmbeddedKubeApiServer server) {
    return Config.fromKubeconfig(server.kubeconfigYaml());
  }
}
