package io.aloft.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSetTest {

  @Test
  void readsEachImageWithItsArchiveBesideTheFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("admin.tar"), "archive");
    Files.writeString(dir.resolve(ImageSet.FILE_NAME), """
        # comment
        admin.archive=admin.tar
        admin.digest=sha256:abc
        admin.ref=aloft/admin:0.1.0-SNAPSHOT
        pause.archive=pause.tar
        pause.digest=sha256:def
        pause.ref=registry.example.com:5000/aloft/pause:3.10
        """);

    ImageSet set = ImageSet.load(dir);

    assertThat(set.images()).containsOnlyKeys("admin", "pause");
    ImageSet.Image admin = set.image("admin");
    assertThat(admin.ref()).isEqualTo("aloft/admin:0.1.0-SNAPSHOT");
    assertThat(admin.archive()).isEqualTo(dir.resolve("admin.tar"));
    assertThat(admin.digest()).isEqualTo("sha256:abc");
    assertThat(admin.containerdName()).isEqualTo("docker.io/aloft/admin:0.1.0-SNAPSHOT");
    assertThat(set.images().get("pause").containerdName()).isEqualTo("registry.example.com:5000/aloft/pause:3.10");
  }

  @Test
  void aMissingFileOrImageNamesTheFix(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ImageSet.load(dir))
        .isInstanceOf(MissingComponentException.class)
        .hasMessageContaining("./aloft images");

    Files.writeString(dir.resolve(ImageSet.FILE_NAME), "pause.archive=pause.tar\npause.digest=sha256:d\npause.ref=p:1\n");
    ImageSet set = ImageSet.load(dir);
    assertThatThrownBy(() -> set.image("admin"))
        .isInstanceOf(MissingComponentException.class)
        .hasMessageContaining("[pause]");
    assertThatThrownBy(() -> set.image("pause"))
        .isInstanceOf(MissingComponentException.class)
        .hasMessageContaining("pause.tar");
  }

  @Test
  void anIncompleteEntryIsRefused(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(ImageSet.FILE_NAME), "admin.ref=aloft/admin:1\nadmin.archive=admin.tar\n");

    assertThatThrownBy(() -> ImageSet.load(dir)).hasMessageContaining("admin");
  }
}
