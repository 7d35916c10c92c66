package io.aloft.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.embedded.ImageSet;
import io.aloft.images.OciArchive.Entry;
import io.aloft.images.OciArchive.Layer;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The images Jib makes of admin, datacatalog and propeller: what a pod runs (entrypoint, user, environment, ports)
 * and how the Quarkus app is laid out in layers on java-base.
 */
class ServiceImagesIT {

  private static final ImageSet IMAGES = BuiltImages.load();

  /** Quarkus's fast-jar directories, least changing first, as the layer filter in the root pom.xml names them. */
  private static final List<String> APP_LAYERS = List.of("quarkus lib/boot", "quarkus lib/main", "aloft modules",
      "quarkus-run.jar", "quarkus app", "quarkus generated");

  @ParameterizedTest
  @CsvSource({"admin, 8088/tcp 8089/tcp", "datacatalog, 8090/tcp 8091/tcp", "propeller, 10254/tcp"})
  void runsTheQuarkusAppAsANonRootUserOnTheJlinkedRuntime(String name, String ports) {
    ImageSet.Image image = IMAGES.image(name);
    OciArchive archive = OciArchive.open(image.archive());

    String ref = "aloft/" + name + ":" + BuiltImages.version();
    assertThat(image.ref()).isEqualTo(ref);
    assertThat(archive.annotations())
        .containsEntry("org.opencontainers.image.ref.name", ref)
        .containsEntry("io.containerd.image.name", "docker.io/" + ref);
    assertThat(archive.digest()).isEqualTo(image.digest());

    assertThat(archive.strings("Entrypoint")).containsExactly("java", "-XX:MaxRAMPercentage=75",
        "-XX:+ExitOnOutOfMemoryError", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar",
        "/opt/aloft/quarkus-run.jar");
    assertThat(archive.runtimeConfig().path("User").asText()).isEqualTo("10001:10001");
    assertThat(archive.runtimeConfig().path("WorkingDir").asText()).isEqualTo("/opt/aloft");
    assertThat(archive.env()).containsEntry("JAVA_HOME", "/opt/java");
    assertThat(archive.env().get("PATH")).startsWith("/opt/java/bin:");
    // Settings come from the pod (env, QUARKUS_CONFIG_LOCATIONS); the image must not pin any.
    assertThat(archive.env().keySet()).noneMatch(key -> key.startsWith("QUARKUS_"));
    assertThat(archive.runtimeConfig().path("ExposedPorts").properties())
        .extracting(Map.Entry::getKey).containsExactlyInAnyOrder(ports.split(" "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"admin", "datacatalog", "propeller"})
  void laysTheFastJarOutInLayersOnJavaBase(String name) {
    OciArchive archive = OciArchive.open(IMAGES.image(name).archive());
    List<Layer> base = OciArchive.open(IMAGES.image("java-base").archive()).layers();
    List<Layer> layers = archive.layers();

    assertThat(layers.subList(0, base.size())).isEqualTo(base);
    List<Layer> app = layers.subList(base.size(), layers.size());
    assertThat(app).extracting(Layer::history).containsExactlyElementsOf(APP_LAYERS);

    assertFiles(archive, app.get(0), p -> p.startsWith("/opt/aloft/lib/boot/"));
    assertFiles(archive, app.get(1), p -> p.startsWith("/opt/aloft/lib/main/") && !p.contains("/io.aloft."));
    assertFiles(archive, app.get(2), p -> p.startsWith("/opt/aloft/lib/main/io.aloft."));
    assertFiles(archive, app.get(3), "/opt/aloft/quarkus-run.jar"::equals);
    assertFiles(archive, app.get(4), p -> p.startsWith("/opt/aloft/app/"));
    assertFiles(archive, app.get(5), p -> p.startsWith("/opt/aloft/quarkus/"));
  }

  /**
   * Every file of {@code layer} matches {@code where}, and there is at least one. Files belong to root and nobody
   * else may write them (the service's user only reads its app); Jib gives them one fixed time, as reproducibility
   * needs.
   */
  private static void assertFiles(OciArchive archive, Layer layer, Predicate<String> where) {
    List<Entry> files = archive.entries(layer).stream().filter(e -> !e.directory()).toList();
    assertThat(files).as(layer.history()).isNotEmpty();
    assertThat(files).as(layer.history()).allSatisfy(file -> {
      assertThat(file.path()).matches(where);
      assertThat(file.uid()).isZero();
      assertThat(file.gid()).isZero();
      assertThat(file.mode() & 0022).as("%s writable by others", file.path()).isZero();
      assertThat(file.mtimeSeconds()).as(file.path()).isEqualTo(1);
    });
  }
}
