package io.aloft.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.embedded.ImageSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two builds from the same inputs give the same image digests. */
class ReproducibleImagesIT {

  private static final ImageSet IMAGES = BuiltImages.load();

  /**
   * This module's build made admin's image a second time from admin's build output and the same java-base, with
   * an empty layer cache (images/pom.xml): every application layer compressed again, every file stamped again.
   */
  @Test
  void jibMakesTheSameServiceImageTwice() {
    Path second = Path.of(BuiltImages.property("aloft.reproduced.admin"));

    assertThat(OciArchive.open(second).digest()).isEqualTo(IMAGES.image("admin").digest());
  }

  /**
   * scripts/build-images.sh again, into an empty cache: mmdebstrap, useradd and jlink (java-base), the layer tars
   * and the archive writer (both) must give the same bytes. The downloaded .debs and the pause binary are shared
   * with the first build: the inputs, not what is made of them.
   */
  @Test
  void theBaseImagesScriptMakesTheSameImagesTwice(@TempDir Path tools) throws Exception {
    Path firstTools = Path.of(BuiltImages.property("aloft.tools.dir"));
    Files.createDirectories(tools.resolve("images"));
    Files.createSymbolicLink(tools.resolve("cluster"), firstTools.resolve("cluster"));
    Files.createSymbolicLink(tools.resolve("images/debs"), firstTools.resolve("images/debs"));
    Path out = tools.resolve("out");

    ProcessBuilder build = new ProcessBuilder(BuiltImages.repository().resolve("scripts/build-images.sh").toString(),
        "java-base", "pause").redirectErrorStream(true);
    build.environment().put("ALOFT_TOOLS_DIR", tools.toString());
    build.environment().put("ALOFT_IMAGES_DIR", out.toString());
    build.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = build.start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(log).isTrue();
    assertThat(process.exitValue()).as(log).isZero();

    try {
      ImageSet second = ImageSet.load(out);
      for (String name : new String[] {"java-base", "pause"}) {
        assertThat(second.image(name).archive().toRealPath()).as(name).startsWith(tools.toRealPath());
        assertThat(second.image(name).digest()).as(name).isEqualTo(IMAGES.image(name).digest());
        assertThat(Files.mismatch(second.image(name).archive(), IMAGES.image(name).archive())).as(name).isEqualTo(-1);
      }
    } finally {
      // The links go before @TempDir cleans up, so it never has to decide whether to follow them.
      Files.delete(tools.resolve("cluster"));
      Files.delete(tools.resolve("images/debs"));
    }
  }
}
