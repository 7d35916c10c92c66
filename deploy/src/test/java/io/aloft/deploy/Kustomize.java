package io.aloft.deploy;

import io.aloft.embedded.KubeBinaries;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Renders kustomizations with the pinned kubectl's built-in kustomize, as {@code kubectl apply -k} would. */
final class Kustomize {
  /** The two files of each service's ConfigMap: the base's settings, and an installation's (read first). */
  static final String APPLICATION = "application.properties";
  static final String OVERRIDES = "overrides.properties";

  private Kustomize() {}

  /** The deploy/ directory of this checkout. */
  static Path deployDir() {
    return Path.of(System.getProperty("aloft.deploy.dir", ".")).toAbsolutePath().normalize();
  }

  /** The YAML {@code kubectl kustomize} prints for {@code dir} (relative to deploy/). */
  static String yaml(String dir) {
    return Kubectl.run(null, "kustomize", deployDir().resolve(dir).toString());
  }

  /** The objects {@code dir} renders to. */
  static Rendering render(String dir) {
    String yaml = yaml(dir);
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      List<HasMetadata> items = client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
          .items();
      return new Rendering(dir, yaml, items);
    }
  }

  /** What one kustomization renders to, with the lookups the tests need. */
  record Rendering(String dir, String yaml, List<HasMetadata> items) {
    <T extends HasMetadata> List<T> all(Class<T> kind) {
      return items.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> kind, String name) {
      return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError(dir + " renders no " + kind.getSimpleName() + " " + name));
    }

    /**
     * The settings Deployment {@code name} reads from its ConfigMap (volume "config"): overrides.properties over
     * application.properties, as QUARKUS_CONFIG_LOCATIONS lists them.
     */
    Properties properties(String deployment) {
      String configMap = named(io.fabric8.kubernetes.api.model.apps.Deployment.class, deployment).getSpec()
          .getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals("config")).findFirst()
          .orElseThrow(() -> new AssertionError(deployment + " has no volume named config")).getConfigMap()
          .getName();
      Map<String, String> data = named(ConfigMap.class, configMap).getData();
      Properties p = new Properties();
      try {
        for (String file : List.of(APPLICATION, OVERRIDES)) {
          if (!data.containsKey(file)) {
            throw new AssertionError("ConfigMap " + configMap + " has no " + file);
          }
          p.load(new StringReader(data.get(file)));
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return p;
    }
  }

  /** The pinned kubectl. */
  static final class Kubectl {
    private Kubectl() {}

    /** Runs kubectl ({@code kubeconfig} may be null) and returns its stdout; a failure throws with stderr. */
    static String run(Path kubeconfig, String... args) {
      Result r = call(kubeconfig, args);
      if (r.exit() != 0) {
        throw new AssertionError("kubectl " + String.join(" ", args) + " failed (" + r.exit() + "):\n" + r.err());
      }
      return r.out();
    }

    record Result(int exit, String out, String err) {}

    static Result call(Path kubeconfig, String... args) {
      List<String> cmd = new java.util.ArrayList<>();
      cmd.add(KubeBinaries.locate().kubectl().toString());
      if (kubeconfig != null) {
        cmd.add("--kubeconfig=" + kubeconfig);
      }
      cmd.addAll(List.of(args));
      try {
        java.io.File err = java.io.File.createTempFile("kubectl", ".err");
        try {
          Process p = new ProcessBuilder(cmd).redirectError(err).start();
          String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 120 s");
          }
          return new Result(p.exitValue(), out, java.nio.file.Files.readString(err.toPath()));
        } finally {
          err.delete();
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
