package io.aloft.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Where the pinned kube-apiserver, etcd and kubectl live. They are built once from the Go module proxy by
 * {@code scripts/build-kube-binaries.sh} into a cache outside the repository:
 * {@code <tools dir>/kube-api-test/k8s/<kubernetes version>-linux-amd64/} (the layout io.fabric8:kube-api-test
 * uses, so either launcher can use the same cache).
 *
 * <p>Lookup, as in the build script: env {@code KUBE_API_TEST_DIR} if set, else {@code kube-api-test} under the
 * tools dir from system property {@code aloft.tools.dir}, env {@code ALOFT_TOOLS_DIR}, or {@code ~/.cache/aloft}.
 */
public record KubeBinaries(Path dir, String kubernetesVersion, String etcdVersion) {

  public Path apiServer() {
    return dir.resolve("kube-apiserver");
  }

  public Path etcd() {
    return dir.resolve("etcd");
  }

  public Path kubectl() {
    return dir.resolve("kubectl");
  }

  /** Locates the pinned binaries; throws {@link MissingComponentException} with the fix if any is absent. */
  public static KubeBinaries locate() {
    Properties versions = pinnedVersions();
    String k8s = versions.getProperty("kubernetes.version");
    String etcd = versions.getProperty("etcd.version");
    KubeBinaries binaries = new KubeBinaries(resolveDir(k8s), k8s, etcd);
    binaries.requirePresent();
    return binaries;
  }

  /** Throws {@link MissingComponentException}, naming the fix, unless all three binaries are executable. */
  public void requirePresent() {
    List<String> missing = new ArrayList<>();
    for (Path p : List.of(apiServer(), etcd(), kubectl())) {
      if (!Files.isExecutable(p)) {
        missing.add(p.getFileName().toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new MissingComponentException(
          "Kubernetes control-plane binaries " + missing + " (kubernetes v" + kubernetesVersion + ", etcd v"
              + etcdVersion + ") are not in " + dir + ".\n"
              + "  No registry ships them; build them once from the Go module proxy (needs Go >= 1.24):\n"
              + "    scripts/build-kube-binaries.sh\n"
              + "  or run ./aloft test, which builds them before the tests. Set ALOFT_TOOLS_DIR (or"
              + " KUBE_API_TEST_DIR) if they live elsewhere.");
    }
  }

  static Path resolveDir(String kubernetesVersion) {
    String kubeApiTestDir = System.getenv("KUBE_API_TEST_DIR");
    Path base = kubeApiTestDir != null && !kubeApiTestDir.isBlank() ? Path.of(kubeApiTestDir)
        : toolsDir().resolve("kube-api-test");
    return base.resolve("k8s").resolve(kubernetesVersion + "-linux-amd64");
  }

  /** The tools cache: system property {@code aloft.tools.dir}, env {@code ALOFT_TOOLS_DIR}, or ~/.cache/aloft. */
  public static Path toolsDir() {
    String tools = firstNonBlank(System.getProperty("aloft.tools.dir"), System.getenv("ALOFT_TOOLS_DIR"));
    return tools != null ? Path.of(tools) : Path.of(System.getProperty("user.home"), ".cache", "aloft");
  }

  /** The versions pinned in the root pom.xml (kubernetes.version, etcd.version, coredns.version). */
  static Properties pinnedVersions() {
    Properties p = new Properties();
    try (InputStream in = KubeBinaries.class.getResourceAsStream("/aloft-embedded.properties")) {
      if (in == null) {
        throw new IllegalStateException("aloft-embedded.properties missing from the classpath");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
