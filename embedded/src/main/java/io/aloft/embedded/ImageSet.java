package io.aloft.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The container images a build made, as {@code target/images/images.properties} lists them: {@code ./aloft images},
 * or any Maven build with {@code -Daloft.images=true}. {@code scripts/build-images.sh} writes the file (the base
 * images itself, the services' Jib images through its {@code --record}); docs/operations.md, "Container images",
 * describes what is in each image.
 *
 * <p>The file has three keys per image, sorted:
 *
 * <pre>
 * admin.archive=admin.tar                  the OCI archive, relative to the file (it may be a link into the cache)
 * admin.digest=sha256:...                  the digest of the image's manifest
 * admin.ref=aloft/admin:0.1.0-SNAPSHOT     the reference the archive carries
 * </pre>
 */
public record ImageSet(Path file, Map<String, Image> images) {

  /** The file's name in the images directory. */
  public static final String FILE_NAME = "images.properties";

  /**
   * One image.
   *
   * @param name the short name: {@code admin}, {@code datacatalog}, {@code propeller}, {@code java-base},
   *     {@code flytekit}, {@code pause}
   * @param ref the reference as the archive carries it, as Kubernetes manifests name it: {@code aloft/admin:0.1.0-SNAPSHOT}
   * @param archive the OCI image archive, for {@code ctr images import} or {@code skopeo copy oci-archive:...}
   * @param digest the manifest's digest, {@code sha256:...}
   */
  public record Image(String name, String ref, Path archive, String digest) {

    /**
     * The name containerd lists the image under once imported, which is also what the kubelet looks for: a
     * reference without a registry is Docker Hub's, {@code aloft/admin:1} is {@code docker.io/aloft/admin:1}.
     */
    public String containerdName() {
      int slash = ref.indexOf('/');
      String first = slash < 0 ? "" : ref.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        return ref;
      }
      return "docker.io/" + (slash < 0 ? "library/" : "") + ref;
    }
  }

  /** Reads {@code images.properties} in {@code directory}; throws {@link MissingComponentException} if it is not there. */
  public static ImageSet load(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new MissingComponentException("No container images in " + directory + " (" + FILE_NAME + " is missing).\n"
          + "  Build them with ./aloft images (or a Maven build with -Daloft.images=true).");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return parse(file, properties);
  }

  static ImageSet parse(Path file, Properties properties) {
    Map<String, Image> images = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (String key : properties.stringPropertyNames()) {
      if (!key.endsWith(".ref")) {
        continue;
      }
      String name = key.substring(0, key.length() - ".ref".length());
      String archive = properties.getProperty(name + ".archive");
      String digest = properties.getProperty(name + ".digest");
      if (archive == null || digest == null || !digest.startsWith("sha256:")) {
        problems.add(name + " (needs " + name + ".archive and a sha256 " + name + ".digest)");
        continue;
      }
      images.put(name, new Image(name, properties.getProperty(key), file.resolveSibling(archive), digest));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(file + " has incomplete entries: " + problems);
    }
    return new ImageSet(file, Collections.unmodifiableMap(images));
  }

  /** The image called {@code name}; throws {@link MissingComponentException}, with the fix, if it was not built. */
  public Image image(String name) {
    Image image = images.get(name);
    if (image == null) {
      throw new MissingComponentException("No image '" + name + "' in " + file + " (it has " + images.keySet() + ").\n"
          + "  Build every image with ./aloft images (or a Maven build with -Daloft.images=true).");
    }
    if (!Files.isRegularFile(image.archive())) {
      throw new MissingComponentException("The archive of image '" + name + "', " + image.archive()
          + ", is gone (a cleaned cache?). Build it again with ./aloft images.");
    }
    return image;
  }

  /** Every image, by name. */
  public Collection<Image> all() {
    return images.values();
  }
}
