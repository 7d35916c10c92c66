package io.aloft.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * One image read from an OCI archive (ours or Jib's): its index entry, manifest and config, and the entries of each
 * layer. Reads the archive as a registry or containerd would, from index.json down, so a test sees what they see.
 */
final class OciArchive {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One layer: its blob's digest, the digest of its uncompressed tar, and the history line that made it. */
  record Layer(String digest, String diffId, String history) {}

  /** One file, directory or link inside a layer. */
  record Entry(String path, int mode, long uid, long gid, long mtimeSeconds, boolean directory, boolean device) {}

  private final Path archive;
  private final JsonNode index;
  private final JsonNode manifest;
  private final JsonNode config;

  private OciArchive(Path archive, Map<String, byte[]> small) {
    this.archive = archive;
    this.index = read(small, "index.json");
    String manifestDigest = index.path("manifests").path(0).path("digest").asText();
    this.manifest = read(small, blobPath(manifestDigest));
    this.config = read(small, blobPath(manifest.path("config").path("digest").asText()));
  }

  /** Opens {@code archive}, keeping its small files (index, manifest, config) in memory. */
  static OciArchive open(Path archive) {
    Map<String, byte[]> small = new HashMap<>();
    try (TarArchiveInputStream tar = tar(Files.newInputStream(archive))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isFile() && e.getSize() < 1 << 20) {
          small.put(e.getName(), tar.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + archive, e);
    }
    return new OciArchive(archive, small);
  }

  /** The digest of the image's manifest: what a registry, containerd and images.properties call the image by. */
  String digest() {
    return index.path("manifests").path(0).path("digest").asText();
  }

  /** The index entry's annotations: the image's reference and, for containerd, its fully qualified name. */
  Map<String, String> annotations() {
    Map<String, String> annotations = new HashMap<>();
    index.path("manifests").path(0).path("annotations").properties()
        .forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
    return annotations;
  }

  /** The runtime config: Env, Entrypoint, Cmd, User, WorkingDir, ExposedPorts, Labels. */
  JsonNode runtimeConfig() {
    return config.path("config");
  }

  /** The environment as a map. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    runtimeConfig().path("Env").forEach(v -> {
      String[] kv = v.asText().split("=", 2);
      env.put(kv[0], kv.length > 1 ? kv[1] : "");
    });
    return env;
  }

  List<String> strings(String key) {
    List<String> values = new ArrayList<>();
    runtimeConfig().path(key).forEach(v -> values.add(v.asText()));
    return values;
  }

  /** The layers, bottom first, with the history line of each (Jib: the layer's name; ours: the command). */
  List<Layer> layers() {
    List<String> histories = new ArrayList<>();
    config.path("history").forEach(h -> {
      if (!h.path("empty_layer").asBoolean(false)) {
        histories.add(h.has("comment") ? h.path("comment").asText() : h.path("created_by").asText());
      }
    });
    List<Layer> layers = new ArrayList<>();
    JsonNode blobs = manifest.path("layers");
    for (int i = 0; i < blobs.size(); i++) {
      layers.add(new Layer(blobs.path(i).path("digest").asText(),
          config.path("rootfs").path("diff_ids").path(i).asText(), i < histories.size() ? histories.get(i) : ""));
    }
    return layers;
  }

  /** The entries of one layer, in the order of its tar. */
  List<Entry> entries(Layer layer) {
    List<Entry> entries = new ArrayList<>();
    walk(layer, (entry, tar) -> entries.add(entry));
    return entries;
  }

  /** The text of the file at {@code path} in {@code layer}. */
  String text(Layer layer, String path) {
    StringBuilder text = new StringBuilder();
    walk(layer, (entry, tar) -> {
      if (entry.path().equals(path)) {
        text.append(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
      }
    });
    return text.toString();
  }

  private interface EntryVisitor {
    void visit(Entry entry, TarArchiveInputStream tar) throws IOException;
  }

  private void walk(Layer layer, EntryVisitor visitor) {
    String path = blobPath(layer.digest());
    try (TarArchiveInputStream outer = tar(Files.newInputStream(archive))) {
      for (TarArchiveEntry e = outer.getNextEntry(); e != null; e = outer.getNextEntry()) {
        if (e.getName().equals(path)) {
          TarArchiveInputStream inner = tar(new GZIPInputStream(outer));
          for (TarArchiveEntry f = inner.getNextEntry(); f != null; f = inner.getNextEntry()) {
            visitor.visit(entryOf(f), inner);
          }
          return;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read layer " + layer.digest() + " of " + archive, e);
    }
    throw new IllegalStateException(archive + " has no blob " + path);
  }

  /** Paths as the container sees them: absolute, without tar's leading "./" or a directory's trailing "/". */
  private static Entry entryOf(TarArchiveEntry e) {
    String name = e.getName().startsWith("./") ? e.getName().substring(1) : e.getName();
    name = name.startsWith("/") ? name : "/" + name;
    if (name.length() > 1 && name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    return new Entry(name, e.getMode(), e.getLongUserId(), e.getLongGroupId(),
        e.getLastModifiedTime().toMillis() / 1000, e.isDirectory(), e.isCharacterDevice() || e.isBlockDevice());
  }

  private static TarArchiveInputStream tar(InputStream in) {
    return new TarArchiveInputStream(new BufferedInputStream(in, 1 << 16));
  }

  private static String blobPath(String digest) {
    return "blobs/sha256/" + digest.substring("sha256:".length());
  }

  private JsonNode read(Map<String, byte[]> small, String name) {
    byte[] bytes = small.get(name);
    if (bytes == null) {
      throw new IllegalStateException(archive + " has no " + name);
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(archive + ": " + name + " is not JSON", e);
    }
  }
}
