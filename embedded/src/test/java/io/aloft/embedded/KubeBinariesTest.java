package io.aloft.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeBinariesTest {

  @Test
  void missingBinariesFailLoudlyWithTheFix(@TempDir Path empty) {
    KubeBinaries binaries = new KubeBinaries(empty, "1.34.4", "3.6.4");

    assertThatThrownBy(binaries::requirePresent)
        .isInstanceOf(MissingComponentException.class)
        .hasMessageContaining("kube-apiserver")
        .hasMessageContaining("etcd")
        .hasMessageContaining("kubectl")
        .hasMessageContaining("scripts/build-kube-binaries.sh")
        .hasMessageContaining(empty.toString());
  }

  @Test
  void oneMissingBinaryIsNamed(@TempDir Path dir) throws Exception {
    for (String name : new String[] {"kube-apiserver", "etcd"}) {
      Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
      p.toFile().setExecutable(true);
    }

    assertThatThrownBy(() -> new KubeBinaries(dir, "1.34.4", "3.6.4").requirePresent())
        .hasMessageContaining("[kubectl]");
  }

  @Test
  void pinnedVersionsComeFromTheBuild() throws Exception {
    // The one source of truth is the root pom.xml; the launcher reads its Maven-filtered copy, the build scripts
    // read the pom itself. All three must agree, or the launcher looks for binaries the scripts never built.
    Path root = repositoryRoot();
    String pom = Files.readString(root.resolve("pom.xml"));
    String k8s = pomProperty(pom, "kubernetes.version");
    String etcd = pomProperty(pom, "etcd.version");
    Properties pinned = KubeBinaries.pinnedVersions();
    assertThat(pinned.getProperty("kubernetes.version")).isEqualTo(k8s);
    assertThat(pinned.getProperty("etcd.version")).isEqualTo(etcd);
    assertThat(pinned.getProperty("coredns.version")).isEqualTo(pomProperty(pom, "coredns.version"));
    Path kubeScript = root.resolve("scripts/build-kube-binaries.sh");
    assertThat(assignment(kubeScript, "K8S_VERSION")).contains("$(pom_prop kubernetes.version)");
    assertThat(assignment(kubeScript, "ETCD_VERSION")).contains("$(pom_prop etcd.version)");
    Path clusterScript = root.resolve("scripts/build-cluster-binaries.sh");
    assertThat(assignment(clusterScript, "K8S_VERSION")).contains("$(pom_prop kubernetes.version)");
    assertThat(assignment(clusterScript, "COREDNS_VERSION")).contains("$(pom_prop coredns.version)");

    // The binaries the launcher resolves are those versions. Missing ones fail here with the fix (locate() throws
    // MissingComponentException naming scripts/build-kube-binaries.sh): the tests need them, so no skipping.
    KubeBinaries binaries = KubeBinaries.locate();
    assertThat(binaries.kubernetesVersion()).isEqualTo(k8s);
    assertThat(binaries.etcdVersion()).isEqualTo(etcd);
    assertThat(binaries.dir().toString()).endsWith("k8s/" + k8s + "-linux-amd64");
    assertThat(run(binaries.apiServer().toString(), "--version")).contains("Kubernetes v" + k8s);
    assertThat(run(binaries.etcd().toString(), "--version")).contains("etcd Version: " + etcd);
    assertThat(run(binaries.kubectl().toString(), "version", "--client")).contains("Client Version: v" + k8s);
  }

  /** The repository root: the first directory up from the working directory holding scripts/ and pom.xml. */
  private static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("scripts/build-kube-binaries.sh"))
          && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new AssertionError("no repository root above " + Path.of("").toAbsolutePath());
  }

  /** The line of {@code script} that assigns {@code variable}. */
  private static String assignment(Path script, String variable) throws Exception {
    return Files.readAllLines(script).stream().filter(l -> l.startsWith(variable + "=")).findFirst()
        .orElseThrow(() -> new AssertionError(script + " assigns no " + variable));
  }

  private static String pomProperty(String pom, String name) {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
    assertThat(m.find()).as(name + " in the root pom.xml").isTrue();
    return m.group(1).trim();
  }

  /** The combined output of {@code command}, which must exit 0. */
  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " exits").isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }
}
