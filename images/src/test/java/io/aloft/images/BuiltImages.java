package io.aloft.images;

import io.aloft.embedded.ImageSet;
import java.nio.file.Path;

/** The images this build made, as images.properties lists them, and where the build says things are. */
final class BuiltImages {

  /** The services' images, each on java-base: their short names. */
  static final String[] SERVICES = {"admin", "datacatalog", "propeller"};

  private BuiltImages() {}

  static ImageSet load() {
    return ImageSet.load(Path.of(property("aloft.images.dir")));
  }

  /** The project's version, the services' image tag. */
  static String version() {
    return property("aloft.version");
  }

  static Path repository() {
    return Path.of(property("aloft.repo"));
  }

  static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException("system property " + name + " is not set; run the tests through Maven"
          + " (./aloft test, or -Daloft.images=true)");
    }
    return value;
  }
}
