package io.aloft.cluster;

import io.aloft.embedded.MissingComponentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The images {@code ./aloft images} built, as the cluster tier imports and deploys them. */
final class ClusterImages {
  /** One image: the name deploy/ uses for it (e.g. {@code aloft/admin}), its full reference, its archive. */
  record Image(String name, String ref, Path archive) {}

  private final List<Image> all;

  private ClusterImages(List<Image> all) {
    this.all = all;
  }

  static ClusterImages load(Path repo) {
    Path dir = repo.resolve("target/images");
    if (!Files.isDirectory(dir)) {
      throw new MissingComponentException("no images in " + dir + ": run ./aloft images (./aloft test builds them)");
    }
    throw new UnsupportedOperationException("pending: images.properties format");
  }

  Image pause() {
    return named("aloft/pause");
  }

  Image flytekit() {
    return named("aloft/flytekit");
  }

  /** admin, datacatalog and propeller. */
  List<Image> services() {
    return List.of(named("aloft/admin"), named("aloft/datacatalog"), named("aloft/propeller"));
  }

  /** Everything but the pause image. */
  List<Image> workload() {
    return all.stream().filter(i -> !i.name().equals("aloft/pause")).toList();
  }

  private Image named(String name) {
    return all.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow(
        () -> new MissingComponentException("image " + name + " was not built: run ./aloft images"));
  }
}
