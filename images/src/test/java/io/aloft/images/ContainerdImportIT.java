package io.aloft.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.embedded.ImageSet;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every archive imports into a real containerd under the name the kubelet asks for, and the images run: the
 * services' Java and the flytekit commands Flyte's pods call.
 */
class ContainerdImportIT {

  private static final ImageSet IMAGES = BuiltImages.load();
  private static PrivateContainerd containerd;

  @BeforeAll
  static void importEveryImage() throws Exception {
    containerd = PrivateContainerd.start();
    for (ImageSet.Image image : IMAGES.all()) {
      containerd.ctr("images", "import", image.archive().toString());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (containerd != null) {
      containerd.close();
    }
  }

  @Test
  void everyImageIsListedUnderItsFullyQualifiedNameWithItsDigest() throws Exception {
    // `ctr images ls`: REF TYPE DIGEST SIZE PLATFORMS LABELS
    Map<String, String> digests = containerd.ctr("images", "ls").lines().skip(1)
        .map(line -> line.split("\\s+")).collect(Collectors.toMap(f -> f[0], f -> f[2], (a, b) -> a));

    assertThat(IMAGES.images()).containsKeys("java-base", "flytekit", "pause", "admin", "datacatalog", "propeller");
    for (ImageSet.Image image : IMAGES.all()) {
      assertThat(image.containerdName()).startsWith("docker.io/aloft/");
      assertThat(digests).as(image.name()).containsEntry(image.containerdName(), image.digest());
    }
  }

  @Test
  void servicesRunOnTheJlinkedJavaAsTheirUser() throws Exception {
    for (String service : BuiltImages.SERVICES) {
      String output = run(service, "sh", "-c", "id -u; java -version 2>&1");
      assertThat(output).as(service).startsWith("10001\n").contains("OpenJDK Runtime Environment");
    }
  }

  @Test
  void flytekitImageRunsFlytesTaskCommands() throws Exception {
    String version = IMAGES.image("flytekit").ref().split(":")[1];

    assertThat(run("flytekit", "python", "-c", "import flytekit; print(flytekit.__version__)")).contains(version);
    assertThat(run("flytekit", "pyflyte-fast-execute", "--help")).contains("Usage: pyflyte-fast-execute");
    assertThat(run("flytekit", "pyflyte-execute", "--help")).contains("Usage: pyflyte-execute");
  }

  private static int runs;

  /** Runs {@code command} in a new container of image {@code name} (no network, removed afterwards). */
  private static String run(String name, String... command) throws Exception {
    String[] args = {"run", "--rm", IMAGES.image(name).containerdName(), "run-" + name + "-" + runs++};
    String[] all = Arrays.copyOf(args, args.length + command.length);
    System.arraycopy(command, 0, all, args.length, command.length);
    return containerd.ctr(all);
  }
}
