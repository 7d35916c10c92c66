package io.aloft.cluster;

import io.aloft.embedded.ImageSet;
import java.nio.file.Path;
import java.util.List;

/** The images {@code ./aloft images} built ({@link ImageSet}), as the cluster tier imports and deploys them. */
final class ClusterImages {
  /** The services, as deploy/ names their images. */
  static final List<String> SERVICES = List.of("admin", "datacatalog", "propeller");

  private final ImageSet set;

  private ClusterImages(ImageSet set) {
    this.set = set;
  }

  static ClusterImages load(Path repo) {
    return new ClusterImages(ImageSet.load(repo.resolve("target/images")));
  }

  ImageSet.Image pause() {
    return set.image("pause");
  }

  ImageSet.Image flytekit() {
    return set.image("flytekit");
  }

  /** What pods of the tier run: the three services and the flytekit task image. */
  List<ImageSet.Image> workload() {
    return List.of(set.image("admin"), set.image("datacatalog"), set.image("propeller"), flytekit());
  }

  ImageSet.Image service(String name) {
    return set.image(name);
  }
}
