package io.aloft.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
  void pinnedVersionsComeFromTheBuild() {
    Path dir = KubeBinaries.resolveDir("9.9.9");
    assertThat(dir.toString()).endsWith("k8s/9.9.9-linux-amd64");
  }
}
