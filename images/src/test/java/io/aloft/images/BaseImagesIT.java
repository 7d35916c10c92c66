package io.aloft.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.embedded.ImageSet;
import io.aloft.images.OciArchive.Entry;
import io.aloft.images.OciArchive.Layer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The images scripts/build-images.sh makes from Debian packages: java-base, flytekit and pause. */
class BaseImagesIT {

  private static final ImageSet IMAGES = BuiltImages.load();
  /** SOURCE_DATE_EPOCH of scripts/build-images.sh: no file may be newer, or a rebuild would differ. */
  private static final long SOURCE_DATE_EPOCH = 1767225600L;

  @Test
  void javaBaseHasTheJlinkedRuntimeAndANonRootUser() {
    OciArchive archive = OciArchive.open(IMAGES.image("java-base").archive());
    List<Layer> layers = archive.layers();

    assertThat(layers).hasSize(2);
    assertThat(archive.runtimeConfig().path("User").asText()).isEqualTo("10001:10001");
    assertThat(archive.env()).containsEntry("JAVA_HOME", "/opt/java");
    assertThat(archive.env().get("PATH")).startsWith("/opt/java/bin:");

    Map<String, Entry> debian = byPath(archive.entries(layers.get(0)));
    assertThat(archive.text(layers.get(0), "/etc/passwd"))
        .contains("aloft:x:10001:10001::/home/aloft:/usr/sbin/nologin");
    assertThat(debian.get("/home/aloft").uid()).isEqualTo(10001);
    assertThat(debian).containsKey("/etc/ssl/certs/ca-certificates.crt");

    Map<String, Entry> java = byPath(archive.entries(layers.get(1)));
    assertThat(java.keySet()).allMatch(p -> p.equals("/opt") || p.startsWith("/opt/java"));
    assertThat(java.get("/opt/java/bin/java").mode() & 0111).isEqualTo(0111);
    // The class-data archive jlink made: the JVM maps it at start instead of parsing the JDK's classes.
    assertThat(java).containsKey("/opt/java/lib/server/classes.jsa");
    assertThat(archive.text(layers.get(1), "/opt/java/release")).contains("java.sql").doesNotContain("jdk.compiler");
  }

  @Test
  void flytekitIsLaidOutAsFlytesOwnImage() {
    ImageSet.Image image = IMAGES.image("flytekit");
    OciArchive archive = OciArchive.open(image.archive());
    List<Layer> layers = archive.layers();

    assertThat(layers).hasSize(2);
    assertThat(archive.runtimeConfig().path("User").asText()).isEqualTo("1000:1000");
    assertThat(archive.runtimeConfig().path("WorkingDir").asText()).isEqualTo("/root");
    assertThat(archive.env()).containsEntry("PYTHONPATH", "/root").containsEntry("VIRTUAL_ENV", "/opt/venv")
        .containsEntry("FLYTE_INTERNAL_IMAGE", image.ref());
    assertThat(archive.env().get("PATH")).startsWith("/opt/venv/bin:");

    // Fast-registered code is unpacked into the working directory, as the task's user.
    assertThat(byPath(archive.entries(layers.get(0))).get("/root").uid()).isEqualTo(1000);
    Map<String, Entry> venv = byPath(archive.entries(layers.get(1)));
    assertThat(venv.keySet()).allMatch(p -> p.equals("/") || p.startsWith("/opt/venv/"));
    assertThat(venv).containsKeys("/opt/venv/bin/pyflyte-fast-execute", "/opt/venv/bin/pyflyte-execute",
        "/opt/venv/bin/pyflyte");
    assertThat(venv.keySet()).anyMatch(p -> p.matches("/opt/venv/lib/python3\\.\\d+/site-packages/flytekit-"
        + image.ref().substring(image.ref().indexOf(':') + 1).replace(".", "\\.") + "\\.dist-info"));
  }

  @Test
  void pauseIsTheOneStaticBinary() {
    OciArchive archive = OciArchive.open(IMAGES.image("pause").archive());

    assertThat(archive.strings("Entrypoint")).containsExactly("/pause");
    assertThat(archive.runtimeConfig().path("User").asText()).isEqualTo("65535:65535");
    assertThat(archive.layers()).hasSize(1);
    assertThat(archive.entries(archive.layers().get(0)))
        .singleElement().satisfies(e -> {
          assertThat(e.path()).isEqualTo("/pause");
          assertThat(e.mode()).isEqualTo(0755);
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"java-base", "flytekit", "pause"})
  void layersHoldNoDeviceAndNoTimeAfterTheFixedEpoch(String name) {
    OciArchive archive = OciArchive.open(IMAGES.image(name).archive());
    for (Layer layer : archive.layers()) {
      List<Entry> entries = archive.entries(layer);
      assertThat(entries).as(layer.history()).isNotEmpty()
          .noneMatch(Entry::device)
          .allMatch(e -> e.mtimeSeconds() <= SOURCE_DATE_EPOCH);
    }
  }

  private static Map<String, Entry> byPath(List<Entry> entries) {
    return entries.stream().collect(Collectors.toMap(Entry::path, Function.identity(), (a, b) -> b));
  }
}
