package io.aloft.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An installation's own kustomize overlay on top of one of deploy/'s, written the way docs/operations.md
 * ("Installing on Kubernetes") and {@code deploy/examples/my-aloft} write it: each service's settings in its
 * {@code overrides.properties} (merged into the service's ConfigMap, read before the base's file), the credentials in
 * the Secrets (and the authentication Secrets' files), the images where the cluster finds them. The tier adds admin's
 * Service on NodePorts (gRPC, and HTTP for the token endpoint). The cluster tier
 * deploys Aloft exactly this way.
 */
final class SiteOverlay {
  private final Path repo;
  private final String baseOverlay;
  private final Map<String, Map<String, String>> properties = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
  private final Map<String, String> images = new LinkedHashMap<>();
  private final Map<String, Map<String, Path>> secretFiles = new LinkedHashMap<>();
  private int adminNodePort;
  private int adminHttpNodePort;

  SiteOverlay(Path repo, String baseOverlay) {
    this.repo = repo;
    this.baseOverlay = baseOverlay;
  }

  /** A property of {@code service} (admin, datacatalog, propeller) set to {@code value}. */
  SiteOverlay set(String service, String key, String value) {
    properties.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(key, value);
    return this;
  }

  /** A key of Secret {@code name}. */
  SiteOverlay secret(String name, String key, String value) {
    secrets.computeIfAbsent(name, s -> new LinkedHashMap<>()).put(key, value);
    return this;
  }

  /** A key of Secret {@code name} whose value is the content of {@code file} (a PEM key, say). */
  SiteOverlay secretFile(String name, String key, Path file) {
    secretFiles.computeIfAbsent(name, s -> new LinkedHashMap<>()).put(key, file);
    return this;
  }

  /** Images: {@code name} (as deploy/ names it, e.g. aloft/admin) taken from {@code ref}. */
  SiteOverlay image(String name, String ref) {
    images.put(name, ref);
    return this;
  }

  /** Admin's Service on NodePorts: gRPC on {@code grpc}, HTTP (the token endpoint) on {@code http}. */
  SiteOverlay adminNodePort(int grpc, int http) {
    this.adminNodePort = grpc;
    this.adminHttpNodePort = http;
    return this;
  }

  /**
   * Writes the overlay into {@code dir} (kustomization.yaml and the files it names); returns {@code dir}. kustomize
   * takes its bases by relative path only.
   */
  Path writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      StringBuilder k = new StringBuilder("""
          apiVersion: kustomize.config.k8s.io/v1beta1
          kind: Kustomization
          resources:
            - %s
          """.formatted(dir.toAbsolutePath().relativize(repo.resolve("deploy/overlays").resolve(baseOverlay))));
      k.append("configMapGenerator:\n");
      for (var e : properties.entrySet()) {
        StringBuilder file = new StringBuilder();
        e.getValue().forEach((key, value) -> file.append(key).append('=').append(value).append('\n'));
        Files.writeString(dir.resolve(e.getKey() + ".properties"), file);
        k.append("""
              - name: aloft-%1$s-config
                behavior: merge
                files:
                  - overrides.properties=%1$s.properties
            """.formatted(e.getKey()));
      }
      if (!secrets.isEmpty() || !secretFiles.isEmpty()) {
        k.append("secretGenerator:\n");
        for (var e : secrets.entrySet()) {
          StringBuilder env = new StringBuilder();
          e.getValue().forEach((key, value) -> env.append(key).append('=').append(value).append('\n'));
          Files.writeString(dir.resolve(e.getKey() + ".env"), env);
          k.append("""
                - name: %1$s
                  behavior: replace
                  envs:
                    - %1$s.env
              """.formatted(e.getKey()));
        }
        for (var e : secretFiles.entrySet()) {
          k.append("  - name: ").append(e.getKey()).append("\n    behavior: replace\n    files:\n");
          for (var f : e.getValue().entrySet()) {
            Path copy = dir.resolve(e.getKey() + "-" + f.getKey());
            Files.copy(f.getValue(), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            k.append("      - ").append(f.getKey()).append('=').append(copy.getFileName()).append('\n');
          }
        }
      }
      if (!images.isEmpty()) {
        k.append("images:\n");
        images.forEach((name, ref) -> {
          int colon = ref.lastIndexOf(':');
          k.append("  - name: ").append(name).append("\n    newName: ").append(ref, 0, colon)
              .append("\n    newTag: \"").append(ref.substring(colon + 1)).append("\"\n");
        });
      }
      if (adminNodePort > 0) {
        Files.writeString(dir.resolve("admin-nodeport.yaml"), """
            apiVersion: v1
            kind: Service
            metadata:
              name: aloft-admin
              namespace: aloft
            spec:
              type: NodePort
              ports:
                - name: grpc
                  port: 8089
                  nodePort: %d
                - name: http
                  port: 8088
                  nodePort: %d
            """.formatted(adminNodePort, adminHttpNodePort));
        k.append("patches:\n  - path: admin-nodeport.yaml\n");
      }
      Files.writeString(dir.resolve("kustomization.yaml"), k);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
